import { type Document, isMap, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

// Where a value of a parsed sync file is, as a 1-based line: the yaml
// package's document API keeps each node's offsets, and its LineCounter turns
// them into lines. Paths are those of the schema's issues: keys and indexes.

export type PathSegment = string | number | symbol;

/** The key's string form: map keys may be scalars of any type (`123:`). */
export function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' || typeof key === 'number' ? String(key) : undefined;
}

/** The node at `path`, or undefined when there is none (a missing field). */
function nodeAt(doc: Document, path: readonly PathSegment[]): Node | undefined {
  let node: unknown = doc.contents;
  for (const segment of path) {
    if (isMap(node)) node = node.items.find((pair) => keyText(pair.key) === String(segment))?.value;
    else if (isSeq(node) && typeof segment === 'number') node = node.items[segment];
    else return undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

/** The key node of the last segment of `path` (for problems with a key: unknown field, bad team name). */
function keyNodeAt(doc: Document, path: readonly PathSegment[]): Node | undefined {
  const parent = nodeAt(doc, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  const key = parent.items.find((pair) => keyText(pair.key) === String(path[path.length - 1]))?.key;
  return (key ?? undefined) as Node | undefined;
}

/** Resolves paths of one parsed file to lines. */
export class Locator {
  constructor(
    private readonly doc: Document,
    private readonly lines: LineCounter,
  ) {}

  /** The line of the value at `path`, or of the nearest enclosing value that exists (a missing field: its parent's). */
  lineOf(path: readonly PathSegment[]): number | null {
    for (let n = path.length; n >= 0; n--) {
      const node = nodeAt(this.doc, path.slice(0, n));
      if (node?.range) return this.lineAtOffset(node.range[0]);
    }
    return null;
  }

  /** The line of the key that ends `path`, falling back to its value's line. */
  lineOfKey(path: readonly PathSegment[]): number | null {
    const key = keyNodeAt(this.doc, path);
    return key?.range ? this.lineAtOffset(key.range[0]) : this.lineOf(path);
  }

  /** Whether `path` names something present in the file. */
  has(path: readonly PathSegment[]): boolean {
    return nodeAt(this.doc, path) !== undefined;
  }

  lineAtOffset(offset: number): number {
    return this.lines.linePos(offset).line;
  }
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `users[2].teams.ml`: a path as a person reads it (odd keys quoted: `teams["m l"]`). */
export function fieldName(path: readonly PathSegment[]): string | null {
  if (path.length === 0) return null;
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (PLAIN_KEY.test(String(segment))) text += text === '' ? String(segment) : `.${String(segment)}`;
    else text += `[${JSON.stringify(String(segment))}]`;
  }
  return text;
}
