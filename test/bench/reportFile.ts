// The sections of docs/benchmarks.md that other runs than `npm run bench` write (bench:cpu, bench:levers,
// the n8n 1.x run): each between `<!-- kept:name -->` marks, so every run keeps the others' sections.
import { existsSync, readFileSync, writeFileSync } from 'fs';

/** Puts `content` between the `kept:<name>` marks of `file`, replacing what was there or adding it at the end. */
export function replaceKeptSection(file: string, name: string, content: string) {
	const report = existsSync(file) ? readFileSync(file, 'utf8') : '';
	const section = `<!-- kept:${name} -->\n${content.trim()}\n<!-- /kept:${name} -->\n`;
	const existing = new RegExp(`<!-- kept:${name} -->[\\s\\S]*?<!-- /kept:${name} -->\\n?`);
	writeFileSync(
		file,
		existing.test(report)
			? report.replace(existing, () => section)
			: `${report.trimEnd()}\n\n${section}`,
	);
}
