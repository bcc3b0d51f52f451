import { z } from 'zod/v4';

import type { Rejection } from './pipeline';
import type { ProviderEvent } from './provider';
import { WindowedTally } from './windowedTally';

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
 * Counts refused callbacks per trigger node in this n8n process and lets one through to the workflow
 * per REFUSAL_REPORT_INTERVAL_MS. In memory, not in static data: a forged callback never writes to
 * the workflow, so a flood of them costs n8n no database writes. With several webhook processes
 * (queue mode), each one reports at this rate.
 */
export class RefusalReports {
	private readonly tally: WindowedTally;

	constructor(intervalMs = REFUSAL_REPORT_INTERVAL_MS) {
		this.tally = new WindowedTally(intervalMs);
	}

	/** Counts a refusal; returns the item to start the workflow with, or undefined within the interval. */
	record(
		nodeKey: string,
		refusal: Rejection,
		{ provider, clientIp, now }: { provider: string; clientIp: string | undefined; now: Date },
	): RefusalItem | undefined {
		const report = this.tally.count(nodeKey, now.getTime());
		if (!report) return undefined;
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
}

/** At most one warning per trigger node and kind of refusal in this window; the others go to debug. */
export const REFUSAL_LOG_INTERVAL_MS = 60_000;

/**
 * Decides how each refused callback is logged. A flood of forgeries should neither flood n8n's log nor
 * cost n8n a warning per request: n8n 2.40.7's `Logger.log` (@n8n/backend-common, logging/logger.js)
 * captures the caller's stack (`callsites`) for every line it writes, measured at a few ms of CPU per
 * warning (docs/benchmarks.md), while a line below the log level costs nothing (`setLevel` makes it a
 * no-op). So the first refusal of a kind (status and error code) per trigger and minute is a warning,
 * which counts the ones logged at debug level since the previous warning.
 */
export class RefusalLog {
	private readonly tally: WindowedTally;

	constructor(intervalMs = REFUSAL_LOG_INTERVAL_MS) {
		this.tally = new WindowedTally(intervalMs);
	}

	line(
		nodeKey: string,
		label: string,
		refusal: Rejection,
		now: Date,
	): { level: 'warn' | 'debug'; text: string } {
		const text = `${label}: callback refused with ${refusal.statusCode}: ${refusal.message}`;
		const report = this.tally.count(
			`${nodeKey}${refusal.statusCode}:${refusal.error}`,
			now.getTime(),
		);
		if (!report) return { level: 'debug', text };
		const held = report.count - 1;
		return {
			level: 'warn',
			text:
				held === 0
					? text
					: `${text} (${held} more like it since ${new Date(report.firstAt).toISOString()}, logged at debug level)`,
		};
	}
}
