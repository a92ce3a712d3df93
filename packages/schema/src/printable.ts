// Text from a server (or any file the tool did not write) is untrusted: it
// must not drive the terminal that shows it. Control characters (escape
// sequences start with one) and the Unicode controls that reorder what is
// displayed are shown as \u escapes instead (a carriage return too: it
// rewinds the line); newlines and tabs are kept.
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with terminal control characters shown as `\uXXXX`, so printing it cannot move the cursor, recolour or hide text. */
export function printable(text: string): string {
  return text.replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

const MAX_MESSAGE_LENGTH = 500;

/** A server's message, made printable, on one line, and cut to a readable length. */
export function serverMessage(text: string): string {
  const line = printable(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
  return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH)}… (${line.length} characters)` : line;
}
