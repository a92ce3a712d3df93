import type { CheckReport, Impact, OperationRef } from './check.js';
import { countChanges } from './diff.js';
import { annotation } from './github.js';

/**
 * How `wandb-schema check` prints a {@link CheckReport}: `human` (readable text),
 * `json` (the report itself) or `github` (GitHub Actions workflow annotations).
 */
export type CheckFormat = 'human' | 'json' | 'github';

function at(place: { file: string; line: number; column?: number }): string {
  return place.column ? `${place.file}:${place.line}:${place.column}` : `${place.file}:${place.line}`;
}

function operationList(operations: readonly OperationRef[], withPlaces: boolean): string {
  return operations.map((o) => (withPlaces ? `${o.name} (${at({ file: o.file, line: o.line })})` : o.name)).join(', ');
}

function affectedOperations(report: CheckReport): Set<string> {
  return new Set(report.impacts.filter((i) => i.severity === 'breaking').flatMap((i) => i.operations.map((o) => o.name)));
}

function unusedBreaking(report: CheckReport) {
  return report.changes.filter((c) => c.criticality === 'breaking' && !c.used);
}

function summary(report: CheckReport): string {
  const counts = countChanges(report.changes);
  const changes =
    report.changes.length === 0
      ? report.baseline === report.target
        ? 'no schema changes (the target is the baseline)'
        : `no schema changes from ${report.baseline} to ${report.target}`
      : `schema changes from ${report.baseline} to ${report.target}: ${counts.breaking} breaking, ${counts.dangerous} dangerous, ${counts.safe} safe (\`wandb-schema diff\` lists them all)`;
  const affected = affectedOperations(report).size;
  const verdict =
    report.exitCode === 0
      ? `no impact: all ${report.operations.length} operations are valid against ${report.target}`
      : `BREAKING: ${affected} of ${report.operations.length} operations break against ${report.target}`;
  return `${changes}\n${verdict}`;
}

function describeImpact(impact: Impact): string[] {
  const where = `${impact.definitionKind} ${impact.definition}`;
  const lines = [`  ${at(impact)}  ${impact.coordinate}  (in ${where})`];
  for (const reason of impact.reasons) lines.push(`      ${reason}`);
  if (impact.operations.length > 0) lines.push(`      operations: ${operationList(impact.operations, true)}`);
  else lines.push('      operations: none (the fragment is not used by any operation in the documents)');
  return lines;
}

/** The report as readable text: what was checked, then breaking places, dangerous ones, unused breaking changes, then a summary and the verdict. */
export function formatCheckHuman(report: CheckReport): string {
  const measured = report.baseline === report.target ? '' : ` (changes measured from ${report.baseline})`;
  const lines = [`Checked ${report.operations.length} operations in ${report.files.length} files against ${report.target}${measured}.`];
  const breaking = report.impacts.filter((i) => i.severity === 'breaking');
  const dangerous = report.impacts.filter((i) => i.severity === 'dangerous');
  if (breaking.length > 0) {
    lines.push('', `Breaking for the documents (${breaking.length}):`);
    for (const impact of breaking) lines.push(...describeImpact(impact));
  }
  if (dangerous.length > 0) {
    lines.push('', `Dangerous for the documents (${dangerous.length}); valid, but results may change:`);
    for (const impact of dangerous) lines.push(...describeImpact(impact));
  }
  const unused = unusedBreaking(report);
  if (unused.length > 0) {
    lines.push('', `Breaking schema changes that no document uses (${unused.length}):`);
    for (const change of unused) lines.push(`  ${change.coordinate}  ${change.message}`);
  }
  lines.push('', summary(report));
  return `${lines.join('\n')}\n`;
}

/** The report as indented JSON, with a trailing newline. */
export function formatCheckJson(report: CheckReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Annotations on the lines that break (errors) or may change (warnings), notices for unused breaking changes, then the summary. */
export function formatCheckGithub(report: CheckReport): string {
  const lines: string[] = [];
  for (const impact of report.impacts) {
    const operations = impact.operations.length > 0 ? ` Operations: ${operationList(impact.operations, true)}.` : '';
    lines.push(
      annotation(impact.severity === 'breaking' ? 'error' : 'warning', `${impact.reasons.join(' ')}${operations}`, {
        file: impact.file,
        line: impact.line,
        col: impact.column,
        title: `wandb-schema: ${impact.severity} ${impact.coordinate}`,
      }),
    );
  }
  for (const change of unusedBreaking(report)) {
    lines.push(annotation('notice', `${change.message} (no document uses it)`, { title: `wandb-schema: breaking change ${change.coordinate}` }));
  }
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
}

/** The report in the given format (see {@link CheckFormat}), ending with a newline. */
export function formatCheck(report: CheckReport, format: CheckFormat): string {
  return format === 'json' ? formatCheckJson(report) : format === 'github' ? formatCheckGithub(report) : formatCheckHuman(report);
}
