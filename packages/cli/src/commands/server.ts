import type { ServerInfo } from '@wandb-ts/users';
import { examples, type Register } from '../command.js';
import type { Palette, Printable } from '../output/terminal/styled.js';
import { Styled } from '../output/terminal/styled.js';

/** `wandb-users server` as text: the server, its version against the newest release, and the CLI versions it supports. */
function serverLines(baseUrl: string, info: ServerInfo, c: Palette): Styled[] {
  const local = info.localVersion;
  const version: Printable =
    local === null
      ? c.dim('not reported (W&B cloud)')
      : local.outOfDate
        ? Styled.join([local.version, c.red(Styled.join(['out of date: ', local.latestVersion, ' is out']))], ', ')
        : Styled.join([local.version, c.dim(' (the newest release)')]);
  const cli: Printable =
    info.minCliVersion === null && info.maxCliVersion === null
      ? c.dim('not reported')
      : Styled.join([info.minCliVersion ?? '?', ' to ', info.maxCliVersion ?? '?']);
  const rows: [string, Printable][] = [
    ['server', baseUrl],
    ['version', version],
    ['wandb CLI', cli],
  ];
  return rows.map(([label, value]) => Styled.join([c.dim(label.padEnd(10)), value], ' '));
}

export const registerServer: Register = (program, context) => {
  program
    .command('server')
    .description("show the server's version, whether a newer W&B Server release exists, and the wandb CLI versions it supports")
    .addHelpText(
      'after',
      examples([
        'wandb-users server',
        'wandb-users --json server | jq .localVersion.outOfDate',
        'WANDB_BASE_URL=https://wandb.corp.example wandb-users server',
      ]),
    )
    .action(async () => {
      const ctx = context();
      const info = await ctx.api().serverInfo();
      const { baseUrl } = ctx.credentials();
      if (ctx.out.json) {
        ctx.out.document({ server: baseUrl, ...info });
        return;
      }
      for (const line of serverLines(baseUrl, info, ctx.out.c)) ctx.out.line(line);
    });
};
