#!/usr/bin/env node
// npm run scan: n8n's own community-package scanner (@n8n/scan-community-package, pinned in
// devDependencies) on this package, as n8n runs it on a published one: its source (package.json,
// nodes/, credentials/) and every .js file and package.json of the packed tarball. Its CLI only
// scans packages on the registry, so this calls its exported analyzePackage() on local folders.
// Exits 1 on any error; needs no network.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import {
	SOURCE_FILE_PATTERNS,
	analyzePackage,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'scan-package-'));
try {
	const tarball = execFileSync(
		'npm',
		['pack', '--silent', '--ignore-scripts', '--pack-destination', work],
		{ cwd: root, encoding: 'utf8' },
	)
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
	const scans = [
		{ name: 'source', dir: root, patterns: SOURCE_FILE_PATTERNS },
		{ name: 'packed tarball', dir: join(work, 'package'), patterns: ['**/*.js', 'package.json'] },
	];
	let failed = false;
	for (const { name, dir, patterns } of scans) {
		const result = await analyzePackage(dir, patterns);
		console.log(`[scan] ${name}: ${result.passed ? 'passed' : `FAILED: ${result.message}`}`);
		if (!result.passed) {
			failed = true;
			if (result.details) console.log(result.details);
		}
	}
	process.exitCode = failed ? 1 : 0;
} finally {
	rmSync(work, { recursive: true, force: true });
}
