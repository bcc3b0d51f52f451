// Runs the simulator the way a user does: the command the simulator package declares in its "bin",
// as a separate process with keys in environment variables.
import { execFile } from 'child_process';
import { readFileSync } from 'fs';
import { join } from 'path';
import { promisify } from 'util';

import { PRODUCT_PROVIDERS } from '../helpers/providers';
import type { RealN8n } from './realN8n';

const run = promisify(execFile);

/** The name simulator/README.md gives a credential field's variable: atarapay, publicKey -> ATARAPAY_PUBLIC_KEY. */
const envName = (providerId: string, field: string) =>
	`${providerId}_${field.replace(/[A-Z]/g, (letter) => `_${letter}`)}`.toUpperCase();

/** Every provider's test keys, as a user would export them for the simulator (it reads the ones it needs). */
export const SIMULATOR_ENV: Record<string, string> = Object.fromEntries(
	PRODUCT_PROVIDERS.flatMap(({ id, keys }) =>
		Object.entries(keys)
			.filter(([, value]) => value !== '')
			.map(([field, value]) => [envName(id, field), value]),
	),
);

export interface SimulatorRun {
	code: number;
	output: string;
}

/** The simulator package as built in this checkout (npm run build builds it; test:e2e packs it too). */
const SIMULATOR_ROOT = join(__dirname, '..', '..', 'simulator');

export async function simulate(
	n8n: RealN8n,
	args: string[],
	env: Record<string, string> = SIMULATOR_ENV,
): Promise<SimulatorRun> {
	const manifest = JSON.parse(readFileSync(join(SIMULATOR_ROOT, 'package.json'), 'utf8')) as {
		bin: Record<string, string>;
	};
	const command = join(SIMULATOR_ROOT, manifest.bin['n8n-payment-callbacks-simulator']);
	try {
		const { stdout, stderr } = await run(n8n.runtime.nodeBin, [command, ...args], {
			env: { PATH: process.env.PATH, ...env },
		});
		return { code: 0, output: stdout + stderr };
	} catch (error) {
		const failed = error as { code?: number; stdout?: string; stderr?: string };
		return {
			code: typeof failed.code === 'number' ? failed.code : -1,
			output: `${failed.stdout ?? ''}${failed.stderr ?? ''}`,
		};
	}
}
