import { join } from 'node:path';
import { packageDir } from './package-paths.cjs';

/**
 * The W&B schema snapshot @wandb-ts/users was generated from (a build-time
 * copy of the repository's schema/wandb.graphql). `wandb-schema check`
 * measures changes from it and, without --against, checks against it.
 */
export const SNAPSHOT_PATH = join(packageDir(), 'schema', 'wandb.graphql');

/** How the snapshot is named in reports. */
export const SNAPSHOT_LABEL = 'the bundled W&B schema snapshot';
