import { type GraphQLSchema, Lexer, lexicographicSortSchema, printSchema, Source, TokenKind } from 'graphql';

/**
 * The schema as SDL in a canonical form: types, fields, arguments and enum
 * values sorted by name, extensions merged into their types, one trailing
 * newline, and no character in it that could drive a terminal (a string
 * holding one is written with it escaped; see the README's `pull`). The same schema always prints the same text, whatever
 * order or format (SDL or introspection) it arrived in, so snapshot diffs
 * show only real changes.
 */
export function normalizeSchema(schema: GraphQLSchema): string {
  return inertSdl(`${printSchema(lexicographicSortSchema(schema))}\n`);
}

// What printSchema can leave raw in the strings a server controls (descriptions,
// deprecation reasons, default values): DEL and C1 controls in block strings,
// format characters (bidi controls, zero-width characters) and line separators
// anywhere. Names cannot hold them: graphql-js checks every name it builds.
// Tabs and line feeds stay: they lay out multi-line descriptions.
const INERT_IN_FILE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/u;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A character as GraphQL `\u` escapes: one per UTF-16 unit (a pair for astral characters, which every GraphQL parser reads). */
function unicodeEscape(character: string): string {
  let out = '';
  for (let i = 0; i < character.length; i++) out += `\\u${character.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;
  return out;
}

/** `value` as a GraphQL string literal with every control, format and separator character escaped (`\u202E`). */
function escapedString(value: string): string {
  let out = '"';
  for (const character of value) {
    const short = SHORT_ESCAPES[character];
    if (short !== undefined) out += short;
    else if (INERT_IN_FILE.test(character)) out += unicodeEscape(character);
    else out += character;
  }
  return `${out}"`;
}

/**
 * SDL in which every string that holds a character able to drive a terminal
 * or reorder text is written again as a plain string literal with that
 * character escaped (`\u202E`, `\u009B`): the parsed schema is the same,
 * exactly, and printing the file (`cat`, a diff, a code review) shows the
 * escapes instead of obeying them. SDL without such a character is returned
 * as it is, without being lexed.
 */
export function inertSdl(sdl: string): string {
  if (!INERT_IN_FILE.test(sdl)) return sdl;
  const lexer = new Lexer(new Source(sdl));
  let out = '';
  let copied = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (token.kind !== TokenKind.STRING && token.kind !== TokenKind.BLOCK_STRING) continue;
    if (!INERT_IN_FILE.test(sdl.slice(token.start, token.end))) continue;
    out += sdl.slice(copied, token.start) + escapedString(token.value);
    copied = token.end;
  }
  return out + sdl.slice(copied);
}
