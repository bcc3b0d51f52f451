import { median, percentile } from '../helpers/percentile';

describe('the benchmarks’ statistics', () => {
	it('takes the middle value of an odd count, whatever the order', () => {
		expect(median([3, 1, 2])).toBe(2);
		expect(median([0.97, 1.04, 0.95, 1.01, 0.99])).toBe(0.99);
	});

	it('takes the mean of the two middle values of an even count (four rounds)', () => {
		expect(median([1.06, 0.92, 1.0, 0.96])).toBeCloseTo(0.98, 10);
	});

	it('answers 0 for no values, as percentile does', () => {
		expect(median([])).toBe(0);
		expect(percentile([], 0.5)).toBe(0);
	});

	it('leaves the values it is given as they were', () => {
		const rounds = [1.2, 0.8, 1.0];
		median(rounds);
		expect(rounds).toEqual([1.2, 0.8, 1.0]);
	});
});
