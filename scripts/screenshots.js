#!/usr/bin/env node
// Helper of scripts/screenshots.sh (npm run screenshots): screenshots of the real n8n editor.
//   node scripts/screenshots.js prepare <workDir>
//     writes <workDir>/credentials.json and workflows.json (for `n8n import:*`) and shots.json
//   node scripts/screenshots.js shoot <baseUrl> <workDir> <imagesDir>
//     signs in as a new owner and saves one PNG per entry of shots.json, in headless Chromium
const fs = require('fs');
const os = require('os');
const path = require('path');
const { setTimeout: sleep } = require('timers/promises');

const ROOT = path.join(__dirname, '..');
const PREFIX = 'n8n-nodes-payment-callbacks.';

// One credential per provider, with obviously fake values, so each trigger shows a credential chosen.
const CREDENTIALS = {
	ataraPayTrigger: {
		id: 'shotAtaraPayCrd1',
		name: 'AtaraPay account',
		type: 'ataraPayApi',
		data: { publicKey: 'pk_test_example', privateKey: 'sk_test_example' },
	},
	intraPayTrigger: {
		id: 'shotIntraPayCrd1',
		name: 'IntraPay account',
		type: 'intraPayApi',
		data: {
			partnerSecretKey: 'sk_partner_example',
			merchantSecretKey: 'sk_merchant_example',
			signatureScheme: 'hmacSha512',
		},
	},
	opttyTrigger: {
		id: 'shotOpttyCrd0001',
		name: 'Optty account',
		type: 'opttyApi',
		data: {
			environment: 'sandbox',
			hashSecret: 'example-hash-secret',
			clientId: '',
			clientSecret: '',
			authUrl: '',
			apiUrl: '',
		},
	},
	// n8n's own nodes used in the examples, so they show no "credentials missing" warning
	'n8n-nodes-base.emailSend': {
		id: 'shotSmtpCred0001',
		name: 'SMTP account',
		type: 'smtp',
		data: { user: '', password: '', host: 'smtp.example.com', port: 587, secure: false },
	},
	'n8n-nodes-base.googleSheets': {
		id: 'shotGSheetsCrd01',
		name: 'Google Sheets account',
		type: 'googleSheetsOAuth2Api',
		data: { clientId: 'example-client-id', clientSecret: 'example-client-secret' },
	},
};

/** Credential of a node type (the package's triggers are keyed by their short name). */
const credentialFor = (type) =>
	CREDENTIALS[type.startsWith(PREFIX) ? type.slice(PREFIX.length) : type];

/** The package's trigger types, from package.json: dist/nodes/AtaraPay/AtaraPayTrigger.node.js -> ataraPayTrigger. */
function triggerTypes() {
	const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
	return manifest.n8n.nodes.map((file) => {
		const base = path.basename(file, '.node.js');
		return base[0].toLowerCase() + base.slice(1);
	});
}

function prepare(workDir) {
	const examplesDir = path.join(ROOT, 'examples');
	const files = fs.existsSync(examplesDir)
		? fs
				.readdirSync(examplesDir)
				.filter((f) => f.endsWith('.json'))
				.sort()
		: [];
	const workflows = [];
	const shots = [];
	files.forEach((file, index) => {
		const workflow = JSON.parse(fs.readFileSync(path.join(examplesDir, file), 'utf8'));
		// n8n workflow ids are 16 characters; give one to an example that has none
		workflow.id = workflow.id || `shotExample${String(index).padStart(5, '0')}`;
		workflow.active = false;
		for (const node of workflow.nodes || []) {
			const credential = credentialFor(String(node.type));
			if (credential)
				node.credentials = {
					...node.credentials,
					[credential.type]: { id: credential.id, name: credential.name },
				};
		}
		workflows.push(workflow);
		shots.push({
			kind: 'canvas',
			workflowId: workflow.id,
			nodeCount: (workflow.nodes || []).length,
			file: `example-${path.basename(file, '.json')}.png`,
		});
	});

	// One NDV shot per trigger: opened in the first example that uses it, else in a one-node workflow.
	triggerTypes().forEach((short, index) => {
		const type = PREFIX + short;
		// package.json lists the triggers; a new one must have its credential above, or its shot shows a warning
		if (!credentialFor(type))
			throw new Error(`no screenshot credential for ${short}: add it to CREDENTIALS`);
		const file = `${short.replace(/Trigger$/, '').toLowerCase()}-trigger.png`;
		let workflow = workflows.find((w) => (w.nodes || []).some((n) => n.type === type));
		if (!workflow) {
			const credential = credentialFor(type);
			workflow = {
				id: `shotTrigger${String(index).padStart(5, '0')}`,
				name: short,
				active: false,
				nodes: [
					{
						id: `0b5c1e7e-0000-4000-8000-00000000000${index}`,
						name: short,
						type,
						typeVersion: 1,
						position: [0, 0],
						webhookId: `0b5c1e7e-0000-4000-8000-0000000000a${index}`,
						parameters: {},
						...(credential
							? { credentials: { [credential.type]: { id: credential.id, name: credential.name } } }
							: {}),
					},
				],
				connections: {},
				settings: { executionOrder: 'v1' },
			};
			workflows.push(workflow);
		}
		const node = workflow.nodes.find((n) => n.type === type);
		shots.push({
			kind: 'ndv',
			workflowId: workflow.id,
			nodeId: node.id,
			nodeName: node.name,
			file,
		});
	});

	const credentials = Object.values(CREDENTIALS);
	fs.writeFileSync(path.join(workDir, 'credentials.json'), JSON.stringify(credentials, null, 2));
	fs.writeFileSync(path.join(workDir, 'workflows.json'), JSON.stringify(workflows, null, 2));
	fs.writeFileSync(path.join(workDir, 'shots.json'), JSON.stringify(shots, null, 2));
	console.log(
		`[screenshots] ${workflows.length} workflow(s), ${credentials.length} credential(s), ${shots.length} shot(s) planned`,
	);
}

const PANEL_WIDTH = 720; // px, the NDV parameter panel in the trigger screenshots
const OWNER = {
	email: 'docs@example.com',
	firstName: 'Docs',
	lastName: 'Owner',
	password: 'Screenshots-owner-1',
};

/** Fails when something covers or spoils the editor: a dialog other than the NDV, or an error toast. */
async function assertClean(page) {
	const spoilers = await page.evaluate(() => {
		const visible = (element) =>
			element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
		const found = [];
		for (const element of document.querySelectorAll(
			'.el-overlay, .el-notification, [role="dialog"], [role="alert"]',
		)) {
			if (
				!visible(element) ||
				element.closest('[data-test-id="ndv"]') ||
				element.matches('[data-test-id="ndv"]')
			)
				continue;
			found.push(
				`${element.className || element.tagName}: ${(element.textContent || '').trim().slice(0, 120)}`,
			);
		}
		return found;
	});
	if (spoilers.length) throw new Error(`something covers the editor: ${spoilers.join(' | ')}`);
}

/** Top and bottom of the workflow on screen (nodes with their labels, sticky notes), and of the free canvas. */
function layout() {
	const rect = (selector) => document.querySelector(selector).getBoundingClientRect();
	let top = Infinity;
	let bottom = -Infinity;
	for (const element of document.querySelectorAll(
		'[data-test-id="canvas-node"], [data-test-id="canvas-node"] *, [data-test-id="sticky"]',
	)) {
		const box = element.getBoundingClientRect();
		if (box.width === 0 || box.height === 0) continue;
		top = Math.min(top, box.top);
		bottom = Math.max(bottom, box.bottom);
	}
	// the floating "Execute workflow" button sits over the bottom of the canvas
	return {
		top,
		bottom,
		freeTop: rect('[data-test-id="canvas"]').top + 8,
		freeBottom: rect('[data-test-id="execute-workflow-button"]').top - 12,
	};
}

/** The canvas, zoomed to fit, without hover toolbars or the minimap that zooming shows for a moment. */
async function shootCanvas(page, baseUrl, shot, file) {
	await page.goto(`${baseUrl}/workflow/${shot.workflowId}`);
	const selector = '[data-test-id="canvas-node"], [data-test-id="sticky"]';
	await page.waitForFunction(
		([s, count]) => document.querySelectorAll(s).length >= count,
		[selector, shot.nodeCount],
		{ timeout: 60_000 },
	);
	await page.locator('[data-test-id="zoom-to-fit"]').click();
	await sleep(500);
	// zoom to fit centres the workflow, so its bottom row ends up under the "Execute workflow" button:
	// move it up (the wheel pans), or zoom out one step when it is too tall for the space above the button
	for (let attempt = 0; attempt < 10; attempt++) {
		const { top, bottom, freeTop, freeBottom } = await page.evaluate(layout);
		const shift = (freeTop + freeBottom) / 2 - (top + bottom) / 2;
		if (bottom - top > freeBottom - freeTop) {
			await page.locator('[data-test-id="zoom-out-button"]').click();
		} else if (top < freeTop || bottom > freeBottom || Math.abs(shift) > 8) {
			await page.mouse.move(720, 450);
			await page.mouse.wheel(0, -shift);
		} else {
			break;
		}
		await sleep(400);
	}
	await page.mouse.move(5, 450); // the left sidebar: nothing on the canvas is hovered
	await page
		.locator('[data-test-id="canvas-minimap"]')
		.waitFor({ state: 'hidden', timeout: 10_000 })
		.catch(() => {});
	await sleep(1000); // the minimap's fade-out
	await assertClean(page);
	await page.screenshot({ path: file });
}

/** The trigger's parameter panel (NDV opened through its URL), widened, webhook URLs unfolded. */
async function shootNdv(page, baseUrl, shot, file) {
	await page.goto(`${baseUrl}/workflow/${shot.workflowId}/${shot.nodeId}`);
	const ndv = page.locator('[data-test-id="ndv"]');
	await ndv.locator('[data-test-id="node-parameters"]').waitFor({ timeout: 60_000 });
	await ndv.locator('[data-test-id="node-credentials-select"]').waitFor();
	await sleep(1000); // the panel's opening transition
	await ndv.getByText('Webhook URLs', { exact: true }).click();
	await ndv.getByText('Production URL', { exact: true }).click();
	// the parameter panel is narrow by default: drag its edges to a fixed width around the NDV's centre
	// (n8n remembers panel sizes between openings, so the target is absolute, not a distance)
	const ndvBox = await ndv.boundingBox();
	const centre = ndvBox.x + ndvBox.width / 2;
	for (const [edge, target] of [
		['right', centre + PANEL_WIDTH / 2],
		['left', centre - PANEL_WIDTH / 2],
	]) {
		const box = await ndv
			.locator(`[data-test-id="resize-handle"][class*="_${edge}_"]`)
			.boundingBox();
		if (!box) throw new Error(`no ${edge} resize handle on the parameter panel`);
		await page.mouse.move(box.x + box.width / 2, box.y + 200);
		await page.mouse.down();
		await page.mouse.move(target, box.y + 200, { steps: 10 });
		await page.mouse.up();
	}
	await page.mouse.move(5, 5);
	await sleep(500);
	await assertClean(page);
	// crop: the panel, down to its last parameter (the space below is empty)
	const panel = await ndv.locator('.node-settings').boundingBox();
	const params = await ndv.locator('.parameter-input-list-wrapper').first().boundingBox();
	const bottom = Math.min(panel.y + panel.height, params.y + params.height + 24);
	await page.screenshot({
		path: file,
		clip: { x: panel.x, y: panel.y, width: panel.width, height: bottom - panel.y },
	});
}

async function shoot(baseUrl, workDir, imagesDir) {
	const { chromium } = require('playwright-core');
	const shots = JSON.parse(fs.readFileSync(path.join(workDir, 'shots.json'), 'utf8'));
	fs.mkdirSync(imagesDir, { recursive: true });
	const browser = await chromium.launch({
		executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
		// no internet here: without the background-networking flags Chromium keeps dialing out
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
	});
	const written = [];
	let failed = 0;
	try {
		const context = await browser.newContext({
			viewport: { width: 1440, height: 900 },
			deviceScaleFactor: 1,
		});
		// the first visit's owner setup, through the editor's REST API; its session cookie stays in the context
		const setup = await context.request.post(`${baseUrl}/rest/owner/setup`, { data: OWNER });
		if (!setup.ok()) throw new Error(`owner setup failed: ${setup.status()} ${await setup.text()}`);
		const page = await context.newPage();
		for (const shot of shots) {
			const file = path.join(imagesDir, shot.file);
			try {
				await (shot.kind === 'ndv' ? shootNdv : shootCanvas)(page, baseUrl, shot, file);
				written.push(file);
				console.log(`[screenshots] ${shot.file}`);
			} catch (error) {
				failed++;
				// what the page looked like, kept outside the temporary folder for a look
				const seen = path.join(os.tmpdir(), `screenshots-failed-${shot.file}`);
				await page.screenshot({ path: seen }).catch(() => {});
				console.error(
					`[screenshots] FAILED ${shot.file}: ${String(error.message || error).split('\n')[0]} (page as seen: ${seen})`,
				);
			}
		}
	} finally {
		await browser.close();
	}
	fs.writeFileSync(
		path.join(workDir, 'written.txt'),
		written.map((f) => `${path.relative(ROOT, f)}\n`).join(''),
	);
	if (failed) process.exitCode = 1;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'prepare' && args.length === 1) {
	prepare(args[0]);
} else if (mode === 'shoot' && args.length === 3) {
	shoot(...args).catch((error) => {
		console.error(`[screenshots] ${error.stack || error}`);
		process.exit(1);
	});
} else {
	console.error(
		'usage: node scripts/screenshots.js prepare <workDir> | shoot <baseUrl> <workDir> <imagesDir>',
	);
	process.exit(2);
}
