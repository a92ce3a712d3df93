import type { CheckReport, ProbedOperation } from './check.js';
import type { Impact, OperationRef } from './impacts.js';
import { countChanges } from './diff.js';
import { annotation } from './github.js';
import { inertJson, printable } from './printable.js';

// Every name, path and message below may come from a server or a file: each
// takes printable() (one line, controls escaped) on its way into the text.

/**
 * How `wandb-schema check` prints a {@link CheckReport}: `human` (readable text),
 * `json` (the report itself) or `github` (GitHub Actions workflow annotations).
 */
export type CheckFormat = 'human' | 'json' | 'github';

function at(place: { file: string; line: number; column?: number }): string {
  const file = printable(place.file);
  return place.column ? `${file}:${place.line}:${place.column}` : `${file}:${place.line}`;
}

function operationList(operations: readonly OperationRef[], withPlaces: boolean): string {
  return operations.map((o) => (withPlaces ? `${printable(o.name)} (${at({ file: o.file, line: o.line })})` : printable(o.name))).join(', ');
}

function affectedOperations(report: CheckReport): Set<string> {
  return new Set(report.impacts.filter((i) => i.severity === 'breaking').flatMap((i) => i.operations.map((o) => o.name)));
}

function unusedBreaking(report: CheckReport) {
  return report.changes.filter((c) => c.criticality === 'breaking' && !c.used);
}

function unverified(report: CheckReport): ProbedOperation[] {
  return (report.probe ?? []).filter((p) => p.status === 'inconclusive' || p.status === 'not-probed');
}

function changesLine(report: CheckReport): string {
  const target = printable(report.target);
  const baseline = printable(report.baseline);
  if (report.method === 'probe') {
    const count = (status: ProbedOperation['status']) => (report.probe ?? []).filter((p) => p.status === status).length;
    return (
      `probe of ${target}: ${count('compatible')} compatible, ${count('breaking')} breaking, ${count('inconclusive')} inconclusive, ` +
      `${count('not-probed')} not probed (a probe sees what the server refuses, not its schema: schema changes are not listed)`
    );
  }
  const counts = countChanges(report.changes);
  if (report.changes.length > 0) {
    return `schema changes from ${baseline} to ${target}: ${counts.breaking} breaking, ${counts.dangerous} dangerous, ${counts.safe} safe (\`wandb-schema diff\` lists them all)`;
  }
  return report.baseline === report.target ? 'no schema changes (the target is the baseline)' : `no schema changes from ${baseline} to ${target}`;
}

/** `1 operation`, `2 operations`: a count with its noun. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function verdict(report: CheckReport): string {
  const total = report.operations.length;
  const target = printable(report.target);
  if (report.exitCode === 1)
    return `BREAKING: ${affectedOperations(report).size} of ${count(total, 'operation')} ${affectedOperations(report).size === 1 ? 'breaks' : 'break'} against ${target}`;
  const notVerified = unverified(report);
  const inconclusive = notVerified.filter((p) => p.status === 'inconclusive').length;
  if (report.exitCode === 2) {
    return inconclusive > 0
      ? `INCONCLUSIVE: ${inconclusive} of ${count(total, 'operation')} could not be verified against ${target}; none of the others breaks`
      : `INCONCLUSIVE: ${total === 1 ? 'the one operation' : `none of the ${total} operations`} could ${total === 1 ? 'not ' : ''}be probed against ${target}`;
  }
  if (notVerified.length > 0) {
    return `no impact: ${total - notVerified.length} of ${count(total, 'operation')} ${total - notVerified.length === 1 ? 'is' : 'are'} valid against ${target}; ${notVerified.length} not probed (see above)`;
  }
  return `no impact: ${total === 1 ? 'the one operation is' : `all ${total} operations are`} valid against ${target}`;
}

function summary(report: CheckReport): string {
  return `${changesLine(report)}\n${verdict(report)}`;
}

function describeImpact(impact: Impact): string[] {
  const where = `${impact.definitionKind} ${printable(impact.definition)}`;
  const lines = [`  ${at(impact)}  ${printable(impact.coordinate)}  (in ${where})`];
  for (const reason of impact.reasons) lines.push(`      ${printable(reason)}`);
  if (impact.operations.length > 0) lines.push(`      operations: ${operationList(impact.operations, true)}`);
  else lines.push('      operations: none (the fragment is not used by any operation in the documents)');
  return lines;
}

/**
 * The report as readable text: what was checked, then breaking places,
 * dangerous ones, operations a probe could not verify, unused breaking
 * changes, then a summary and the verdict.
 */
export function formatCheckHuman(report: CheckReport): string {
  const measured = report.baseline === report.target ? '' : ` (changes measured from ${printable(report.baseline)})`;
  const lines = [
    report.method === 'probe'
      ? `Probed ${count(report.operations.length, 'operation')} in ${count(report.files.length, 'file')} against ${printable(report.target)}, without running them.`
      : `Checked ${count(report.operations.length, 'operation')} in ${count(report.files.length, 'file')} against ${printable(report.target)}${measured}.`,
  ];
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
  const notVerified = unverified(report);
  if (notVerified.length > 0) {
    lines.push('', `Not verified (${notVerified.length}):`);
    for (const p of notVerified)
      lines.push(
        `  ${at({ file: p.file, line: p.line })}  ${printable(p.name)}  ${p.status === 'inconclusive' ? 'inconclusive' : 'not probed'}: ${printable(p.detail ?? '')}`,
      );
  }
  const unused = unusedBreaking(report);
  if (unused.length > 0) {
    lines.push('', `Breaking schema changes that no document uses (${unused.length}):`);
    for (const change of unused) lines.push(`  ${printable(change.coordinate)}  ${printable(change.message)}`);
  }
  lines.push('', summary(report));
  return `${lines.join('\n')}\n`;
}

/** The report as indented JSON, with a trailing newline; values exact, the characters JSON leaves raw written as escapes. */
export function formatCheckJson(report: CheckReport): string {
  return `${inertJson(JSON.stringify(report, null, 2))}\n`;
}

/**
 * Annotations on the lines that break (errors) or may change (warnings), on
 * operations a probe could not verify (errors) or did not send (warnings),
 * notices for unused breaking changes, then the summary.
 */
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
  for (const p of unverified(report)) {
    // Inconclusive fails the check (exit 2); a mutation left unsent is a standing warning.
    const [level, title] = p.status === 'inconclusive' ? (['error', 'could not verify'] as const) : (['warning', 'not probed'] as const);
    lines.push(annotation(level, p.detail ?? '', { file: p.file, line: p.line, col: p.column, title: `wandb-schema: ${title} ${p.name}` }));
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
