// biome-ignore-all lint/style/noNonNullAssertion: compile() makes a node's keys, fields and inherited flags together, of one length; the walk runs on every response, so it relies on that instead of checking again.
// The shape an operation's `data` must have, and the one check that holds
// every answer the SDK consumes against it. The shapes are generated from each
// operation and the schema at codegen time (tools/codegen-shapes.cjs writes
// src/generated/shapes.ts), so what is checked is exactly what the typed
// document promises.
//
// A shape is compact JSON:
// - a leaf is a string: flags, then the kinds of value allowed. Kinds: `s`
//   string (String, ID, enums), `i` integer (Int), `f` number (Float), `b`
//   boolean, `*` any JSON value (scalars whose form is not known);
// - a list is `[itemShape]`, or `[itemShape, flags]`;
// - an object is `{ responseKey: shape, ... }`, its flags under the key `""`
//   (never a GraphQL name);
// - flags: `?` the value may be null, `-` the field may be absent (under
//   `@include`/`@skip`, or selected on only some of an abstract type's types).

/** What a value must look like: see the comment at the top of src/shape.ts. */
export type Shape = string | ShapeList | ShapeObject;
/** A list and its item shape (and flags). */
export type ShapeList = readonly [item: Shape, flags?: string];
/** An object's fields by response key (and its flags under `""`). */
export interface ShapeObject {
  readonly [responseKey: string]: Shape;
}

/** Where `data` departs from its shape, and how. */
export interface ShapeMismatch {
  /** `users.edges[3].node.email`: response keys and list indices from the root of `data`. */
  path: string;
  /** What is there instead: `null`, `missing`, `a number`... and what belongs there. */
  problem: string;
}

type Path = (string | number)[];

// A shape as the checker walks it, made once per shape: no string parsing or
// key enumeration per value checked (a page of 50 users is some 1,500 values).
const STRING = 1;
const INTEGER = 2;
const NUMBER = 4;
const BOOLEAN = 8;
const ANY = 16;
const KINDS: Record<string, number> = { s: STRING, i: INTEGER, f: NUMBER, b: BOOLEAN, '*': ANY };
const KIND_NAMES: [number, string][] = [
  [STRING, 'a string'],
  [INTEGER, 'an integer'],
  [NUMBER, 'a number'],
  [BOOLEAN, 'a boolean'],
];

interface Compiled {
  nullable: boolean;
  mayBeAbsent: boolean;
  /** Leaves: the kinds allowed (bits above). */
  kinds: number;
  /** Lists: the item. */
  item: Compiled | undefined;
  /** Objects: response keys and their shapes, in the same order. */
  keys: string[] | undefined;
  fields: Compiled[] | undefined;
  /** Objects: whether each key is also a property every object inherits (`constructor`...). */
  inherited: boolean[] | undefined;
}

const compiled = new WeakMap<object, Compiled>();

function compile(shape: Shape): Compiled {
  if (typeof shape === 'string') {
    const flags = /^[?-]*/.exec(shape)![0];
    let kinds = 0;
    for (const kind of shape.slice(flags.length)) kinds |= KINDS[kind] ?? ANY;
    return {
      nullable: flags.includes('?'),
      mayBeAbsent: flags.includes('-'),
      kinds,
      item: undefined,
      keys: undefined,
      fields: undefined,
      inherited: undefined,
    };
  }
  const known = compiled.get(shape);
  if (known) return known;
  let made: Compiled;
  if (Array.isArray(shape)) {
    const [item, flags = ''] = shape as ShapeList;
    made = {
      nullable: flags.includes('?'),
      mayBeAbsent: flags.includes('-'),
      kinds: 0,
      item: compile(item),
      keys: undefined,
      fields: undefined,
      inherited: undefined,
    };
  } else {
    const object = shape as ShapeObject;
    const flags = (object[''] as string | undefined) ?? '';
    const keys = Object.keys(object).filter((key) => key !== '');
    const fields = keys.map((key) => compile(object[key]!));
    made = {
      nullable: flags.includes('?'),
      mayBeAbsent: flags.includes('-'),
      kinds: 0,
      item: undefined,
      keys,
      fields,
      inherited: keys.map((key) => key in Object.prototype),
    };
  }
  compiled.set(shape, made);
  return made;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function expected(node: Compiled): string {
  if (node.item) return 'a list';
  if (node.keys) return 'an object';
  if (node.kinds & ANY) return 'a JSON value';
  return KIND_NAMES.filter(([bit]) => node.kinds & bit)
    .map(([, name]) => name)
    .join(' or ');
}

function leafFits(value: unknown, kinds: number): boolean {
  switch (typeof value) {
    case 'string':
      return (kinds & (STRING | ANY)) !== 0;
    case 'number':
      return (kinds & (NUMBER | ANY)) !== 0 || ((kinds & INTEGER) !== 0 && Number.isInteger(value));
    case 'boolean':
      return (kinds & (BOOLEAN | ANY)) !== 0;
    default:
      return (kinds & ANY) !== 0;
  }
}

/**
 * Checks `value` against `node`, keeping `path` at the position being looked
 * at; returns the problem at the first departure (with `path` left there), or
 * undefined. `nullAllowed` says whether a null is excused where the shape has
 * none (by a GraphQL error at or under that path).
 */
function walk(value: unknown, node: Compiled, path: Path, nullAllowed: (path: Path) => boolean): string | undefined {
  if (value === null) return node.nullable || nullAllowed(path) ? undefined : `null, expected ${expected(node)}`;
  const { item, keys } = node;
  if (item) {
    if (!Array.isArray(value)) return `${describe(value)}, expected a list`;
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const problem = walk(value[i], item, path, nullAllowed);
      if (problem !== undefined) return problem;
      path.pop();
    }
    return undefined;
  }
  if (!keys) return leafFits(value, node.kinds) ? undefined : `${describe(value)}, expected ${expected(node)}`;
  if (typeof value !== 'object' || Array.isArray(value)) return `${describe(value)}, expected an object`;
  const object = value as Record<string, unknown>;
  const fields = node.fields!;
  const inherited = node.inherited!;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    path.push(key);
    // JSON has no undefined: a field that reads as undefined is missing. Own properties only
    // for names every object inherits: a missing "constructor" must not find Object.prototype's.
    const field = inherited[i] && !Object.hasOwn(object, key) ? undefined : object[key];
    if (field !== undefined) {
      const problem = walk(field, fields[i]!, path, nullAllowed);
      if (problem !== undefined) return problem;
    } else if (!fields[i]!.mayBeAbsent) return 'missing';
    path.pop();
  }
  return undefined;
}

function formatPath(path: Path): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}

const NEVER = () => false;

/**
 * Where `data` departs from `shape`, or undefined when it has it. With
 * `errorPaths` (the `path` of each GraphQL error that came with `data`), a
 * null is accepted where an error explains it: at the error's path or above
 * it, where GraphQL puts the null of a failed non-null field.
 */
export function checkShape(data: unknown, shape: ShapeObject, errorPaths: readonly (readonly (string | number)[])[] = []): ShapeMismatch | undefined {
  const path: Path = [];
  const nullAllowed =
    errorPaths.length === 0 ? NEVER : (at: Path) => errorPaths.some((p) => p.length >= at.length && at.every((segment, i) => p[i] === segment));
  const problem = walk(data, compile(shape), path, nullAllowed);
  return problem === undefined ? undefined : { path: path.length === 0 ? 'data' : formatPath(path), problem };
}
