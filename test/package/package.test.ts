// What a user installs: the packed tarball, and the output schema n8n shows them.
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { execFileSync } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

import { AtaraPayTrigger } from '../../nodes/AtaraPay/AtaraPayTrigger.node';
import { ATARAPAY_KEYS, ataraPayCallback, ataraPayOrder } from '../helpers/ataraPayFixtures';
import { TriggerHarness, jsonRequest, multipartRequest } from '../helpers/webhookHarness';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

beforeAll(() => {
	if (!existsSync(join(root, 'dist', 'nodes'))) throw new Error('dist/ is missing: run `npm run build` first');
});

describe('npm pack', () => {
	const packed = () => {
		const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
		return (JSON.parse(output)[0].files as Array<{ path: string }>).map((file) => file.path);
	};

	it('ships every declared node and credential with its icons, codex file and output schema, and no tests', () => {
		const files = packed();
		for (const declared of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(files).toContain(declared);
		expect(files).toEqual(
			expect.arrayContaining([
				'dist/nodes/AtaraPay/AtaraPayTrigger.node.json',
				'dist/nodes/AtaraPay/ataraPay.svg',
				'dist/nodes/AtaraPay/ataraPay.dark.svg',
				'dist/nodes/AtaraPay/__schema__/v1.0.0/output.json',
				'dist/credentials/ataraPay.svg',
				'dist/credentials/ataraPay.dark.svg',
				'package.json',
				'README.md',
			]),
		);
		const unexpected = files.filter(
			(file) => !file.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE', 'LICENSE.md'].includes(file),
		);
		expect(unexpected).toEqual([]);
		expect(files.filter((file) => /test|spec|fixture/i.test(file))).toEqual([]);
	});

	it('declares zod as its only runtime dependency and n8n-workflow as its peer', () => {
		expect(Object.keys(pkg.dependencies)).toEqual(['zod']);
		expect(pkg.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(pkg.keywords).toContain('n8n-community-node-package');
	});

	it('has codex files naming each node with its package prefix', () => {
		for (const nodeFile of pkg.n8n.nodes as string[]) {
			const codex = JSON.parse(readFileSync(join(root, nodeFile.replace(/\.js$/, '.json')), 'utf8'));
			const NodeClass = Object.values(require(join(root, nodeFile)))[0] as new () => AtaraPayTrigger;
			expect(codex.node).toBe(`${pkg.name}.${new NodeClass().description.name}`);
			expect(codex.categories).toEqual(['Finance & Accounting', 'Sales']);
		}
	});
});

describe('output schema', () => {
	it('is up to date with the zod item schema', () => {
		expect(() =>
			execFileSync(process.execPath, ['scripts/generate-output-schemas.js', '--check'], { cwd: root, stdio: 'pipe' }),
		).not.toThrow();
	});

	it('accepts the items the AtaraPay Trigger really emits, and rejects a malformed one', async () => {
		const schema = JSON.parse(readFileSync(join(root, 'dist/nodes/AtaraPay/__schema__/v1.0.0/output.json'), 'utf8'));
		const ajv = new Ajv({ strict: false });
		addFormats(ajv);
		const validate = ajv.compile(schema);

		const trigger = new TriggerHarness({
			nodeType: new AtaraPayTrigger(),
			typeName: `${pkg.name}.ataraPayTrigger`,
			credentialType: 'ataraPayApi',
			credentials: ATARAPAY_KEYS,
			parameters: { options: { includeHeaders: true } },
		});
		const callbacks = [
			jsonRequest(ataraPayCallback()),
			jsonRequest(ataraPayCallback({ status: 'Pending', message: 'Something new', order: ataraPayOrder({ id: 1, amount_payed: '100' }) })),
		];
		const multipart = ataraPayCallback({ status: 'Refunded', message: 'Refund', order: ataraPayOrder({ id: 2 }) });
		callbacks.push(multipartRequest({ ...multipart, data: JSON.stringify(multipart.data) } as Record<string, string>));

		for (const request of callbacks) {
			const { result } = await trigger.send(request);
			const item = result.workflowData![0][0].json;
			expect([item.event, validate(item), validate.errors]).toEqual([item.event, true, null]);
		}

		const { result } = await trigger.send(jsonRequest(ataraPayCallback({ order: ataraPayOrder({ id: 3 }) })));
		const item = result.workflowData![0][0].json;
		expect(validate({ ...item, amountMinor: 'lots' })).toBe(false);
		expect(validate({ ...item, event: 'made_up' })).toBe(false);
		expect(validate({ ...item, token: 'x' })).toBe(false);
		expect(validate({ ...item, receivedAt: 'yesterday' })).toBe(false);
	});
});
