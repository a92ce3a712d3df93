import { countChanges, type Criticality, type SchemaChange } from './diff.js';

const HEADINGS: Record<Criticality, string> = { breaking: 'Breaking', dangerous: 'Dangerous', safe: 'Safe' };

export interface DiffReport {
  old: string;
  new: string;
  summary: ReturnType<typeof countChanges>;
  changes: SchemaChange[];
}

export function diffReport(oldName: string, newName: string, changes: SchemaChange[]): DiffReport {
  return { old: oldName, new: newName, summary: countChanges(changes), changes };
}

export function formatDiffHuman(report: DiffReport): string {
  const { summary } = report;
  if (report.changes.length === 0) return `No changes between ${report.old} and ${report.new}.\n`;
  const lines = [`Changes from ${report.old} to ${report.new}: ${summary.breaking} breaking, ${summary.dangerous} dangerous, ${summary.safe} safe`];
  for (const level of ['breaking', 'dangerous', 'safe'] as const) {
    const changes = report.changes.filter((c) => c.criticality === level);
    if (changes.length === 0) continue;
    lines.push('', `${HEADINGS[level]} (${changes.length})`);
    const width = Math.min(48, Math.max(...changes.map((c) => c.coordinate.length)));
    for (const change of changes) lines.push(`  ${change.coordinate.padEnd(width)}  ${change.message}`);
  }
  return `${lines.join('\n')}\n`;
}

export function formatDiffJson(report: DiffReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
