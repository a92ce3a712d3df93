// One escaping path for text wandb-schema did not write itself: what a server
// answers (messages, names in them, descriptions, deprecation reasons, default
// values), and what files and arguments hold. Such text must not drive the
// terminal that shows it (escape sequences start with a control character;
// bidi controls and zero-width characters reorder or hide what is displayed)
// nor forge a line: a line of a workflow's output that starts with `::` is a
// GitHub Actions command (`::error::...`), read from stderr as from stdout.
// So every control, format and separator character in it, line feeds
// included, is shown as an escape; only wandb-schema's own text starts lines.

/** Controls (C0, DEL, C1), format characters (bidi, zero-width, BOM, tags...), line and paragraph separators. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

function escapeCharacter(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return code <= 0xffff ? `\\u${code.toString(16).padStart(4, '0')}` : `\\u{${code.toString(16)}}`;
}

/**
 * `text` on one line with every control, format and separator character
 * shown as `\uXXXX`: printed anywhere, it cannot move the cursor, recolour,
 * hide or reorder text, or start a line. The path every server-controlled
 * string takes to any output.
 */
export function printable(text: string): string {
  return text.replace(UNSAFE, escapeCharacter);
}

const MAX_MESSAGE_LENGTH = 500;

/** A server's message, made printable, its line breaks as spaces, and cut to a readable length. */
export function serverMessage(text: string): string {
  const line = printable(text.replace(/\s*[\r\n]+\s*/g, ' ').trim());
  return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH)}… (${line.length} characters)` : line;
}

// What the guard escapes: what printable() does, but line feeds (they end wandb-schema's own lines) and tabs (harmless,
// and part of the multi-line descriptions `pull` prints).
const UNSAFE_IN_OUTPUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * The last guard before a stream: text made of lines wandb-schema wrote, in
 * which any character {@link printable} escapes is escaped too, but line
 * feeds and tabs.
 */
export function guardOutput(text: string): string {
  return text.replace(UNSAFE_IN_OUTPUT, escapeCharacter);
}

// What JSON.stringify leaves raw in strings: DEL, C1 controls, format characters, separators.
const RAW_IN_JSON = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/**
 * A JSON text with the characters JSON.stringify leaves raw written as `\u`
 * escapes: the same value, exactly, but inert on a terminal. (They can only
 * occur inside strings, where an escape means the same character.)
 */
export function inertJson(json: string): string {
  return json.replace(RAW_IN_JSON, (character) => {
    let out = '';
    for (let i = 0; i < character.length; i++) out += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}
