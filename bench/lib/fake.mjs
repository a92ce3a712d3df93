import { fork } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** Starts the fake W&B server in a child process (see fake-child.mjs) and resolves when it serves. */
export async function startFakeChild(config = {}) {
  // Not the parent's --cpu-prof: a profile of the client should not come with one of the server.
  const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--cpu-prof'));
  const child = fork(join(here, 'fake-child.mjs'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  child.send({ type: 'config', config });
  const next = (type) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m.type !== type) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code) => reject(new Error(`the fake W&B child exited with ${code} before answering ${type}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const ready = await next('ready');
  return {
    ...ready,
    pid: child.pid,
    /** The server's request count and statuses since the last call, and its RSS. */
    stats: () => {
      const answer = next('stats');
      child.send({ type: 'stats' });
      return answer;
    },
    close: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send({ type: 'close' });
      }),
  };
}
