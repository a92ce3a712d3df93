// graphql-inspector names what changed with a dotted path (`Query.users.first`,
// `User.name.@deprecated`); people and tools know schema coordinates
// (`Query.users(first:)`, `User.name`; see the GraphQL schema coordinates RFC).

const ARGUMENT_CHANGE = /^(FIELD_ARGUMENT_|DIRECTIVE_ARGUMENT_)/;

/** The schema coordinate of the element an inspector change is about. */
export function coordinateOf(change: { type: string; path?: string | undefined }): string {
  const path = change.path ?? '';
  if (path.startsWith('@')) {
    const [directive = path, argument] = path.split('.');
    return argument && ARGUMENT_CHANGE.test(change.type) ? `${directive}(${argument}:)` : directive;
  }
  // Directive usages (`Type.field.@deprecated`) are about the element before them.
  const segments: string[] = [];
  for (const segment of path.split('.')) {
    if (segment.startsWith('@')) break;
    segments.push(segment);
  }
  if (segments.length === 3 && ARGUMENT_CHANGE.test(change.type)) return `${segments[0]}.${segments[1]}(${segments[2]}:)`;
  // A schema-level change (e.g. the query root type changed) has no element: name the schema.
  return segments.filter(Boolean).join('.') || '<schema>';
}

/** Whether `used` (a coordinate a document uses) is `changed` or inside it: `User` contains `User.name` and `User.apiKeys(first:)`. */
export function isWithin(used: string, changed: string): boolean {
  return used === changed || used.startsWith(`${changed}.`) || used.startsWith(`${changed}(`);
}
