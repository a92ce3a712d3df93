// `wandb-schema check` compares against the schema @wandb-ts/users was built
// for when no --baseline is given. The published package cannot reach
// ../../schema, so the build copies the snapshot in; test/snapshot.test.ts
// fails if the copy and schema/wandb.graphql differ.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, '..', '..', '..', 'schema', 'wandb.graphql');
const target = join(here, '..', 'schema', 'wandb.graphql');
mkdirSync(dirname(target), { recursive: true });
copyFileSync(source, target);
