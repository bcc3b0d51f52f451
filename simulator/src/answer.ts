// What n8n's answer to a simulated callback means, in plain words, and whether it is the answer
// the simulation expected (a genuine callback is accepted, a forged one refused with 401).

export interface Explanation {
	asExpected: boolean;
	lines: string[];
}

export function explainAnswer(
	answer: { status: number; text: string },
	context: { forged: boolean; url: string; event: string },
): Explanation {
	const { status, text } = answer;
	const forgedNote =
		'The forged callback started nothing: this is what n8n answers to anyone without your keys.';
	if (status >= 200 && status < 300) {
		if (context.forged) {
			return {
				asExpected: false,
				lines: [
					"Accepted, but it was FORGED: the trigger did not check the signature. Is this URL really one of this package's triggers?",
				],
			};
		}
		if (text.includes('"duplicate"')) {
			return {
				asExpected: true,
				lines: [
					'Verified, but not run again: the trigger already received this notification (same order and event). Leave out --order-id, or give a new one.',
				],
			};
		}
		if (text.includes('"event_not_selected"')) {
			return {
				asExpected: true,
				lines: [
					`Verified, but ignored: "${context.event}" is not among the events chosen in the trigger's Events field.`,
				],
			};
		}
		return {
			asExpected: true,
			lines: [
				"Accepted: the trigger verified the callback and started the workflow. Open the workflow's Executions to see the item.",
			],
		};
	}
	switch (status) {
		case 401:
			return context.forged
				? { asExpected: true, lines: [`Refused with 401, as it should be. ${forgedNote}`] }
				: {
						asExpected: false,
						lines: [
							'Refused with 401: the signature or token did not match, so nothing started.',
							'Give the simulator exactly the keys saved in the n8n credential the trigger uses (same environment, no extra spaces).',
						],
					};
		case 403:
			return {
				asExpected: false,
				lines: [
					"Refused with 403: this computer's address is not in the trigger's IP Allowlist option.",
				],
			};
		case 404:
			return {
				asExpected: false,
				lines: [
					context.url.includes('/webhook-test/')
						? 'n8n answered 404: a Test URL only works while the editor listens. Click "Listen for test event" (or "Execute workflow") first, then send within 2 minutes.'
						: 'n8n answered 404: no active workflow listens at this URL. Activate (publish) the workflow, and copy the Production URL from the trigger node.',
				],
			};
		case 400:
			return {
				asExpected: false,
				lines: ['Refused with 400: the trigger could not read the callback.'],
			};
		case 503:
			return {
				asExpected: false,
				lines: [
					"Refused with 503: the trigger's credential has no keys. Open the credential in n8n, fill in the keys and save.",
				],
			};
		default:
			return {
				asExpected: false,
				lines: [
					`n8n answered ${status}, which the trigger never does on its own: check n8n's log.`,
				],
			};
	}
}
