// The fake server must serve exactly the repository's schema snapshot. The
// published package cannot reach ../../schema, so the build copies the file
// into the package; test/schema.test.ts fails if the copy and the snapshot differ.
//
// It also writes the snapshot already parsed (wandb.ast.json, without source
// locations): JSON.parse reads that several times faster than graphql-js
// parses the SDL, which shortens the fake's cold start (docs/performance.md).
// test/schema.test.ts checks it is the parse of the copied SDL.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'graphql';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '..', '..', '..', 'schema', 'wandb.graphql');
const target = join(here, '..', 'schema', 'wandb.graphql');
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
writeFileSync(join(dirname(target), 'wandb.ast.json'), JSON.stringify(parse(readFileSync(target, 'utf8'), { noLocation: true })));
