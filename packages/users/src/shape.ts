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

const KIND_NAMES: Record<string, string> = { s: 'a string', i: 'an integer', f: 'a number', b: 'a boolean' };

function flagsOf(shape: Shape): string {
  if (typeof shape === 'string') return /^[?-]*/.exec(shape)![0];
  if (Array.isArray(shape)) return (shape as ShapeList)[1] ?? '';
  return ((shape as ShapeObject)[''] as string | undefined) ?? '';
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a number';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function expected(shape: Shape): string {
  if (Array.isArray(shape)) return 'a list';
  if (typeof shape !== 'string') return 'an object';
  const kinds = shape.replace(/^[?-]*/, '');
  return kinds.includes('*') ? 'a JSON value' : [...kinds].map((k) => KIND_NAMES[k] ?? k).join(' or ');
}

function leafFits(value: unknown, shape: string): boolean {
  switch (typeof value) {
    case 'string':
      return shape.includes('s') || shape.includes('*');
    case 'number':
      return shape.includes('f') || (shape.includes('i') && Number.isInteger(value)) || shape.includes('*');
    case 'boolean':
      return shape.includes('b') || shape.includes('*');
    default:
      return shape.includes('*');
  }
}

/**
 * Checks `value` against `shape`, keeping `path` at the position being looked
 * at; returns the problem at the first departure (with `path` left there), or
 * undefined. `nullAllowed` says whether a null is excused where the shape has
 * none (by a GraphQL error at or under that path).
 */
function walk(value: unknown, shape: Shape, path: Path, nullAllowed: (path: Path) => boolean): string | undefined {
  if (value === null) return flagsOf(shape).includes('?') || nullAllowed(path) ? undefined : `null, expected ${expected(shape)}`;
  if (typeof shape === 'string') return leafFits(value, shape) ? undefined : `${describe(value)}, expected ${expected(shape)}`;
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return `${describe(value)}, expected a list`;
    const item = (shape as ShapeList)[0];
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      const problem = walk(value[i], item, path, nullAllowed);
      if (problem !== undefined) return problem;
      path.pop();
    }
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) return `${describe(value)}, expected an object`;
  const fields = shape as ShapeObject;
  const object = value as Record<string, unknown>;
  for (const key in fields) {
    if (key === '') continue;
    path.push(key);
    const field = fields[key]!;
    // Own properties only: a missing "constructor" must not find Object.prototype's.
    if (!Object.hasOwn(object, key)) {
      if (!flagsOf(field).includes('-')) return 'missing';
    } else {
      const problem = walk(object[key], field, path, nullAllowed);
      if (problem !== undefined) return problem;
    }
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
  const nullAllowed = errorPaths.length === 0 ? NEVER : (at: Path) => errorPaths.some((p) => p.length >= at.length && at.every((segment, i) => p[i] === segment));
  const problem = walk(data, shape, path, nullAllowed);
  return problem === undefined ? undefined : { path: path.length === 0 ? 'data' : formatPath(path), problem };
}
