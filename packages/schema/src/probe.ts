import { AuthenticationError, PermissionError, WandbError } from '@wandb-ts/users';
import { type ASTNode, type FragmentDefinitionNode, getLocation, type GraphQLSchema, Kind, type OperationDefinitionNode, parse, Source, visit } from 'graphql';
import type { CheckReport, ProbedOperation } from './check.js';
import { definitionName, type DocumentSet, type ExecutableDefinition } from './documents.js';
import { ExitCode, ProbeError } from './errors.js';
import { ImpactList, refOf } from './impacts.js';
import { judge, type ProbeVerdict } from './probe-answer.js';
import { createProbeClient, type ProbeClient } from './probe-client.js';
import { PROBE_VARIABLE, planProbe } from './probe-request.js';
import type { SourcePosition } from './probe-text.js';
import { serverMessage } from './printable.js';
import type { ServerOptions } from './remote-api.js';
import { collectUsages, fragmentsByName, type Location, locationOf } from './usage.js';

/** What {@link probeDocuments} checks: documents, the schema they were written for, and the server. */
export interface ProbeInput {
  /** The operations and fragments to check, from {@link loadDocuments}. */
  documents: DocumentSet;
  /** The schema the documents were written for: it tells which wrong value each variable gets, and names what breaks. */
  baseline: GraphQLSchema;
  /** The server to probe, and how to reach it. */
  server: ServerOptions;
  /** How reports name the baseline. Default `baseline`. */
  baselineName?: string;
  /** How reports name the server. Default: the endpoint as given. */
  targetName?: string;
}

// Two requests whose answers every server that validates, then coerces
// variables, then executes gives in a known way. A server that answers
// otherwise cannot be probed: what it says about the real operations would
// be misread (a server that coerces before validating would hide drift, one
// that executes despite bad variables could run a mutation).
const CALIBRATION_NAME = '<wandb-schema probe calibration>';
const UNKNOWN_FIELD = 'wandbSchemaProbeNoSuchField';
const VALID = 'query WandbSchemaProbe {\n  __typename\n}\n';
const INVALID = `query WandbSchemaProbe {\n  __typename\n  ${UNKNOWN_FIELD}\n}\n`;
// Before the first mutation: a mutation that selects nothing but `__typename`
// (had it run, it would have changed nothing) with a variable of the wrong type.
const MUTATION = `mutation WandbSchemaProbe($${PROBE_VARIABLE}: Boolean!) {\n  __typename @include(if: $${PROBE_VARIABLE})\n}\n`;

function calibrationOperation(text: string): OperationDefinitionNode {
  const operation = parse(new Source(text, CALIBRATION_NAME)).definitions[0];
  if (operation?.kind !== Kind.OPERATION_DEFINITION) throw new Error('calibration document without an operation');
  return operation;
}

async function probeOne(
  client: ProbeClient,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  baseline: GraphQLSchema,
): Promise<ProbeVerdict | { skip: string }> {
  const plan = planProbe(operation, fragments, baseline);
  if ('skip' in plan) return plan;
  return judge(await client.send(plan.send.text.text, plan.send.variables), plan.send);
}

async function calibrate(client: ProbeClient, baseline: GraphQLSchema): Promise<void> {
  const valid = await probeOne(client, calibrationOperation(VALID), new Map(), baseline);
  if (!('status' in valid) || valid.status !== 'compatible') {
    const why = 'status' in valid && valid.status === 'inconclusive' ? valid.reason : 'it refused `__typename`, which every GraphQL schema has';
    throw new ProbeError(client.url, `a query whose only variable had a value of the wrong type was not refused at variable coercion: ${why}`);
  }
  const invalid = await probeOne(client, calibrationOperation(INVALID), new Map(), baseline);
  const found =
    'status' in invalid &&
    invalid.status === 'breaking' &&
    invalid.refusals.some((r) => r.places.some((p) => p.source.body.slice(p.offset).startsWith(UNKNOWN_FIELD)) || r.error.message.includes(UNKNOWN_FIELD));
  if (!found) {
    const why = 'status' in invalid && invalid.status === 'inconclusive' ? invalid.reason : `it did not name ${UNKNOWN_FIELD}`;
    throw new ProbeError(
      client.url,
      `a query selecting a field that does not exist, with a variable of the wrong type, was not refused as invalid (${why}); ` +
        'the server may coerce variables before validating, which would hide every drift',
    );
  }
}

/**
 * Before any mutation is sent: the server refuses a harmless mutation (it
 * selects only `__typename`) whose variable has a value of the wrong type at
 * variable coercion, as it did the calibration query. A server that answers
 * otherwise gets no mutation.
 */
async function calibrateMutations(client: ProbeClient, baseline: GraphQLSchema): Promise<void> {
  let verdict: ProbeVerdict | { skip: string };
  try {
    verdict = await probeOne(client, calibrationOperation(MUTATION), new Map(), baseline);
  } catch (error) {
    if (error instanceof AuthenticationError || error instanceof PermissionError || !(error instanceof WandbError)) throw error;
    verdict = { status: 'inconclusive', reason: `no GraphQL answer: ${serverMessage(error.message)}`, unsafe: true };
  }
  if ('status' in verdict && verdict.status === 'compatible') return;
  const why = 'skip' in verdict ? verdict.skip : verdict.status === 'inconclusive' ? verdict.reason : 'it refused the mutation as invalid';
  throw new ProbeError(
    client.url,
    `a mutation that selects only __typename, whose variable had a value of the wrong type, was not refused at variable coercion (${why}); ` +
      'no mutation of the documents was sent',
  );
}

/** Every node of the documents by where it starts, outermost first: a server's error location leads to the node written there. */
function nodesByPosition(documents: DocumentSet): Map<Source, Map<number, ASTNode[]>> {
  const index = new Map<Source, Map<number, ASTNode[]>>();
  for (const definition of documents.definitions) {
    visit(definition, {
      enter(node) {
        if (!node.loc) return;
        let bySource = index.get(node.loc.source);
        if (!bySource) {
          bySource = new Map();
          index.set(node.loc.source, bySource);
        }
        const nodes = bySource.get(node.loc.start);
        if (nodes) nodes.push(node);
        else bySource.set(node.loc.start, [node]);
      },
    });
  }
  return index;
}

/**
 * Checks each operation against a live server without running it. Every
 * operation is sent with variable values of the wrong shape: a server
 * validates a document before it coerces variables, and coerces variables
 * before it executes, so it answers with a validation error naming what its
 * schema lacks (drift, located at the file, line and column of the
 * documents) or with a variable coercion error (the document is valid), and
 * runs nothing either way.
 *
 * The server must show it works so, and keep showing it: two test requests
 * come first, and a server that does not answer them as described cannot be
 * probed ({@link ProbeError}, nothing of the documents sent). Queries are sent
 * before mutations, and before the first mutation a harmless one (it selects
 * only `__typename`) must be refused at variable coercion too. Any answer
 * that is neither kind of refusal (data, an execution error, an error of no
 * known kind, no errors at all, or no answer to a mutation) stops the probe
 * with a {@link ProbeError} that says which operation got it: nothing more is
 * sent to a server that may run what it is sent. Mutations that could run
 * (no variable a server must refuse) are never sent. Queries with no such
 * variable get one of the probe's own. Authentication failures end the probe
 * with the SDK's `AuthenticationError` or `PermissionError`.
 */
export async function probeDocuments(input: ProbeInput): Promise<CheckReport> {
  const { documents, baseline } = input;
  const client = createProbeClient(input.server);
  await calibrate(client, baseline);

  const { coordinateOf } = collectUsages(documents, baseline);
  const positions = nodesByPosition(documents);
  const impacts = new ImpactList(documents);
  const fragments = fragmentsByName(documents);
  const containing = (position: SourcePosition): ExecutableDefinition | undefined =>
    documents.definitions.find((d) => d.loc && d.loc.source === position.source && d.loc.start <= position.offset && position.offset < d.loc.end);
  const named = (position: SourcePosition) => {
    const nodes = positions.get(position.source)?.get(position.offset) ?? [];
    const node = nodes.find((n) => coordinateOf.has(n)) ?? nodes[0];
    return { node, coordinate: node && coordinateOf.get(node) };
  };

  const operations = documents.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  // Queries first: every answer to them is a chance to see that the server runs what it should refuse, before any mutation is sent.
  const order = [...operations.filter((o) => o.operation === 'query'), ...operations.filter((o) => o.operation !== 'query')];
  const verdicts = new Map<OperationDefinitionNode, ProbeVerdict | { skip: string }>();
  let mutationsProven = false;
  for (const [n, operation] of order.entries()) {
    const plan = planProbe(operation, fragments, baseline);
    if ('skip' in plan) {
      verdicts.set(operation, plan);
      continue;
    }
    if (operation.operation !== 'query' && !mutationsProven) {
      await calibrateMutations(client, baseline);
      mutationsProven = true;
    }
    const name = `${definitionName(operation)} (${refOf(operation).file}:${refOf(operation).line})`;
    const unsent = order.length - n - 1;
    const stop = (why: string) =>
      new ProbeError(
        client.url,
        `${name}: ${why}; a server that answers so may run what it is sent, so nothing more was sent${unsent > 0 ? ` (${unsent} operations not probed)` : ''}`,
      );
    let verdict: ProbeVerdict;
    try {
      verdict = judge(await client.send(plan.send.text.text, plan.send.variables), plan.send);
    } catch (error) {
      // The credentials are refused: no operation can be checked.
      if (error instanceof AuthenticationError || error instanceof PermissionError || !(error instanceof WandbError)) throw error;
      // A query that got no answer ran nothing; a mutation may have.
      if (operation.operation !== 'query') throw stop(`no GraphQL answer (${serverMessage(error.message)}), so whether it ran cannot be told`);
      verdict = { status: 'inconclusive', reason: `no GraphQL answer: ${serverMessage(error.message)}`, unsafe: false };
    }
    if (verdict.status === 'inconclusive' && verdict.unsafe) throw stop(verdict.reason);
    verdicts.set(operation, verdict);
  }

  const results: ProbedOperation[] = [];
  for (const operation of operations) {
    const ref = refOf(operation);
    const verdict = verdicts.get(operation);
    if (verdict === undefined) throw new Error('wandb-schema: an operation was neither probed nor skipped');
    if ('skip' in verdict) {
      results.push({ ...ref, status: 'not-probed', detail: verdict.skip });
      continue;
    }
    if (verdict.status === 'inconclusive') {
      results.push({ ...ref, status: 'inconclusive', detail: verdict.reason });
      continue;
    }
    results.push({ ...ref, status: verdict.status });
    if (verdict.status !== 'breaking') continue;
    for (const { error, places } of verdict.refusals) {
      // Several locations (a variable's definition and its use): the one that names a schema element.
      const place = places
        .map((p) => ({ position: p, ...named(p) }))
        .sort((a, b) => Number(b.coordinate !== undefined) - Number(a.coordinate !== undefined))[0];
      if (!place) {
        impacts.record(ref, operation, definitionName(operation), 'breaking', error.message, [operation]);
        continue;
      }
      const { line, column } = getLocation(place.position.source, place.position.offset);
      const at: Location = (place.node && locationOf(place.node)) ?? { file: place.position.source.name, line, column };
      const definition = containing(place.position);
      impacts.record(at, definition, place.coordinate ?? (definition ? definitionName(definition) : 'documents'), 'breaking', error.message, [operation]);
    }
  }

  const count = (status: ProbedOperation['status']) => results.filter((r) => r.status === status).length;
  const unverified = count('inconclusive') > 0 || count('not-probed') === results.length;
  return {
    method: 'probe',
    baseline: input.baselineName ?? 'baseline',
    target: input.targetName ?? input.server.endpoint,
    files: documents.files,
    operations: operations.map(refOf),
    impacts: impacts.sorted(),
    changes: [],
    probe: results,
    exitCode: count('breaking') > 0 ? ExitCode.Impact : unverified ? ExitCode.Failure : ExitCode.Ok,
  };
}
