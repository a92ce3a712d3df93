import type { ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import { Api, DEFAULT_MAX_RESPONSE_BYTES, ResponseTooLargeError, UnexpectedResponseError, ValidationError } from '../../src';
import { rejectionOf, sendJson, type StubServer, startStubServer, thrown, viewerData } from '../helpers';

// What a server sends is read to a bounded size, counted on
// decoded bytes while it streams; past it, the call fails with a typed error
// that is not retried, and the rest is not downloaded.

const KEY = 'k'.repeat(40);
const MiB = 1024 * 1024;
let stub: StubServer | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

const apiFor = (server: StubServer, options: { maxResponseBytes?: number } = {}) =>
  new Api({ apiKey: KEY, baseUrl: server.baseUrl, env: {}, retry: { retries: 3, baseDelayMs: 1, maxDelayMs: 10, deadlineMs: 10_000 }, ...options });

/** Writes `total` bytes of `chunk`-sized pieces, honouring backpressure; resolves with how many the socket took before it closed. */
function stream(res: ServerResponse, total: number, piece: Buffer): Promise<number> {
  return new Promise((resolve) => {
    let written = 0;
    let closed = false;
    res.on('close', () => {
      closed = true;
      resolve(written);
    });
    const pump = () => {
      while (!closed && written < total) {
        written += piece.length;
        if (!res.write(piece)) return void res.once('drain', pump);
      }
      if (!closed) res.end();
    };
    pump();
  });
}

test('a 200 MB body is not read whole: ResponseTooLargeError at the default 8 MiB, not retried, the download cut short', async () => {
  let sent: Promise<number> | undefined;
  stub = await startStubServer((_request, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }); // chunked: no Content-Length
    res.write('{"data":{"viewer":{"name":"');
    sent = stream(res, 200 * MiB, Buffer.alloc(64 * 1024, 'a'));
  });
  const error = await rejectionOf(apiFor(stub).viewer());
  expect(error).toBeInstanceOf(ResponseTooLargeError);
  expect(error).toBeInstanceOf(UnexpectedResponseError);
  expect(error).toMatchObject({ status: 200, limitBytes: DEFAULT_MAX_RESPONSE_BYTES, attempts: 1, operation: 'GetViewer' });
  expect(error.message).toMatch(/^GetViewer: the response is larger than the limit of 8388608 bytes \(over \d+ bytes\); it was not read further$/);
  expect(stub.hits).toBe(1);
  // The client hung up: the server got rid of a fraction of the 200 MB (socket buffers hold a few MB).
  expect(await sent).toBeLessThan(64 * MiB);
});

test('a declared Content-Length over the limit fails before the body is read', async () => {
  let sent: Promise<number> | undefined;
  stub = await startStubServer((_request, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(50 * MiB) });
    sent = stream(res, 50 * MiB, Buffer.alloc(64 * 1024, ' '));
  });
  const error = await rejectionOf(apiFor(stub).viewer());
  expect(error).toBeInstanceOf(ResponseTooLargeError);
  expect(error.message).toContain(`(Content-Length: ${50 * MiB})`);
  expect(await sent).toBeLessThan(32 * MiB);
});

/** `bytes` zero bytes gzipped, made a MiB at a time. */
function gzipOfZeros(bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gzip = createGzip({ level: 9 });
    const out: Buffer[] = [];
    gzip.on('data', (chunk: Buffer) => out.push(chunk));
    gzip.on('end', () => resolve(Buffer.concat(out)));
    gzip.on('error', reject);
    const zeros = Buffer.alloc(MiB);
    for (let i = 0; i < bytes / MiB; i++) gzip.write(zeros);
    gzip.end();
  });
}

test('a gzip bomb (a few hundred kB inflating to 256 MB) stops at the limit counted on decoded bytes', async () => {
  const bomb = await gzipOfZeros(256 * MiB);
  expect(bomb.length).toBeLessThan(300 * 1024);
  stub = await startStubServer((_request, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
    res.end(bomb);
  });
  const rssBefore = process.memoryUsage().rss;
  const error = await rejectionOf(apiFor(stub).viewer());
  expect(error).toBeInstanceOf(ResponseTooLargeError);
  expect(error.message).toMatch(/over \d+ bytes once decoded \(gzip\)/);
  expect(stub.hits).toBe(1);
  // Far from the 256 MB a whole read would hold (the limit, plus buffers and garbage).
  expect(process.memoryUsage().rss - rssBefore).toBeLessThan(128 * MiB);
});

test('compressed and chunked answers within the limit are read as usual', async () => {
  const viewer = viewerData();
  const gzipped = await new Promise<Buffer>((resolve) => {
    const gzip = createGzip();
    const out: Buffer[] = [];
    gzip.on('data', (chunk: Buffer) => out.push(chunk));
    gzip.on('end', () => resolve(Buffer.concat(out)));
    gzip.end(JSON.stringify({ data: { viewer } }));
  });
  const text = JSON.stringify({ data: { viewer } });
  stub = await startStubServer((_request, res) => {
    if (stub!.hits === 1) {
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked, no Content-Length
      res.write(text.slice(0, 10));
      res.end(text.slice(10));
    } else {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipped);
    }
  });
  const api = apiFor(stub);
  expect((await api.viewer()).username).toBe('ann');
  expect((await api.viewer()).username).toBe('ann');
  expect(stub.hits).toBe(2);
});

test('the limit is an Api option, checked before anything is sent', async () => {
  stub = await startStubServer((_request, res) => sendJson(res, { data: { viewer: viewerData() } }));
  // A normal GetViewer answer is some 300 bytes.
  const tight = await rejectionOf(apiFor(stub, { maxResponseBytes: 100 }).viewer());
  expect(tight).toBeInstanceOf(ResponseTooLargeError);
  expect((tight as ResponseTooLargeError).limitBytes).toBe(100);
  expect((await apiFor(stub, { maxResponseBytes: 4096 }).viewer()).username).toBe('ann');
  for (const bad of [0, -1, 1.5, Number.NaN, '4096' as unknown as number]) {
    const refused = thrown<ValidationError>(() => apiFor(stub!, { maxResponseBytes: bad }));
    expect(refused).toBeInstanceOf(ValidationError);
    expect(refused.argument).toBe('maxResponseBytes');
  }
  expect(stub.hits).toBe(2);
});
