import { z } from 'zod/v4';

import type { Rejection } from './pipeline';
import type { ProviderEvent } from './provider';
import { WindowedTally, type TallyReport } from './windowedTally';

/**
 * The event a user selects to see refused callbacks. Never part of "all events": a refusal is not a
 * notification from the provider, and most forged traffic should start nothing.
 */
export const CALLBACK_REFUSED_EVENT: ProviderEvent = {
	id: 'callback_refused',
	name: 'Callback Refused',
	description:
		'A callback was refused (wrong key or signature, unreadable, or from an address not allowed). At most one execution a minute; it counts the refusals since the last one. Not included when no event is selected.',
};

/** At most one refusal execution per trigger in this window. */
export const REFUSAL_REPORT_INTERVAL_MS = 60_000;

/**
 * What a "Callback Refused" execution receives. Only what explains the refusal: nothing the caller
 * sent (no token, signature, key or payload), since none of it was verified.
 */
export const refusalItemSchema = z
	.object({
		provider: z.string().describe('Which trigger refused the callback'),
		event: z.literal(CALLBACK_REFUSED_EVENT.id).describe('Always "callback_refused"'),
		verified: z.literal(false).describe('Always false: nothing in a refused callback was verified'),
		statusCode: z
			.union([z.literal(400), z.literal(401), z.literal(403)])
			.describe('The HTTP status the caller got'),
		error: z.string().describe('The error code the caller got, e.g. "unauthorized"'),
		message: z.string().describe('Why the callback was refused, as the caller was told'),
		clientIp: z.string().nullable().describe("The caller's address as n8n saw it"),
		receivedAt: z.iso
			.datetime()
			.describe('When n8n received this refused callback (ISO 8601, UTC)'),
		refusedCount: z
			.number()
			.int()
			.positive()
			.describe(
				'How many callbacks were refused since the last "Callback Refused" execution, this one included',
			),
		firstRefusedAt: z.iso
			.datetime()
			.describe('When the first of those refusals arrived (ISO 8601, UTC)'),
	})
	.strict();

export type RefusalItem = z.infer<typeof refusalItemSchema>;

/**
 * The "Callback Refused" item for a refusal the tally let through. The tally (`refusalReportTally`)
 * counts refused callbacks per trigger node in this n8n process and lets one through per
 * REFUSAL_REPORT_INTERVAL_MS. In memory, not in static data: a forged callback never writes to the
 * workflow, so a flood of them costs n8n no database writes. With several webhook processes (queue
 * mode), each one reports at this rate.
 */
export function refusalItem(
	refusal: Rejection,
	report: TallyReport,
	{ provider, clientIp, now }: { provider: string; clientIp: string | undefined; now: Date },
): RefusalItem {
	return {
		provider,
		event: 'callback_refused',
		verified: false,
		statusCode: refusal.statusCode,
		error: refusal.error,
		message: refusal.message,
		clientIp: clientIp ?? null,
		receivedAt: now.toISOString(),
		refusedCount: report.count,
		firstRefusedAt: new Date(report.firstAt).toISOString(),
	};
}

/** At most one warning per trigger node and kind of refusal in this window; the others go to debug. */
export const REFUSAL_LOG_INTERVAL_MS = 60_000;

/** The tallies of one n8n process: refusal executions per trigger, warnings per trigger and kind. */
export const refusalReportTally = () => new WindowedTally(REFUSAL_REPORT_INTERVAL_MS);
export const refusalWarningTally = () => new WindowedTally(REFUSAL_LOG_INTERVAL_MS);

/** What refusal warnings are counted by: the trigger node and the kind of refusal (status, error code). */
export const refusalWarningKey = (nodeKey: string, refusal: Rejection) =>
	`${nodeKey}${refusal.statusCode}:${refusal.error}`;

/**
 * How a refused callback is logged, given what the warning tally (`refusalWarningTally`, counted by
 * `refusalWarningKey`) let through. A flood of forgeries should neither flood n8n's log
 * nor cost n8n a warning per request: n8n 2.40.7's `Logger.log` (@n8n/backend-common,
 * logging/logger.js) captures the caller's stack (`callsites`) for every line it writes, measured at
 * a few ms of CPU per warning (docs/benchmarks.md), while a line below the log level costs nothing
 * (`setLevel` makes it a no-op). So the first refusal of a kind per trigger and minute is a warning,
 * which counts the ones logged at debug level since the previous warning.
 */
export function refusalLogLine(
	label: string,
	refusal: Rejection,
	warning: TallyReport | undefined,
): { level: 'warn' | 'debug'; text: string } {
	const text = `${label}: callback refused with ${refusal.statusCode}: ${refusal.message}`;
	if (!warning) return { level: 'debug', text };
	const held = warning.count - 1;
	if (held === 0) return { level: 'warn', text };
	const since = new Date(warning.firstAt).toISOString();
	return {
		level: 'warn',
		text: `${text} (${held} more like it since ${since}, logged at debug level)`,
	};
}
