import { type Document, isMap, isSeq, type Node } from 'yaml';
import type { FileProblem } from './file-error.js';
import { fieldName, keyText, type Locator, type PathSegment } from './locate.js';
import { RESERVED_KEYS } from './rules.js';

/** A node to visit, and how it was reached (its path is built only for a problem). */
interface Visit {
  readonly node: unknown;
  readonly parent: Visit | null;
  readonly segment: PathSegment;
}

function pathOf(visit: Visit): PathSegment[] {
  const path: PathSegment[] = [];
  for (let at: Visit | null = visit; at?.parent; at = at.parent) path.push(at.segment);
  return path.reverse();
}

/**
 * Every map key of a parsed file that is a reserved name (`__proto__`,
 * `constructor`, `prototype`), with its line. Checked on the parsed document,
 * before it becomes JavaScript objects: converted, `__proto__` would vanish
 * (it sets the object's prototype instead of adding a key), and what it held
 * would silently drop out of the file. The walk keeps its own stack, so a
 * deeply nested file cannot overflow the call stack.
 */
export function reservedKeyProblems(doc: Document, where: Locator): FileProblem[] {
  const problems: FileProblem[] = [];
  const stack: Visit[] = [{ node: doc.contents, parent: null, segment: '' }];
  for (let visit = stack.pop(); visit !== undefined; visit = stack.pop()) {
    const { node } = visit;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = keyText(pair.key);
        if (key !== undefined && RESERVED_KEYS.includes(key)) {
          const range = (pair.key as Node | null)?.range;
          const path = [...pathOf(visit), key];
          problems.push({
            line: range ? where.lineAtOffset(range[0]) : where.lineOf(path),
            field: fieldName(path),
            message: `${JSON.stringify(key)} is a reserved name, refused as a key: it could change how the file is read (${RESERVED_KEYS.join(', ')} are never accepted)`,
          });
        }
        stack.push({ node: pair.value, parent: visit, segment: key ?? '?' });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        stack.push({ node: item, parent: visit, segment: index });
      });
    }
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
