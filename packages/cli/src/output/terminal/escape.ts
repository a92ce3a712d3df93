// Data from a W&B server or from an input file is written to an admin's
// terminal. Any of these characters in it could move the cursor, rewrite or
// hide what is on the screen, set the window title or a hyperlink (ESC, CSI and
// OSC sequences, C1 controls such as U+009B), forge a line (CR, LF), or make
// text read in another order than it is stored (bidi overrides and isolates,
// zero-width and other invisible format characters). They are shown escaped
// instead, visibly: `\x1b`, `\u202e`.

/**
 * Controls (C0, DEL, C1), format characters (bidi controls, zero-width
 * characters, BOM, soft hyphen, tag characters...) and the line and paragraph
 * separators.
 */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

const SHORT: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function hex(codePoint: number, digits: number): string {
  return codePoint.toString(16).padStart(digits, '0');
}

/** How one unsafe character is shown: `\n`, `\x1b`, `\u202e`, `\u{e0041}`. */
export function escapeCharacter(character: string): string {
  const codePoint = character.codePointAt(0);
  if (codePoint === undefined) return '';
  if (SHORT[character]) return SHORT[character];
  if (codePoint <= 0xff) return `\\x${hex(codePoint, 2)}`;
  if (codePoint <= 0xffff) return `\\u${hex(codePoint, 4)}`;
  return `\\u{${hex(codePoint, 1)}}`;
}

/** `text` with every control, format and separator character shown escaped. */
export function escapeControls(text: string): string {
  return text.replace(UNSAFE, escapeCharacter);
}

/** Whether `text` holds any character {@link escapeControls} would escape. */
export function hasControls(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/**
 * A JSON text with the characters JSON.stringify leaves raw (DEL, C1 controls,
 * format characters, U+2028/U+2029) written as `\u` escapes: the same JSON
 * value, exactly, but inert on a terminal. They can only occur inside strings,
 * where a `\u` escape means the same character.
 */
export function inertJson(json: string): string {
  return json.replace(UNSAFE, (character) => {
    let out = '';
    for (let i = 0; i < character.length; i++) out += `\\u${hex(character.charCodeAt(i), 4)}`;
    return out;
  });
}

// The colour sequences this CLI emits itself (picocolors' SGR codes for the
// styles in styled.ts); everything else that starts with ESC is escaped.
const SGR = /\u001b\[([0-9;]*)m/g;
const OWN_SGR_CODES = new Set(['0', '1', '2', '22', '31', '32', '33', '36', '39']);

function guard(text: string, keepNewlines: boolean): string {
  let out = '';
  let last = 0;
  for (const match of text.matchAll(SGR)) {
    if (!(match[1] ?? '').split(';').every((code) => OWN_SGR_CODES.has(code))) continue;
    out += escapeOther(text.slice(last, match.index), keepNewlines) + match[0];
    last = match.index + match[0].length;
  }
  return out + escapeOther(text.slice(last), keepNewlines);
}

function escapeOther(text: string, keepNewlines: boolean): string {
  return keepNewlines ? text.split('\n').map(escapeControls).join('\n') : escapeControls(text);
}

/**
 * The last line of defence before a line reaches a stream: escapes every
 * control character except the colour sequences the CLI emits itself, newlines
 * included (a line is one line).
 */
export function guardLine(text: string): string {
  return guard(text, false);
}

/** As {@link guardLine}, for text of several lines (help, commander's messages, a stack trace). */
export function guardBlock(text: string): string {
  return guard(text, true);
}
