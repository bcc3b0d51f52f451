// Finds every provider's sample callbacks: the `simulation` module beside each trigger node the
// package declares in package.json, so a new provider folder is picked up without changes here.
import { existsSync, readFileSync } from 'fs';
import { dirname, join } from 'path';

import type { CallbackSimulation } from '../nodes/shared/simulation';

/** The folder holding the package.json of this package (this file runs from cli/ or dist/cli/). */
function packageRoot(): string {
	for (let folder = dirname(__dirname); ; folder = dirname(folder)) {
		if (existsSync(join(folder, 'package.json'))) return folder;
		if (dirname(folder) === folder) throw new Error('package.json of n8n-nodes-payment-callbacks not found');
	}
}

const isSimulation = (value: unknown): value is CallbackSimulation =>
	typeof value === 'object' && value !== null && 'provider' in value && typeof (value as CallbackSimulation).callback === 'function';

export function loadSimulations(): CallbackSimulation[] {
	const manifest = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
	return manifest.n8n.nodes.map((nodeFile) => {
		// "dist/nodes/AtaraPay/AtaraPayTrigger.node.js" -> nodes/AtaraPay/simulation, beside this build's cli/
		const folder = dirname(nodeFile).replace(/^dist\//, '');
		const module = require(join(__dirname, '..', folder, 'simulation')) as Record<string, unknown>;
		const simulation = Object.values(module).find(isSimulation);
		if (!simulation) throw new Error(`${folder}/simulation exports no sample callbacks`);
		return simulation;
	});
}
