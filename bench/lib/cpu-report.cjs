// Preloaded into spawned Node processes (NODE_OPTIONS=--require ...): at exit,
// appends the process's CPU time (user + system, in microseconds, boot
// included) to the file named by BENCH_CPU_FILE. On a shared machine, CPU time
// says what a command costs; wall time also counts waiting for a core.
const { appendFileSync } = require('node:fs');

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    appendFileSync(file, `${user + system}\n`);
  });
}
