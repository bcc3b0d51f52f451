// Runs the shared pipeline (nodes/shared/pipeline.ts) as a trigger would, without n8n: the settings a
// new trigger node starts with, what processCallback needs besides the request, and checks of its
// answers. Tests that go through n8n's WebhookContext use webhookHarness.ts instead.
import {
	processCallback,
	type CallbackRequest,
	type PipelineContext,
	type PipelineResult,
	type TriggerSettings,
} from '../../nodes/shared/pipeline';
import type { CallbackProvider } from '../../nodes/shared/provider';
import { RecentCallbacks } from '../../nodes/shared/recentCallbacks';

export const CLIENT_IP = '203.0.113.7';
export const NOW = new Date('2026-01-02T03:04:05.000Z');

/** A trigger's settings with every option at its default, except duplicates, which are let through. */
export function triggerSettings(overrides: Partial<TriggerSettings> = {}): TriggerSettings {
	return {
		events: [],
		suppressDuplicates: false,
		ipAllowlist: '',
		includeHeaders: false,
		options: {},
		...overrides,
	};
}

export interface RunOptions {
	settings?: Partial<TriggerSettings>;
	recentCallbacks?: RecentCallbacks;
	/** Replaces the credential store: e.g. one that throws, as n8n does for a deleted credential. */
	loadCredentials?: () => Promise<Record<string, unknown>>;
}

/** What processCallback needs besides the request: the stored `credentials`, the settings, the time. */
export function pipelineContext(
	credentials: Record<string, unknown>,
	{ settings, recentCallbacks, loadCredentials }: RunOptions = {},
): PipelineContext {
	return {
		loadCredentials: loadCredentials ?? (async () => credentials),
		settings: triggerSettings(settings),
		recentCallbacks,
		now: NOW,
	};
}

export async function runPipeline(
	provider: CallbackProvider,
	request: CallbackRequest,
	credentials: Record<string, unknown>,
	options: RunOptions = {},
): Promise<PipelineResult> {
	return await processCallback(provider, request, pipelineContext(credentials, options));
}

/** A request as the trigger hands it to the pipeline, from CLIENT_IP. */
export const callbackRequest = (
	contentType: string | undefined,
	parsed: unknown,
	raw: Buffer | undefined,
): CallbackRequest => ({
	contentType,
	parsed,
	raw,
	headers: contentType === undefined ? {} : { 'content-type': contentType },
	clientIp: CLIENT_IP,
});

/** A JSON callback whose bytes are exactly `text`, parsed as n8n parses it. */
export const jsonTextRequest = (text: string, contentType = 'application/json') =>
	callbackRequest(contentType, JSON.parse(text) as unknown, Buffer.from(text));

export function newRecentCallbacks() {
	return new RecentCallbacks({});
}

/** The answers processCallback may give (pipeline.ts): anything else is a bug. */
export function expectDefinedAnswer(result: PipelineResult) {
	expect(result).toBeDefined();
	switch (result.outcome) {
		case 'rejected':
			expect([400, 401, 403]).toContain(result.statusCode);
			expect(typeof result.message).toBe('string');
			expect(typeof result.error).toBe('string');
			break;
		case 'misconfigured':
			expect(Array.isArray(result.missing)).toBe(true);
			break;
		case 'ignored':
			expect(['duplicate', 'event_not_selected']).toContain(result.reason);
			break;
		case 'accepted':
			expect(result.item).toBeDefined();
			expect(result.item.receivedAt).toBe(NOW.toISOString());
			break;
		default:
			throw new Error(`processCallback answered an unknown outcome: ${JSON.stringify(result)}`);
	}
}

export function expectRejected(result: PipelineResult, ...statusCodes: Array<400 | 401 | 403>) {
	expect(result).toMatchObject({ outcome: 'rejected' });
	expect(statusCodes).toContain((result as { statusCode: number }).statusCode);
}

export function acceptedItem(result: PipelineResult) {
	if (result.outcome !== 'accepted')
		throw new Error(`expected the callback to be accepted, got ${JSON.stringify(result)}`);
	return result.item;
}

/** An item without the field that differs on every call. */
export function withoutReceivedAt(item: Record<string, unknown>) {
	const { receivedAt: _receivedAt, ...rest } = item;
	return rest;
}
