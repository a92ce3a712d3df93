import { printable } from './printable.js';

// GitHub Actions workflow commands (`::error file=...,line=...::message`).
// Values must be escaped or a newline or comma in a message ends the command:
// https://docs.github.com/actions/reference/workflow-commands-for-github-actions
// Their text (server messages, names, file paths) first takes the one escaping
// path of printable.ts, so no control character reaches the log raw either.

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface AnnotationProperties {
  file?: string;
  line?: number;
  col?: number;
  title?: string;
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function annotation(level: AnnotationLevel, message: string, properties: AnnotationProperties = {}): string {
  const props = Object.entries(properties)
    .filter(([, value]) => value !== undefined && value !== '')
    .map(([key, value]) => `${key}=${escapeProperty(printable(String(value)))}`)
    .join(',');
  return `::${level}${props ? ` ${props}` : ''}::${escapeData(printable(message))}`;
}
