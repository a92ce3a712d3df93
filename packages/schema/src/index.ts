/**
 * `wandb-schema` as a library: read schemas from files or W&B servers
 * ({@link loadSchema}, {@link introspectSchema}), compare them
 * ({@link diffSchemas}: every change a client can observe, classified breaking,
 * dangerous or safe), and check GraphQL operation documents against a schema
 * ({@link checkDocuments}: each breaking or dangerous change related to the
 * file, line and column that uses it), or against a live server that refuses
 * introspection ({@link probeDocuments}: each operation sent in a form the
 * server refuses before running it). By default the documents are the
 * operations the installed `@wandb-ts/users` sends ({@link sdkDocuments}).
 * Failures are typed: {@link SchemaToolError} and its subclasses, plus the
 * SDK's own errors when a server is involved.
 *
 * @module @wandb-ts/schema
 */
export { checkDocuments } from './check.js';
export type { CheckedChange, CheckInput, CheckMethod, CheckReport, ProbedOperation } from './check.js';
export type { Impact, OperationRef } from './impacts.js';
export { countChanges, diffSchemas } from './diff.js';
export type { ChangeCounts, Criticality, SchemaChange } from './diff.js';
export { loadDocuments, sdkDocuments } from './documents.js';
export type { DocumentSet, DocumentsLocation, DocumentsOptions, ExecutableDefinition } from './documents.js';
export { DocumentsError, ExitCode, IntrospectionDisabledError, ProbeError, SchemaSourceError, SchemaToolError, UsageError } from './errors.js';
export { formatCheck, formatCheckGithub, formatCheckHuman, formatCheckJson } from './format-check.js';
export type { CheckFormat } from './format-check.js';
export { diffReport, formatDiffHuman, formatDiffJson } from './format-diff.js';
export type { DiffReport } from './format-diff.js';
export { loadSchemaFile, schemaFromText } from './load.js';
export type { SchemaFileOptions } from './load.js';
export { DEFAULT_MAX_FILE_BYTES } from './read-text.js';
export { normalizeSchema } from './normalize.js';
export { probeDocuments } from './probe.js';
export type { ProbeInput } from './probe.js';
export { introspectSchema } from './pull.js';
export type { IntrospectOptions } from './pull.js';
export type { ServerOptions } from './remote-api.js';
export { SNAPSHOT_PATH, SNAPSHOT_SPECIFIER, snapshotInfo } from './snapshot.js';
export type { SnapshotInfo } from './snapshot.js';
export { isUrl, loadSchema } from './source.js';
export type { RemoteOptions } from './source.js';
export { VERSION } from './version.js';
