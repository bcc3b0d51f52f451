// The order in which the load test sends its callbacks: genuine and forged ones shuffled together,
// and repeats of genuine ones placed anywhere after their original. Seeded, so a run can be replayed.

export type JobKind = 'genuine' | 'forged' | 'repeat';

export interface Job {
	kind: JobKind;
	/** The callback number (a repeat has the number of the genuine callback it repeats). */
	n: number;
}

export interface LoadSizes {
	genuine: number;
	forged: number;
	repeats: number;
	concurrency: number;
}

/** mulberry32: a small, well-known seeded generator (Math.random cannot be seeded). */
export function seededRandom(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function loadSchedule(sizes: LoadSizes, random: () => number): Job[] {
	const jobs: Job[] = [
		...Array.from({ length: sizes.genuine }, (_, n) => ({ kind: 'genuine' as const, n })),
		...Array.from({ length: sizes.forged }, (_, n) => ({ kind: 'forged' as const, n })),
	];
	for (let i = jobs.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[jobs[i], jobs[j]] = [jobs[j], jobs[i]];
	}
	for (let r = 0; r < sizes.repeats; r++) {
		const n = Math.floor(random() * sizes.genuine);
		const original = jobs.findIndex((job) => job.kind === 'genuine' && job.n === n);
		const at = original + 1 + Math.floor(random() * (jobs.length - original));
		jobs.splice(at, 0, { kind: 'repeat', n });
	}
	return jobs;
}
