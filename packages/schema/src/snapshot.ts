import { join } from 'node:path';
import { packageDir } from './package-paths.cjs';
import { VERSION } from './version.js';

/**
 * The W&B schema snapshot @wandb-ts/users was generated from (a build-time
 * copy of the repository's schema/wandb.graphql). `wandb-schema check`
 * measures changes from it and, without --against, checks against it.
 */
export const SNAPSHOT_PATH = join(packageDir(), 'schema', 'wandb.graphql');

/**
 * The package export that names the snapshot file, for tools that resolve
 * modules: `require.resolve(SNAPSHOT_SPECIFIER)`, or the pointer of
 * GraphQL Code Generator's schema loader `@wandb-ts/schema/codegen-loader`.
 */
export const SNAPSHOT_SPECIFIER = '@wandb-ts/schema/wandb.graphql';

/** How the snapshot is named in reports. */
export const SNAPSHOT_LABEL = 'the bundled W&B schema snapshot';

/** What {@link snapshotInfo} says about the bundled snapshot: which file, which schema, from where and when. */
export interface SnapshotInfo {
  /** Absolute path of the SDL file in this installed package. */
  path: string;
  /** The package export naming that file ({@link SNAPSHOT_SPECIFIER}). */
  specifier: string;
  /** sha256 of the file, in hex: two snapshots with the same hash are the same schema text. */
  sha256: string;
  /** Version of the @wandb-ts/schema package that ships this snapshot. */
  packageVersion: string;
  /** Where the schema comes from. */
  source: {
    /**
     * `reconstruction`: the SDL was rebuilt from types that `@graphql-codegen`
     * generated from W&B's full schema; it is not an official W&B artifact.
     */
    kind: 'reconstruction';
    /** The public repository holding the generated types. */
    repository: string;
    /** The file in that repository. */
    file: string;
    /** The commit of that repository the file was read at. */
    commit: string;
    /** Date of that commit (YYYY-MM-DD): the schema shows W&B's API of about that date, not necessarily today's. */
    date: string;
  };
  /** Fields added to the reconstruction, as schema coordinates, each with the reason. */
  additions: ReadonlyArray<{ coordinate: string; reason: string }>;
  /** Where the full provenance, the caveats and the update procedure are written. */
  notes: string;
}

// The provenance of schema/wandb.graphql, as schema/README.md states it.
// test/snapshot.test.ts fails when the file's hash or that README disagrees
// with this record, so updating the snapshot means updating both.
const PROVENANCE = {
  sha256: 'c7ce5cde578f7c228340586ef61b8e6290c145c40ae3d28f5d123a78cd9819af',
  source: {
    kind: 'reconstruction',
    repository: 'https://github.com/wandb/wandb-js',
    file: 'src/gql/graphql.ts',
    commit: '623f03b588519ad20a60fb0e8253e5a9ead41767',
    date: '2023-04-19',
  },
  additions: [
    { coordinate: 'Entity.entityType', reason: 'selected by the W&B Python SDK (GetTeamEntity); absent from the 2023 types' },
    { coordinate: 'Organization.orgEntity', reason: 'selected by the W&B Python SDK (FetchOrganization, OrgInfoFragment); absent from the 2023 types' },
  ],
  notes: 'schema/README.md in the wandb-ts repository',
} as const;

/**
 * The bundled W&B schema snapshot: where it is on disk, the package export
 * that names it, and its provenance (hash, source repository, commit and
 * date). Reading the file is left to the caller; this reads nothing.
 *
 * @example
 * ```ts
 * const { path, sha256, source } = snapshotInfo();
 * console.log(`${path}: W&B schema of ${source.date} (${source.kind}), sha256 ${sha256}`);
 * ```
 */
export function snapshotInfo(): SnapshotInfo {
  return {
    path: SNAPSHOT_PATH,
    specifier: SNAPSHOT_SPECIFIER,
    sha256: PROVENANCE.sha256,
    packageVersion: VERSION,
    source: { ...PROVENANCE.source },
    additions: PROVENANCE.additions.map((addition) => ({ ...addition })),
    notes: PROVENANCE.notes,
  };
}
