import type { GraphQLSchema } from 'graphql';
import { type CheckReport, checkDocuments } from './check.js';
import type { CliContext } from './cli-context.js';
import { type DocumentsLocation, loadDocuments, sdkDocuments } from './documents.js';
import { IntrospectionDisabledError, UsageError } from './errors.js';
import { probeDocuments } from './probe.js';
import { SNAPSHOT_LABEL, SNAPSHOT_PATH } from './snapshot.js';
import { isUrl, loadSchema } from './source.js';

/** What `wandb-schema check` was asked to check. */
export interface CheckRequest {
  against?: string | undefined;
  baseline?: string | undefined;
  documents?: string[] | undefined;
  probe?: true | undefined;
}

const PROBE = Symbol('probe');

/**
 * Runs `wandb-schema check`: validates the documents against the target's
 * schema, or, with `--probe` or when the target server refuses
 * introspection (said on stderr), probes each operation on the server.
 */
export async function runCheck(request: CheckRequest, context: CliContext): Promise<CheckReport> {
  const { remote } = context;
  if (request.probe && (request.against === undefined || !isUrl(request.against))) {
    throw new UsageError('--probe needs --against URL: a probe sends the operations to a W&B server');
  }
  const location: DocumentsLocation = request.documents ? { patterns: request.documents, cwd: process.cwd() } : sdkDocuments();
  const baselineSpec = request.baseline ?? SNAPSHOT_PATH;
  const targetSpec = request.against ?? SNAPSHOT_PATH;
  const names = { baselineName: request.baseline ?? SNAPSHOT_LABEL, targetName: request.against ?? SNAPSHOT_LABEL };
  // The same file or server for both (the defaults): read or ask once.
  const baselineSchema = loadSchema(baselineSpec, remote);
  const targetSchema: Promise<GraphQLSchema | typeof PROBE> = request.probe
    ? Promise.resolve(PROBE)
    : targetSpec === baselineSpec
      ? baselineSchema
      : loadSchema(targetSpec, remote).catch((error: unknown) => {
          if (error instanceof IntrospectionDisabledError) {
            context.note(`${error.url} refuses introspection; probing each operation instead (as with --probe): nothing is run on the server`);
            return PROBE;
          }
          throw error;
        });
  const [documents, baseline, target] = await Promise.all([loadDocuments(location, remote), baselineSchema, targetSchema]);
  if (target === PROBE) {
    const { maxFileBytes: _files, ...server } = remote;
    return probeDocuments({ documents, baseline, server: { ...server, endpoint: targetSpec }, ...names });
  }
  return checkDocuments({ documents, baseline, target, ...names });
}
