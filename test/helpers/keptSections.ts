/**
 * The hand-written sections of a generated report (docs/benchmarks.md, docs/reliability.md): text between
 * `<!-- kept:name -->` and `<!-- /kept:name -->`, which a new run of the report keeps as it is.
 */
export function keptSections(previousReport: string): string {
	return (
		previousReport.match(/<!-- kept:[\w-]+ -->[\s\S]*?<!-- \/kept:[\w-]+ -->\n?/g) ?? []
	).join('\n');
}
