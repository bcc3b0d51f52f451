#!/usr/bin/env node
// Build step (after tsc): writes each trigger's output JSON Schema, generated from the zod item
// schema, to nodes/<Folder>/__schema__/v<version>/output.json, where n8n looks for it beside the
// node file. `gulp build:assets` then copies it into dist/. Run with --check to fail when a
// committed schema is out of date instead of writing it. The schema is written as prettier
// formats it (the repository's .prettierrc.js), so `npm run lint`'s prettier check passes on it.
const fs = require('fs');
const path = require('path');
const prettier = require('prettier');
const { z } = require('zod/v4');

const root = path.resolve(__dirname, '..');

function padVersion(version) {
	return String(version).split('.').concat(['0', '0']).slice(0, 3).join('.');
}

/**
 * [nodeFile, provider] for every node the package declares, from the compiled provider registry
 * (dist/nodes/providers.js). package.json and the registry must name the same nodes and
 * credentials: a node without a registry line would ship without its output schema.
 */
function declaredTriggers() {
	const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const { PROVIDERS } = require(path.join(root, 'dist/nodes/providers.js'));
	const entries = Object.entries(PROVIDERS);
	const sameList = (a, b) => a.join('\n') === b.join('\n');
	const registryNodes = entries.map(([, entry]) => `dist/nodes/${entry.node}.node.js`);
	const registryCredentials = entries.map(
		([, entry]) => `dist/credentials/${entry.credential}.credentials.js`,
	);
	if (
		!sameList(registryNodes, pkg.n8n.nodes) ||
		!sameList(registryCredentials, pkg.n8n.credentials)
	) {
		throw new Error(
			"package.json's n8n section and nodes/providers.ts disagree (same files, same order):\n" +
				`  package.json nodes:       ${pkg.n8n.nodes.join(', ')}\n` +
				`  registry nodes:           ${registryNodes.join(', ')}\n` +
				`  package.json credentials: ${pkg.n8n.credentials.join(', ')}\n` +
				`  registry credentials:     ${registryCredentials.join(', ')}`,
		);
	}
	return entries.map(([id, { provider }], index) => {
		if (provider.id !== id) {
			throw new Error(`nodes/providers.ts: the entry "${id}" holds the provider "${provider.id}"`);
		}
		const distFile = registryNodes[index];
		const NodeClass = Object.values(require(path.join(root, distFile)))[0];
		return { distFile, provider, version: new NodeClass().description.version };
	});
}

/**
 * `anyOf: [{type: 'string'}, {type: 'null'}]` becomes `type: ['string', 'null']`: the plain form n8n's
 * own nodes ship, which the editor's field list reads. Other anyOf (objects, ...) stay as they are.
 */
function simplifyTypeUnions(node) {
	if (Array.isArray(node)) return node.map(simplifyTypeUnions);
	if (node === null || typeof node !== 'object') return node;
	const out = Object.fromEntries(
		Object.entries(node).map(([key, value]) => [key, simplifyTypeUnions(value)]),
	);
	const plainTypes =
		Array.isArray(out.anyOf) &&
		out.anyOf.every(
			(branch) => Object.keys(branch).join() === 'type' && typeof branch.type === 'string',
		);
	if (plainTypes) {
		const { anyOf, ...rest } = out;
		return { ...rest, type: anyOf.map((branch) => branch.type) };
	}
	return out;
}

async function outputSchemaFor(provider, target) {
	const { itemSchemaFor } = require(path.join(root, 'dist/nodes/shared/callbackItem.js'));
	// the item as the node emits it (io: output), in the JSON Schema draft n8n's editor reads
	const { $schema: _draft, ...schema } = z.toJSONSchema(itemSchemaFor(provider), {
		target: 'draft-7',
		io: 'output',
		reused: 'inline',
	});
	const text = JSON.stringify(simplifyTypeUnions(schema), null, '\t') + '\n';
	return await prettier.format(text, {
		...(await prettier.resolveConfig(target)),
		filepath: target,
	});
}

async function main() {
	const check = process.argv.includes('--check');
	const stale = [];
	for (const { distFile, provider, version } of declaredTriggers()) {
		const nodeDir = path.dirname(distFile).replace(/^dist\//, '');
		const versions = Array.isArray(version) ? version : [version];
		for (const v of versions) {
			const target = path.join(root, nodeDir, '__schema__', `v${padVersion(v)}`, 'output.json');
			const content = await outputSchemaFor(provider, target);
			const current = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
			if (current === content) continue;
			if (check) {
				stale.push(path.relative(root, target));
			} else {
				fs.mkdirSync(path.dirname(target), { recursive: true });
				fs.writeFileSync(target, content);
				console.log(`wrote ${path.relative(root, target)}`);
			}
		}
	}
	if (stale.length > 0) {
		console.error(`Out of date (run npm run build and commit): ${stale.join(', ')}`);
		process.exit(1);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
