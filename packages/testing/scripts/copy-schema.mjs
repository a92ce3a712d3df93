// The fake server must serve exactly the repository's schema snapshot. The
// published package cannot reach ../../schema, so the build copies the file
// into the package; test/schema.test.ts fails if the copy and the snapshot differ.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '..', '..', '..', 'schema', 'wandb.graphql');
const target = join(here, '..', 'schema', 'wandb.graphql');
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
