import { countChanges, type Criticality, type SchemaChange } from './diff.js';
import { inertJson, printable } from './printable.js';

const HEADINGS: Record<Criticality, string> = { breaking: 'Breaking', dangerous: 'Dangerous', safe: 'Safe' };

/** What `wandb-schema diff` reports (`--json` prints exactly this). */
export interface DiffReport {
  /** Name of the old schema (as given: a file path or URL). */
  old: string;
  /** Name of the new schema. */
  new: string;
  /** How many of {@link DiffReport.changes} are breaking, dangerous and safe. */
  summary: ReturnType<typeof countChanges>;
  /** Every change, as {@link diffSchemas} returns them (most severe first). */
  changes: SchemaChange[];
}

/** A {@link DiffReport} of `changes` between the schemas named `oldName` and `newName`. */
export function diffReport(oldName: string, newName: string, changes: SchemaChange[]): DiffReport {
  return { old: oldName, new: newName, summary: countChanges(changes), changes };
}

/**
 * The report as readable text: the counts, then the changes grouped breaking,
 * dangerous, safe, one per line with its coordinate. Messages quote what the
 * server controls (descriptions, deprecation reasons, default values): each
 * is printable(), so it stays on its line and cannot drive the terminal.
 */
export function formatDiffHuman(report: DiffReport): string {
  const { summary } = report;
  const [oldName, newName] = [printable(report.old), printable(report.new)];
  if (report.changes.length === 0) return `No changes between ${oldName} and ${newName}.\n`;
  const lines = [`Changes from ${oldName} to ${newName}: ${summary.breaking} breaking, ${summary.dangerous} dangerous, ${summary.safe} safe`];
  for (const level of ['breaking', 'dangerous', 'safe'] as const) {
    const changes = report.changes.filter((c) => c.criticality === level).map((c) => ({ coordinate: printable(c.coordinate), message: printable(c.message) }));
    if (changes.length === 0) continue;
    lines.push('', `${HEADINGS[level]} (${changes.length})`);
    const width = Math.min(48, Math.max(...changes.map((c) => c.coordinate.length)));
    for (const change of changes) lines.push(`  ${change.coordinate.padEnd(width)}  ${change.message}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The report as indented JSON, with a trailing newline; values exact, the characters JSON leaves raw written as escapes. */
export function formatDiffJson(report: DiffReport): string {
  return `${inertJson(JSON.stringify(report, null, 2))}\n`;
}
