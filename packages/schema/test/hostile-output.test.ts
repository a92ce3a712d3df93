import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { buildSchema, getIntrospectionQuery, graphqlSync, type IntrospectionQuery, isObjectType } from 'graphql';
import { runInProcess, tempDir, tempFile } from './helpers';

// Whatever a server puts in its answers (a type name, an error message, a
// description), wandb-schema's output holds no raw control character, and no
// line of it starts with anything but wandb-schema's own text: GitHub Actions
// reads `::error::` workflow commands from stdout and stderr alike. Stub
// servers on 127.0.0.1 answer what a hostile or broken server could; the CLI
// runs in this process.

/** A server answering every request with `json` (HTTP 200), counting requests. */
async function stub(json: unknown): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(json)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const run = (args: string[]) => runInProcess(args, { env: { WANDB_API_KEY: 'k'.repeat(40) } });

/** No control, format or separator character but line feeds, and no line that could be a workflow command. */
function expectInert(text: string, allowedCommands: RegExp = /^$/) {
  expect(text.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u);
  for (const line of text.split('\n')) if (line.startsWith('::')) expect(line).toMatch(allowedCommands);
}

/** An introspection result of `sdl`, with `edit` applied to its JSON. */
function introspection(sdl: string, edit: (result: IntrospectionQuery) => void = () => {}): { data: IntrospectionQuery } {
  const result = graphqlSync({ schema: buildSchema(sdl), source: getIntrospectionQuery() }).data as unknown as IntrospectionQuery;
  edit(result);
  return { data: result };
}

const FORGED = '\n::error file=src/app.ts,line=1::Forged by the server';

describe('a type name holding a newline and a workflow command', () => {
  const hostile = introspection('type Query { viewer: User }\ntype User { id: ID }', (result) => {
    const user = result.__schema.types.find((t) => t.name === 'User');
    if (!user) throw new Error('no User type');
    (user as { name: string }).name = `User${FORGED}`;
  });

  test('pull, diff and check say the answer is not a schema, on one line of stderr (exit 2)', async () => {
    const server = await stub(hostile);
    try {
      const pull = await run(['pull', '--endpoint', server.baseUrl]);
      expect([pull.code, pull.stdout]).toEqual([2, '']);
      expect(pull.stderr.split('\n')).toHaveLength(2);
      expect(pull.stderr).toContain('answered introspection with something that is not a schema: ');
      // graphql-js quoted the name; its line break became a space, mid-line.
      expect(pull.stderr).toContain('but "User ::error file=src/app.ts,line=1::Forged by the server" does not.\n');
      expectInert(pull.stderr);

      const diff = await run(['diff', server.baseUrl, tempFile('s.graphql', 'type Query { a: Int }')]);
      expect(diff.code).toBe(2);
      expectInert(diff.stderr);

      // In a workflow: the annotation wandb-schema writes is its own, the server's text stays inside it.
      const check = await run(['check', '--against', server.baseUrl, '--format', 'github']);
      expect(check.code).toBe(2);
      expect(check.stdout).toMatch(
        /^::error title=wandb-schema check could not run::.*"User ::error file=src\/app\.ts,line=1::Forged by the server" does not\.\n$/,
      );
      expectInert(check.stdout, /^::error title=wandb-schema check could not run::/);
      expectInert(check.stderr);
    } finally {
      await server.close();
    }
  });
});

describe('descriptions holding terminal sequences', () => {
  const descriptions = {
    // ESC and BEL: a window title; C1 CSI (U+009B) in a multi-line description, which printSchema writes as a block string.
    query: 'Set title: \u001b]0;pwned\u0007',
    user: 'Line one\nred: \u009b31m and \u202egnirts desrever\u202c\nzero\u200bwidth, tag \u{e0041}, separator\u2028end',
    field: 'Plain description,\n\twith a tab and two lines',
  };
  const server = introspection('type Query { viewer: User }\ntype User { id: ID }', (result) => {
    for (const type of result.__schema.types as unknown as {
      name: string;
      description: string | null;
      fields?: { name: string; description: string | null }[] | null;
    }[]) {
      if (type.name === 'Query') type.description = descriptions.query;
      if (type.name === 'User') {
        type.description = descriptions.user;
        const id = type.fields?.find((f) => f.name === 'id');
        if (id) id.description = descriptions.field;
      }
    }
  });

  test('pull writes them escaped, so printing the snapshot is safe, and parsing it gives them back exactly', async () => {
    const api = await stub(server);
    try {
      const printed = await run(['pull', '--endpoint', api.baseUrl]);
      expect(printed.code).toBe(0);
      expectInert(printed.stdout.replace(/\t/g, ''));
      expect(printed.stdout).toContain('"Set title: \\u001B]0;pwned\\u0007"');
      expect(printed.stdout).toContain(
        '"Line one\\nred: \\u009B31m and \\u202Egnirts desrever\\u202C\\nzero\\u200Bwidth, tag \\uDB40\\uDC41, separator\\u2028end"',
      );
      // A description without such characters keeps its block string.
      expect(printed.stdout).toContain('  """\n  Plain description,\n  \twith a tab and two lines\n  """\n  id: ID');

      const out = join(tempDir(), 'wandb.graphql');
      const written = await run(['pull', '--endpoint', api.baseUrl, '--out', out]);
      expect(written).toEqual({ code: 0, stdout: '', stderr: `wandb-schema: wrote ${out} (2 types) from ${api.baseUrl}\n` });
      const file = readFileSync(out, 'utf8');
      expect(file).toBe(printed.stdout);
      const parsed = buildSchema(file);
      const user = parsed.getType('User');
      expect([parsed.getQueryType()?.description, user?.description]).toEqual([descriptions.query, descriptions.user]);
      expect(isObjectType(user) && user.getFields().id?.description).toBe(descriptions.field);
      // Pulled again from the file: the same text.
      expect((await run(['pull', '--from', out])).stdout).toBe(file);
    } finally {
      await api.close();
    }
  });

  test('diff shows a changed description on its line, escaped; --json keeps it exact', async () => {
    const before = tempFile('before.graphql', '"""\nOld\n"""\ntype Query { a: Int }\n');
    const after = tempFile('after.graphql', `"${'New\\n::error::forged \\u001b[2J \\u009b \\u202e'}"\ntype Query { a: Int }\n`);
    const human = await run(['diff', before, after]);
    expect(human.code).toBe(0);
    expectInert(human.stdout);
    expect(human.stdout).toContain('\\u000a::error::forged \\u001b[2J \\u009b \\u202e');
    const json = await run(['diff', before, after, '--json']);
    expectInert(json.stdout);
    const [change] = JSON.parse(json.stdout).changes;
    expect(change.message).toContain('New\n::error::forged \u001b[2J \u009b \u202e');
  });
});

describe('error messages holding a server’s words', () => {
  test('a refusal of introspection whose message forges a command stays on one line, escaped', async () => {
    const server = await stub({ errors: [{ message: `GraphQL introspection is not allowed${FORGED} \u001b[2J` }] });
    try {
      const pull = await run(['pull', '--endpoint', server.baseUrl]);
      expect(pull.code).toBe(2);
      expect(pull.stderr).toContain('refuses introspection (the server said: GraphQL introspection is not allowed ::error file=src/app.ts');
      expect(pull.stderr.split('\n')).toHaveLength(2);
      expectInert(pull.stderr);
    } finally {
      await server.close();
    }
  });
});
