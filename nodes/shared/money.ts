/** Turns a number or a numeric string into a finite number; anything else is `null`. */
export function toNumber(value: unknown): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '') {
		const parsed = Number(value);
		return Number.isFinite(parsed) ? parsed : null;
	}
	return null;
}

/** Both amount fields from an amount in minor units (kobo, cents). */
export function fromMinorUnits(minor: unknown): {
	amount: number | null;
	amountMinor: number | null;
} {
	const value = toNumber(minor);
	if (value === null) return { amount: null, amountMinor: null };
	const amountMinor = Math.round(value);
	return { amount: amountMinor / 100, amountMinor };
}

/** Both amount fields from an amount in major units (naira, dollars). */
export function fromMajorUnits(major: unknown): {
	amount: number | null;
	amountMinor: number | null;
} {
	const amount = toNumber(major);
	if (amount === null) return { amount: null, amountMinor: null };
	return { amount, amountMinor: Math.round(amount * 100) };
}

/** An identifier as text: numbers become their digits, blank values `null`. */
export function toText(value: unknown): string | null {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return null;
}
