import type { Rejection } from '../../nodes/shared/pipeline';
import {
	REFUSAL_LOG_INTERVAL_MS,
	refusalLogLine,
	refusalWarningKey,
	refusalWarningTally,
} from '../../nodes/shared/refusals';
import { WindowedTally } from '../../nodes/shared/windowedTally';

const forged: Rejection = {
	outcome: 'rejected',
	statusCode: 401,
	error: 'unauthorized',
	message: 'The token does not match.',
};
const blocked: Rejection = {
	outcome: 'rejected',
	statusCode: 403,
	error: 'forbidden',
	message: 'Address not allowed.',
};

describe('WindowedTally', () => {
	it('lets the first occurrence through, holds the rest back for the window, then reports how many were held', () => {
		const tally = new WindowedTally(1000);
		expect(tally.count('a', 0)).toEqual({ count: 1, firstAt: 0 });
		expect(tally.count('a', 10)).toBeUndefined();
		expect(tally.count('a', 20)).toBeUndefined();
		expect(tally.count('a', 999)).toBeUndefined();
		expect(tally.count('a', 1000)).toEqual({ count: 4, firstAt: 10 });
		expect(tally.count('a', 2500)).toEqual({ count: 1, firstAt: 2500 });
	});

	it('keeps keys apart, and starts a new window when the clock goes back', () => {
		const tally = new WindowedTally(1000);
		expect(tally.count('a', 5000)).toBeDefined();
		expect(tally.count('b', 5001)).toBeDefined();
		expect(tally.count('a', 4000)).toEqual({ count: 1, firstAt: 4000 });
	});

	it('holds at most `limit` keys, forgetting the least recently counted', () => {
		const tally = new WindowedTally(1000, 2);
		tally.count('a', 0);
		tally.count('b', 0);
		tally.count('c', 0);
		// 'a' was dropped: it is new again, so it is let through at once
		expect(tally.count('a', 1)).toEqual({ count: 1, firstAt: 1 });
		expect(tally.count('c', 1)).toBeUndefined();
	});
});

describe('refusalLogLine with the warning tally', () => {
	const at = (ms: number) => new Date(Date.UTC(2026, 0, 1) + ms);
	/** Logs as the trigger runtime does: one tally per process, counted by trigger node and kind. */
	const refusalLog = (tally = refusalWarningTally()) => ({
		line: (nodeKey: string, label: string, refusal: Rejection, now: Date) =>
			refusalLogLine(
				label,
				refusal,
				tally.count(refusalWarningKey(nodeKey, refusal), now.getTime()),
			),
	});

	it('warns once per trigger and kind of refusal a minute, and the next warning counts the ones in between', () => {
		const log = refusalLog();
		expect(log.line('wf:node:', 'AtaraPay Trigger', forged, at(0))).toEqual({
			level: 'warn',
			text: 'AtaraPay Trigger: callback refused with 401: The token does not match.',
		});
		expect(log.line('wf:node:', 'AtaraPay Trigger', forged, at(1000)).level).toBe('debug');
		expect(log.line('wf:node:', 'AtaraPay Trigger', forged, at(2000)).level).toBe('debug');
		// another kind, or another trigger, has a warning of its own
		expect(log.line('wf:node:', 'AtaraPay Trigger', blocked, at(3000)).level).toBe('warn');
		expect(log.line('wf:other:', 'AtaraPay Trigger', forged, at(3000)).level).toBe('warn');
		expect(log.line('wf:node:', 'AtaraPay Trigger', forged, at(REFUSAL_LOG_INTERVAL_MS))).toEqual({
			level: 'warn',
			text: `AtaraPay Trigger: callback refused with 401: The token does not match. (2 more like it since ${at(1000).toISOString()}, logged at debug level)`,
		});
	});

	it('logs every refusal: the held-back ones at debug level, with the same text', () => {
		const log = refusalLog(new WindowedTally(1000));
		const lines = [0, 1, 2].map((ms) => log.line('wf:node:', 'Optty Trigger', forged, at(ms)));
		expect(lines.map((line) => line.level)).toEqual(['warn', 'debug', 'debug']);
		for (const line of lines)
			expect(line.text).toContain(
				'Optty Trigger: callback refused with 401: The token does not match.',
			);
	});
});
