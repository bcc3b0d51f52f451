#!/usr/bin/env node
// Installs a packed tarball of this package into an n8n user folder the way n8n's own Community
// Nodes installer does (n8n 2.x community-packages.service.ts, downloadPackage):
//   unpack into <userFolder>/.n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies from
//   its package.json, `npm install` its runtime dependencies inside it (this package has none: zod
//   resolves from n8n's own modules, which n8n puts on NODE_PATH), and list it in
//   <userFolder>/.n8n/nodes/package.json. n8n loads it on its next start.
//
// Usage: node scripts/install-community-package.js <tarball.tgz> <n8nUserFolder>
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

function installCommunityPackage(tarball, userFolder) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const manifest = JSON.parse(
		execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }),
	);
	const packageDir = path.join(nodesDir, 'node_modules', manifest.name);

	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	execFileSync('tar', ['-xzf', path.resolve(tarball), '-C', packageDir, '--strip-components=1']);

	const installed = { ...manifest };
	delete installed.devDependencies;
	delete installed.peerDependencies;
	delete installed.optionalDependencies;
	fs.writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(installed, null, 2));

	execFileSync(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: packageDir, stdio: ['ignore', 'ignore', 'inherit'] },
	);

	const listPath = path.join(nodesDir, 'package.json');
	const list = fs.existsSync(listPath)
		? JSON.parse(fs.readFileSync(listPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	list.dependencies = { ...list.dependencies, [manifest.name]: manifest.version };
	fs.writeFileSync(listPath, JSON.stringify(list, null, 2));
	return { name: manifest.name, version: manifest.version, packageDir };
}

module.exports = { installCommunityPackage };

if (require.main === module) {
	const [tarball, userFolder] = process.argv.slice(2);
	if (!tarball || !userFolder) {
		console.error('usage: node scripts/install-community-package.js <tarball.tgz> <n8nUserFolder>');
		process.exit(2);
	}
	const { name, version, packageDir } = installCommunityPackage(tarball, userFolder);
	console.error(`installed ${name}@${version} as a community package in ${packageDir}`);
}
