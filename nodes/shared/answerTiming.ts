import { sleep } from 'n8n-workflow';

import type { LiveRecentCallbacks } from './liveRecentCallbacks';
import { IN_FLIGHT_LEASE_MS } from './recentCallbacks';

// Both helpers follow the HTTP answer n8n gives after webhook() returned: the events and state of the
// Express response n8n hands the node (getResponseObject).

/** What the helpers read of n8n's (Express) response. */
export interface WatchedResponse {
	once?(event: 'finish' | 'close', listener: () => void): unknown;
	statusCode?: number;
	/** True once the answer was written, even into a connection the caller had closed. */
	writableEnded?: boolean;
}

/** How long a request keeps the workflow's static data marked as changed, at most. */
const SAVE_MARK_LIMIT_MS = 60_000;
/** How long to re-check the mark on every turn of the event loop before checking less often. */
const EAGER_MARK_MS = 2_000;
/** The longest pause between two checks after that. */
const SLOW_CHECK_MS = 50;
/**
 * After the caller hung up, how often to look for the answer n8n still writes at the end of a "When
 * Last Node Finishes" run (n8n 2.40.7 writes it into the closed connection, with no 'finish' event):
 * first after FIRST_LOOK_MS, then twice as long each time, at most every LONGEST_LOOK_MS.
 */
const FIRST_LOOK_MS = 50;
const LONGEST_LOOK_MS = 5_000;

/** Calls `listener` once the answer has gone out (or the caller hung up). */
function onceAnswered(response: WatchedResponse, listener: () => void) {
	response.once?.('finish', listener);
	response.once?.('close', listener);
}

/**
 * Makes n8n save the duplicate store (this request's copy of the static data, pointed at the live
 * store) with the answer to this request. n8n 2.40.7 saves a webhook's static data in the answer
 * callback of `LiveWebhooks.executeWebhook` (packages/cli/src/webhooks/live-webhooks.ts), only while
 * it is marked changed. When the callback started an execution, `WorkflowRunner.run`
 * (packages/cli/src/workflow-runner.ts, `establishContextForPersistence`) first wraps the same static
 * data in a new Workflow, which clears that mark; its database and queue work come after it, and with
 * "When Last Node Finishes" the whole run. So until n8n has encoded the store for a save, or the
 * answer has gone out, the trigger watches the mark and sets it again when n8n has cleared it: on every
 * turn of the event loop at first (the clearing comes a few turns after webhook() returns), then every
 * SLOW_CHECK_MS (a run answered later only needs the mark to be back before its end). Once a save has
 * encoded the store (this request's or another's, from the version it holds), the callback is in it,
 * and the trigger stops: the answer may still wait for that write (n8n's pooled SQLite driver queues
 * every write on one connection), and checking on every turn meanwhile would only burn CPU. n8n 1.123
 * does not clear the mark before it saves. Delete this once n8n stops clearing the mark.
 */
export function saveBeforeAnswering(
	response: WatchedResponse,
	store: LiveRecentCallbacks,
	isMarkedChanged: () => boolean,
) {
	store.persist();
	if (typeof response.once !== 'function') return;
	let answered = false;
	onceAnswered(response, () => (answered = true));
	const startedAt = Date.now();
	void (async () => {
		let clearedOnce = false;
		while (!answered && Date.now() - startedAt < SAVE_MARK_LIMIT_MS) {
			// n8n Cloud rules allow timers only through n8n's sleep helper
			await sleep(clearedOnce || Date.now() - startedAt > EAGER_MARK_MS ? SLOW_CHECK_MS : 0);
			if (store.encodedSincePersist()) return;
			if (answered || isMarkedChanged()) continue;
			store.markForSaving();
			clearedOnce = true;
		}
	})();
}

const succeeded = (statusCode: number | undefined) =>
	statusCode !== undefined && statusCode >= 200 && statusCode < 300;

/**
 * Tells the duplicate store how the run of a callback ended, from the answer n8n gave when its last
 * node finished: 2xx means the workflow succeeded, anything else (n8n answers 500 when a run fails)
 * that it did not. When the caller hangs up first (a provider that stopped waiting), n8n still writes
 * its answer into the closed connection at the end of the run, without a 'finish' event: the trigger
 * looks for it, less and less often, for as long as the run holds off repeats (IN_FLIGHT_LEASE_MS).
 */
export function settleWhenAnswered(
	response: WatchedResponse,
	settle: (succeeded: boolean) => void,
) {
	let settled = false;
	const settleOnce = (outcome: boolean) => {
		if (settled) return;
		settled = true;
		settle(outcome);
	};
	response.once?.('finish', () => settleOnce(succeeded(response.statusCode)));
	response.once?.('close', () => {
		if (settled) return;
		if (response.writableEnded) return settleOnce(succeeded(response.statusCode));
		void (async () => {
			const giveUpAt = Date.now() + IN_FLIGHT_LEASE_MS;
			let pause = FIRST_LOOK_MS;
			while (!response.writableEnded && Date.now() < giveUpAt) {
				await sleep(pause);
				pause = Math.min(pause * 2, LONGEST_LOOK_MS);
			}
			settleOnce(response.writableEnded === true && succeeded(response.statusCode));
		})();
	});
}
