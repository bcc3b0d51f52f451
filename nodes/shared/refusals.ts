import { z } from 'zod/v4';

import { BoundedMap } from './boundedMap';
import type { Rejection } from './pipeline';
import type { ProviderEvent } from './provider';

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
		statusCode: z.union([z.literal(400), z.literal(401), z.literal(403)]).describe('The HTTP status the caller got'),
		error: z.string().describe('The error code the caller got, e.g. "unauthorized"'),
		message: z.string().describe('Why the callback was refused, as the caller was told'),
		clientIp: z.string().nullable().describe("The caller's address as n8n saw it"),
		receivedAt: z.iso.datetime().describe('When n8n received this refused callback (ISO 8601, UTC)'),
		refusedCount: z
			.number()
			.int()
			.positive()
			.describe('How many callbacks were refused since the last "Callback Refused" execution, this one included'),
		firstRefusedAt: z.iso.datetime().describe('When the first of those refusals arrived (ISO 8601, UTC)'),
	})
	.strict();

export type RefusalItem = z.infer<typeof refusalItemSchema>;

interface Tally {
	/** When the last refusal execution started; undefined before the first. */
	reportedAt?: number;
	/** Refusals since then that started nothing, and when the first of them arrived. */
	unreported: number;
	firstUnreportedAt: number;
}

/**
 * Counts refused callbacks per trigger node in this n8n process and lets one through to the workflow
 * per REFUSAL_REPORT_INTERVAL_MS. In memory, not in static data: a forged callback never writes to
 * the workflow, so a flood of them costs n8n no database writes. With several webhook processes
 * (queue mode), each one reports at this rate.
 */
export class RefusalReports {
	private readonly tallies = new BoundedMap<string, Tally>(1000);

	constructor(private readonly intervalMs = REFUSAL_REPORT_INTERVAL_MS) {}

	/** Counts a refusal; returns the item to start the workflow with, or undefined within the interval. */
	record(
		nodeKey: string,
		refusal: Rejection,
		{ provider, clientIp, now }: { provider: string; clientIp: string | undefined; now: Date },
	): RefusalItem | undefined {
		const at = now.getTime();
		const tally = this.tallies.get(nodeKey) ?? { unreported: 0, firstUnreportedAt: at };
		if (tally.unreported === 0) tally.firstUnreportedAt = at;
		tally.unreported++;
		this.tallies.set(nodeKey, tally);
		if (tally.reportedAt !== undefined && at - tally.reportedAt < this.intervalMs && at >= tally.reportedAt) return undefined;

		const item: RefusalItem = {
			provider,
			event: 'callback_refused',
			verified: false,
			statusCode: refusal.statusCode,
			error: refusal.error,
			message: refusal.message,
			clientIp: clientIp ?? null,
			receivedAt: now.toISOString(),
			refusedCount: tally.unreported,
			firstRefusedAt: new Date(tally.firstUnreportedAt).toISOString(),
		};
		tally.reportedAt = at;
		tally.unreported = 0;
		return item;
	}
}
