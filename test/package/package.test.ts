// What a user installs: the packed tarball, and the output schema n8n shows them.
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import type { IDataObject, INodeType } from 'n8n-workflow';
import { join } from 'path';

import { ataraPayCallback, ataraPayOrder } from '../helpers/ataraPayFixtures';
import { intraPayPayment, signedCallback } from '../helpers/intraPayFixtures';
import { OPTTY_KEYS, opttyNotification } from '../helpers/opttyFixtures';
import { ATARAPAY, INTRAPAY, OPTTY, PRODUCT_PROVIDERS, triggerHarness } from '../helpers/providers';
import {
	jsonRequest,
	multipartRequest,
	onlyItem,
	rawJsonRequest,
	type FakeRequest,
	type TriggerHarness,
} from '../helpers/webhookHarness';
import { PROVIDER_IDS } from '../../nodes/providers';
import { triggerOf } from '../e2e/suite';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The node a file of package.json's n8n.nodes holds (built, in dist/), as n8n loads it. */
const declaredNode = (nodeFile: string) => {
	const NodeClass = Object.values(require(join(root, nodeFile)))[0] as new () => INodeType;
	return new NodeClass();
};

beforeAll(() => {
	if (!existsSync(join(root, 'dist', 'nodes')))
		throw new Error('dist/ is missing: run `npm run build` first');
});

describe('npm pack', () => {
	const packed = () => {
		const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: root,
			encoding: 'utf8',
		});
		return (JSON.parse(output)[0].files as Array<{ path: string }>).map((file) => file.path);
	};

	it('ships every declared node and credential with its icons, codex file and output schema, and no tests', () => {
		const files = packed();
		for (const declared of [...pkg.n8n.nodes, ...pkg.n8n.credentials])
			expect(files).toContain(declared);
		expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md']));
		for (const nodeFile of pkg.n8n.nodes as string[]) {
			const folder = nodeFile.slice(0, nodeFile.lastIndexOf('/'));
			const icons = files.filter((file) => file.startsWith(`${folder}/`) && file.endsWith('.svg'));
			expect([nodeFile, icons.length]).toEqual([nodeFile, 2]); // light and dark
			expect(files).toContain(nodeFile.replace(/\.js$/, '.json')); // codex
			expect(files).toContain(`${folder}/__schema__/v1.0.0/output.json`);
		}
		for (const credentialFile of pkg.n8n.credentials as string[]) {
			const source = readFileSync(
				join(root, credentialFile.replace(/^dist\//, '').replace(/\.js$/, '.ts')),
				'utf8',
			);
			for (const icon of source.match(/file:[\w.]+\.svg/g) ?? []) {
				expect(files).toContain(`dist/credentials/${icon.slice('file:'.length)}`);
			}
		}
		const unexpected = files.filter(
			(file) =>
				!file.startsWith('dist/') &&
				!['package.json', 'README.md', 'LICENSE', 'LICENSE.md'].includes(file),
		);
		expect(unexpected).toEqual([]);
		expect(files.filter((file) => /test|spec|fixture/i.test(file))).toEqual([]);
	});

	it('declares no runtime dependency (zod resolves from n8n) and n8n-workflow as its peer', () => {
		expect(pkg.dependencies).toBeUndefined();
		expect(pkg.devDependencies.zod).toBe(require('zod/package.json').version);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.keywords).toContain('n8n-community-node-package');
		expect(pkg.bin).toBeUndefined(); // the simulator is its own package
	});

	it('ships only what n8n loads: no simulator, no sample callbacks', () => {
		expect(packed().filter((file) => /simulat|\/cli\//.test(file))).toEqual([]);
	});

	it('is what the tests cover: test/helpers/providers.ts lists every declared trigger with its credential', () => {
		const declared = (pkg.n8n.nodes as string[]).map((nodeFile) => {
			const { name, credentials } = declaredNode(nodeFile).description;
			return [`${pkg.name}.${name}`, credentials?.[0].name];
		});
		expect(
			PRODUCT_PROVIDERS.map(({ trigger }) => [trigger.typeName, trigger.credentialType]),
		).toEqual(declared);
		const credentialTypes = declared.map(([, credentialType]) => credentialType);
		expect(PRODUCT_PROVIDERS.map(({ provider }) => provider.credentialType)).toEqual(
			credentialTypes,
		);
	});

	it("names each trigger in the end-to-end suites' workflows as the declared node does", () => {
		const declared = (pkg.n8n.nodes as string[]).map((nodeFile) => {
			const { name, defaults, credentials } = declaredNode(nodeFile).description;
			return [`${pkg.name}.${name}`, defaults.name, credentials?.[0].name];
		});
		const named = PROVIDER_IDS.map((id) => {
			const trigger = triggerOf(id);
			const node = trigger.workflow({ id: 'w', webhookId: 'h', credentialId: 'c' }).nodes[0];
			return [node.type, trigger.nodeName, trigger.credential('c', 'c', {}).type];
		});
		expect(named).toEqual(declared);
	});

	it('has codex files naming each node with its package prefix', () => {
		for (const nodeFile of pkg.n8n.nodes as string[]) {
			const codex = JSON.parse(
				readFileSync(join(root, nodeFile.replace(/\.js$/, '.json')), 'utf8'),
			);
			expect(codex.node).toBe(`${pkg.name}.${declaredNode(nodeFile).description.name}`);
			expect(codex.categories).toEqual(['Finance & Accounting', 'Sales']);
		}
	});
});

describe('output schema', () => {
	it('is up to date with the zod item schema', () => {
		expect(() =>
			execFileSync(process.execPath, ['scripts/generate-output-schemas.js', '--check'], {
				cwd: root,
				stdio: 'pipe',
			}),
		).not.toThrow();
	});

	const validatorFor = (folder: string) => {
		const schema = JSON.parse(
			readFileSync(join(root, `dist/nodes/${folder}/__schema__/v1.0.0/output.json`), 'utf8'),
		);
		const ajv = new Ajv({ strict: false });
		addFormats(ajv);
		return ajv.compile(schema);
	};
	/** The one item the trigger emits for `request`. */
	const itemFor = async (trigger: TriggerHarness, request: FakeRequest) =>
		onlyItem((await trigger.send(request)).result);
	/** Fails unless the schema accepts the item; a failure names the item's event and the schema's errors. */
	const expectValid = (validate: ValidateFunction, item: IDataObject) =>
		expect([item.event, validate(item), validate.errors]).toEqual([item.event, true, null]);

	it('accepts the items the Optty Trigger really emits, with and without confirmation fields', async () => {
		const validate = validatorFor('Optty');
		const plain = triggerHarness(OPTTY, { parameters: { options: { includeCardToken: true } } });
		expectValid(validate, await itemFor(plain, jsonRequest(opttyNotification({ token: 'card' }))));
		// the API unreachable: confirmed null and an error text
		const confirming = triggerHarness(OPTTY, {
			credentials: { ...OPTTY_KEYS, authUrl: 'http://127.0.0.1:9', apiUrl: 'http://127.0.0.1:9' },
			parameters: { options: { confirmWithApi: true } },
		});
		const confirmedItem = await itemFor(confirming, jsonRequest(opttyNotification()));
		expect(confirmedItem).toHaveProperty('confirmed', null);
		expectValid(validate, confirmedItem);
		expect(validate({ ...confirmedItem, confirmed: 'yes' })).toBe(false);
	});

	it('accepts the items the IntraPay Trigger really emits', async () => {
		const validate = validatorFor('IntraPay');
		const trigger = triggerHarness(INTRAPAY, {
			parameters: { options: { acceptUnsignedCallbacks: true } },
		});
		const bodies = [
			signedCallback(intraPayPayment()),
			signedCallback(intraPayPayment({ paymentStatus: 'PENDING', amount: 12.5, reference: 'R-2' })),
			JSON.stringify({ partner_order_id: 'O-3', callbak_data: 'OK' }),
		];
		for (const body of bodies) expectValid(validate, await itemFor(trigger, rawJsonRequest(body)));
	});

	it('accepts the items the AtaraPay Trigger really emits, and rejects a malformed one', async () => {
		const validate = validatorFor('AtaraPay');

		const trigger = triggerHarness(ATARAPAY, { parameters: { options: { includeHeaders: true } } });
		const callbacks = [
			jsonRequest(ataraPayCallback()),
			jsonRequest(
				ataraPayCallback({
					status: 'Pending',
					message: 'Something new',
					order: ataraPayOrder({ id: 1, amount_payed: '100' }),
				}),
			),
		];
		const multipart = ataraPayCallback({
			status: 'Refunded',
			message: 'Refund',
			order: ataraPayOrder({ id: 2 }),
		});
		callbacks.push(
			multipartRequest({ ...multipart, data: JSON.stringify(multipart.data) } as Record<
				string,
				string
			>),
		);

		for (const request of callbacks) expectValid(validate, await itemFor(trigger, request));

		const item = await itemFor(
			trigger,
			jsonRequest(ataraPayCallback({ order: ataraPayOrder({ id: 3 }) })),
		);
		expect(validate({ ...item, amountMinor: 'lots' })).toBe(false);
		expect(validate({ ...item, event: 'made_up' })).toBe(false);
		expect(validate({ ...item, token: 'x' })).toBe(false);
		expect(validate({ ...item, receivedAt: 'yesterday' })).toBe(false);
	});
});

describe('examples/', () => {
	const { readdirSync } = require('fs') as typeof import('fs');
	const files = readdirSync(join(root, 'examples')).filter((file) => file.endsWith('.json'));
	interface ExampleNode {
		name: string;
		type: string;
		webhookId?: string;
		parameters: Record<string, unknown>;
		credentials?: object;
	}
	const examples = files.map((file) => ({
		file,
		workflow: JSON.parse(readFileSync(join(root, 'examples', file), 'utf8')) as {
			id: string;
			active: boolean;
			nodes: ExampleNode[];
			connections: Record<string, { main: Array<Array<{ node: string }>> }>;
		},
	}));
	/** Each declared trigger's type name, with its node folder. */
	const triggers = (pkg.n8n.nodes as string[]).map((file) => {
		const description = declaredNode(file).description;
		const eventOptions = description.properties.find((property) => property.name === 'events')
			?.options as Array<{ value: string }>;
		return {
			type: `${pkg.name}.${description.name}`,
			folder: join(root, file, '..'),
			events: eventOptions.map((option) => option.value),
		};
	});
	const triggerOf = (nodes: ExampleNode[]) =>
		nodes.filter((node) => node.type.startsWith(`${pkg.name}.`));
	/** The example workflow in `file`, its trigger node, and that trigger's declaration. */
	function exampleOf(file: string) {
		const { workflow } = examples.find((example) => example.file === file)!;
		const [trigger] = triggerOf(workflow.nodes);
		const known = triggers.find((candidate) => candidate.type === trigger.type)!;
		return { workflow, trigger, known };
	}
	const expressionsIn = (value: unknown): string[] =>
		typeof value === 'string'
			? [value]
			: typeof value === 'object' && value !== null
				? Object.values(value).flatMap(expressionsIn)
				: [];

	/** Whether `path` names a field of the output schema (any path below a field that allows extra keys). */
	function schemaHas(schema: Record<string, unknown>, path: string[]): boolean {
		if (path.length === 0) return true;
		const branches = (schema.anyOf ?? schema.oneOf) as Array<Record<string, unknown>> | undefined;
		if (branches) return branches.some((branch) => schemaHas(branch, path));
		const properties = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
		if (properties[path[0]]) return schemaHas(properties[path[0]], path.slice(1));
		return schema.properties !== undefined && schema.additionalProperties !== false;
	}

	it('holds one importable workflow per trigger, each starting with that trigger and a fixed webhook id', () => {
		const ids = new Set<string>();
		for (const { file, workflow } of examples) {
			expect([file, typeof workflow.id, workflow.active]).toEqual([file, 'string', false]);
			expect(ids.has(workflow.id)).toBe(false);
			ids.add(workflow.id);
			const [trigger, ...more] = triggerOf(workflow.nodes);
			expect([file, more.length]).toEqual([file, 0]);
			expect(triggers.map((known) => known.type)).toContain(trigger.type);
			expect(trigger.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		}
		const used = examples.map(({ workflow }) => triggerOf(workflow.nodes)[0].type);
		expect(new Set(used)).toEqual(new Set(triggers.map((trigger) => trigger.type)));
	});

	it.each(files)(
		'%s: the trigger feeds a real n8n node, its events exist, a sticky note explains it, and no credential is baked in',
		(file) => {
			const { workflow, trigger, known } = exampleOf(file);
			const events = (trigger.parameters.events ?? []) as string[];
			expect(events.length).toBeGreaterThan(0);
			for (const event of events) expect(known.events).toContain(event);

			const next = workflow.connections[trigger.name].main[0].map((connection) => connection.node);
			const downstream = workflow.nodes.filter((node) => next.includes(node.name));
			expect(downstream.length).toBeGreaterThan(0);
			for (const node of downstream) {
				expect(node.type).toMatch(/^n8n-nodes-base\./);
				expect(['n8n-nodes-base.noOp', 'n8n-nodes-base.stickyNote']).not.toContain(node.type);
			}
			const notes = workflow.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote');
			expect(notes).toHaveLength(1);
			expect(notes[0].parameters.content).toEqual(expect.stringContaining('Production URL'));
			expect(notes[0].parameters.content).toEqual(expect.stringContaining(`**${trigger.name}**`));
			expect(notes[0].parameters.content).toEqual(
				expect.stringContaining('npx n8n-payment-callbacks-simulator simulate'),
			);
			expect(workflow.nodes.filter((node) => node.credentials !== undefined)).toEqual([]);
		},
	);

	it.each(files)(
		"%s: every item field its expressions use exists in the trigger's output schema",
		(file) => {
			const { workflow, known } = exampleOf(file);
			const schema = JSON.parse(
				readFileSync(join(known.folder, '__schema__', 'v1.0.0', 'output.json'), 'utf8'),
			);
			const paths = workflow.nodes
				.filter((node) => node.type !== 'n8n-nodes-base.stickyNote')
				.flatMap((node) => expressionsIn(node.parameters))
				.flatMap((text) =>
					[...text.matchAll(/\$json((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((match) =>
						match[1].slice(1),
					),
				);
			expect(paths.length).toBeGreaterThanOrEqual(4);
			expect(paths.filter((path) => !schemaHas(schema, path.split('.')))).toEqual([]);
			// the check can fail: a misspelt field is caught
			expect(schemaHas(schema, ['merchantRefernce'])).toBe(false);
		},
	);
});

describe('the simulator package (simulator/)', () => {
	const simulatorRoot = join(root, 'simulator');
	const simulator = JSON.parse(readFileSync(join(simulatorRoot, 'package.json'), 'utf8'));

	it('declares its command, packs it with a Node shebang, and needs no n8n to run', () => {
		const bin = simulator.bin['n8n-payment-callbacks-simulator'] as string;
		expect(bin).toMatch(/^dist\/.+\.js$/);
		expect(readFileSync(join(simulatorRoot, bin), 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(
			true,
		);
		expect(simulator.dependencies).toEqual({ zod: pkg.devDependencies.zod });
		expect(simulator.version).toBe(pkg.version);
		const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
			cwd: simulatorRoot,
			encoding: 'utf8',
		});
		const files = (JSON.parse(output)[0].files as Array<{ path: string }>).map((file) => file.path);
		expect(files).toEqual(
			expect.arrayContaining([
				bin,
				'README.md',
				'package.json',
				'dist/nodes/AtaraPay/simulation.js',
			]),
		);
		expect(files.filter((file) => /test|spec|fixture|\.node\.js$|credentials/i.test(file))).toEqual(
			[],
		);

		// it loads no n8n module: npx installs only zod with it
		const { mkdtempSync, writeFileSync } = require('fs') as typeof import('fs');
		const withoutN8n = join(mkdtempSync(join(require('os').tmpdir(), 'no-n8n-')), 'block.js');
		writeFileSync(
			withoutN8n,
			"const M = require('module'); const load = M._load; M._load = function (r, ...a) { if (r.startsWith('n8n-')) throw new Error('needs ' + r); return load.call(this, r, ...a); };",
		);
		const events = execFileSync(
			process.execPath,
			['-r', withoutN8n, join(simulatorRoot, bin), 'events'],
			{ encoding: 'utf8' },
		);
		expect(events).toContain('delivery_completed');
		// (the blocker works: the node files do need n8n)
		expect(() =>
			execFileSync(process.execPath, ['-r', withoutN8n, join(root, pkg.n8n.nodes[0])], {
				stdio: 'pipe',
			}),
		).toThrow(/needs n8n-workflow/);
	});
});

describe('publishing (.github/workflows/publish.yml; it cannot run here)', () => {
	const workflow = readFileSync(join(root, '.github', 'workflows', 'publish.yml'), 'utf8');
	const simulator = JSON.parse(readFileSync(join(root, 'simulator', 'package.json'), 'utf8'));
	/** The workflow's step commands, in order. */
	const runs = [...workflow.matchAll(/^\s+run: (.+)$/gm)].map((match) => match[1].trim());

	it('runs on version tags with the OIDC token npm provenance needs', () => {
		expect(workflow).toMatch(/on:\n\s+push:\n\s+tags:\n\s+- 'v\*'/);
		expect(workflow).toMatch(/permissions:\n\s+contents: read\n\s+id-token: write/);
	});

	it("runs .ci/run's fast steps, then publishes both packages with provenance", () => {
		const order = ['npm ci', 'npm run lint', 'npm run build', 'npm run scan', 'npm test'];
		expect(order.map((command) => runs.indexOf(command))).toEqual(
			[...order.map((command) => runs.indexOf(command))].sort((a, b) => a - b),
		);
		expect(order.filter((command) => !runs.includes(command))).toEqual([]);
		const ci = readFileSync(join(root, '.ci', 'run'), 'utf8');
		for (const command of order) expect([command, ci.includes(command)]).toEqual([command, true]);
		const publishes = runs.filter((command) => command.startsWith('npm publish'));
		expect(publishes).toEqual([
			'npm publish --provenance --access public',
			'npm publish --provenance --access public',
		]);
		expect(workflow).toMatch(/working-directory: simulator\n\s+run: npm publish --provenance/);
		expect(runs.indexOf('npm test')).toBeLessThan(runs.indexOf(publishes[0]));
	});

	it('names one repository in both packages (provenance is refused when it differs from the one building)', () => {
		expect(pkg.repository).toEqual({
			type: 'git',
			url: expect.stringMatching(
				/^git\+https:\/\/github\.com\/[^/]+\/n8n-nodes-payment-callbacks\.git$/,
			),
		});
		expect(simulator.repository).toEqual({ ...pkg.repository, directory: 'simulator' });
		expect(pkg.bugs.url).toBe(
			pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '/issues'),
		);
		expect(
			pkg.homepage.startsWith(pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')),
		).toBe(true);
		// n8n-node's strict mode requires its template eslint config; this package lints with its own (README, "Publishing")
		expect(pkg.n8n.strict).toBe(false);
	});
});

describe('README', () => {
	it('shows only images that exist (npm run screenshots makes them)', () => {
		const readme = readFileSync(join(root, 'README.md'), 'utf8');
		const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((match) => match[1]);
		expect(images.length).toBeGreaterThanOrEqual(6);
		expect(images.filter((image) => !existsSync(join(root, image)))).toEqual([]);
	});
});
