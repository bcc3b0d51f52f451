/** The value below which `share` of `values` fall (nearest rank; 0.5 is the median). 0 for no values. */
export function percentile(values: readonly number[], share: number): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

/** The middle value of `values`, or the mean of the two middle ones for an even count. 0 for no values. */
export function median(values: readonly number[]): number {
	if (values.length === 0) return 0;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length / 2;
	return Number.isInteger(middle)
		? (sorted[middle - 1] + sorted[middle]) / 2
		: sorted[Math.floor(middle)];
}
