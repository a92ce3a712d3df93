import { escapeControls, guardBlock, guardLine, inertJson } from '../src/output/terminal/escape';
import { Styled, t, table } from '../src/output/terminal/styled';
import { neutraliseCell, unmarkCell } from '../src/commands/import/spreadsheet';

describe('escapeControls: every control and format character, shown visibly', () => {
  test.each([
    ['ESC (CSI, OSC)', '\u001b[2J\u001b]0;t\u0007', String.raw`\x1b[2J\x1b]0;t\x07`],
    ['CR, LF, tab', 'a\rb\nc\td', String.raw`a\rb\nc\td`],
    ['NUL, DEL', '\u0000\u007f', String.raw`\x00\x7f`],
    ['C1 controls (CSI U+009B, NEL U+0085)', '\u009b31m\u0085', String.raw`\x9b31m\x85`],
    [
      'bidi overrides, embeddings, isolates, marks',
      '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c',
      String.raw`\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c`,
    ],
    ['zero-width and invisible format characters', '\u200b\u200c\u200d\u2060\ufeff\u00ad', String.raw`\u200b\u200c\u200d\u2060\ufeff\xad`],
    ['line and paragraph separators', '\u2028\u2029', String.raw`\u2028\u2029`],
    ['tag characters (astral)', '\u{e0041}', String.raw`\u{e0041}`],
  ])('%s', (_what, raw, shown) => {
    expect(escapeControls(raw)).toBe(shown);
  });

  test('printable text, accents, CJK and emoji are left alone', () => {
    const text = 'Sofía Álvarez 田中 👩‍🔬'.replace('\u200d', '');
    expect(escapeControls(text)).toBe(text);
  });
});

describe('the last guard', () => {
  test("keeps the CLI's own colour sequences and escapes every other one", () => {
    expect(guardLine('\u001b[1mbold\u001b[22m \u001b[31mred\u001b[39m')).toBe('\u001b[1mbold\u001b[22m \u001b[31mred\u001b[39m');
    expect(guardLine('\u001b[8mhidden\u001b[0m \u001b[2J \u001b[38;5;1m')).toBe(`${String.raw`\x1b[8mhidden`}\u001b[0m${String.raw` \x1b[2J \x1b[38;5;1m`}`);
  });

  test('a line stays one line; a block keeps its line ends only', () => {
    expect(guardLine('a\nb\rc')).toBe(String.raw`a\nb\rc`);
    expect(guardBlock('a\nb\rc\u001b]0;t\u0007\n')).toBe(`a\n${String.raw`b\rc\x1b]0;t\x07`}\n`);
  });
});

describe('Styled: strings are escaped on the way in, padding counts what is shown', () => {
  test('t`` escapes what is interpolated, not what is already styled', () => {
    const c = Styled.palette(true);
    expect(t`user ${'a\nb'} is ${c.bold('x\u001b')}`.toString()).toBe(`${String.raw`user a\nb is `}\u001b[1m${String.raw`x\x1b`}\u001b[22m`);
  });

  test('table pads by the escaped width, colours counting as nothing', () => {
    const c = Styled.palette(true);
    const rows = table([
      ['\u202e', 'x'],
      [c.red('ab'), 'y'],
    ]).map(String);
    expect(rows).toEqual([String.raw`\u202e  x`, `\u001b[31mab\u001b[39m      y`]);
  });
});

test('inertJson: the same JSON value, with nothing a terminal acts on', () => {
  const value = { s: 'a\u001b[2J\u009b\u202e\u2028\u{e0041}\u007f\ufeff' };
  const json = inertJson(JSON.stringify(value));
  expect(JSON.parse(json)).toEqual(value);
  expect(json).toMatch(/^[\x20-\x7e]*$/);
});

describe('spreadsheet cells (OWASP CSV injection)', () => {
  test.each(['=1+2', '+1', '-1', '@SUM(A1)', '\tx', '\rx'])('%j is marked as text, and unmarked on reading', (cell) => {
    expect(neutraliseCell(cell)).toBe(`'${cell}`);
    expect(unmarkCell(neutraliseCell(cell))).toBe(cell);
  });

  test.each(['ann@example.com', "'quoted", "it's", ''])('%j is left alone both ways', (cell) => {
    expect(neutraliseCell(cell)).toBe(cell);
    expect(unmarkCell(cell)).toBe(cell);
  });
});
