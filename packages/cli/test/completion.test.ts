import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT } from '../src';
import { runInProcess, tempDir } from './helpers';

// `wandb-users completion SHELL`: the scripts are written from the program's
// own commands, and do what they say in the shell itself. bash is run for
// every test; zsh and fish where they are installed (their scripts are also
// checked as text, which needs no shell).

const dir = tempDir();

async function script(shell: string): Promise<string> {
  const { code, stdout, stderr } = await runInProcess(['completion', shell]);
  expect([code, stderr]).toEqual([EXIT.OK, '']);
  const path = join(dir, `completion.${shell}`);
  writeFileSync(path, stdout);
  return path;
}

function installed(shell: string): boolean {
  try {
    execFileSync(shell, ['-c', 'exit 0'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** What bash offers after `line` (words split on spaces; a trailing space starts an empty word). */
function bashOffers(path: string, line: string): string[] {
  const words = line.split(' ');
  const program = `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _wandb_users; printf '%s\\n' "\${COMPREPLY[@]}"`;
  return execFileSync('bash', ['-c', program, 'bash', path, ...words], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
}

describe('bash', () => {
  let path: string;
  beforeAll(async () => {
    path = await script('bash');
  });

  test.each([
    ['wandb-users te', ['teams']],
    ['wandb-users teams ', ['list', 'show', 'create', 'delete', 'invite', 'remove', 'set-role', 'service-account', 'help']],
    ['wandb-users teams service-account ', ['list', 'create', 'delete', 'help']],
    ['wandb-users --json --base-url http://127.0.0.1:1 users l', ['list']],
    ['wandb-users users list --d', ['--deactivated']],
    ['wandb-users completion ', ['bash', 'zsh', 'fish']],
    ['wandb-users sync export --format ', ['yaml', 'json', 'csv']],
  ])('%j', (line, offered) => {
    expect(bashOffers(path, line)).toEqual(offered);
  });

  test('the value of an option, and a file argument, complete as file names', () => {
    writeFileSync(join(dir, 'people.yaml'), 'users: []\n');
    expect(bashOffers(path, `wandb-users sync plan ${join(dir, 'peo')}`)).toEqual([join(dir, 'people.yaml')]);
    expect(bashOffers(path, `wandb-users --api-key-file ${join(dir, 'peo')}`)).toEqual([join(dir, 'people.yaml')]);
  });

  test('every command and option of the program is in the script', async () => {
    const { stdout } = await runInProcess(['completion', 'bash']);
    for (const word of [
      'whoami',
      'users',
      'keys',
      'teams',
      'org',
      'sync',
      'demo',
      'serve',
      'completion',
      '--service-accounts',
      '--allow-insecure-http',
      '--journal-dir',
    ])
      expect(stdout).toContain(word);
  });
});

describe('zsh and fish', () => {
  test('zsh: the bash function, through zsh bashcompinit', async () => {
    const path = await script('zsh');
    const { stdout } = await runInProcess(['completion', 'zsh']);
    expect(stdout).toContain('autoload -U +X bashcompinit && bashcompinit');
    expect(stdout).toContain('complete -o bashdefault -o default -F _wandb_users wandb-users');
    if (installed('zsh')) execFileSync('zsh', ['-n', path]);
  });

  test('fish: a complete line per command and option, conditioned on the command path', async () => {
    const path = await script('fish');
    const { stdout } = await runInProcess(['completion', 'fish']);
    expect(stdout).toContain(`complete -c wandb-users -n '__wandb_users_at \\'teams service-account\\'' -a 'delete'`);
    expect(stdout).toContain(`complete -c wandb-users -n '__wandb_users_at \\'users list\\'' -l deactivated -d 'only deactivated accounts'`);
    if (!installed('fish')) return;
    const offers = (line: string) =>
      execFileSync('fish', ['-c', `source ${path}; complete -C '${line}'`], { encoding: 'utf8' })
        .split('\n')
        .filter(Boolean)
        .map((entry) => entry.split('\t')[0]);
    expect(offers('wandb-users teams service-account d')).toEqual(['delete']);
    expect(offers('wandb-users --json te')).toEqual(['teams']);
    expect(offers('wandb-users completion ')).toEqual(['bash', 'fish', 'zsh']);
  });

  test('an unknown shell is a usage error naming the ones there are', async () => {
    const { code, stderr } = await runInProcess(['completion', 'powershell']);
    expect(code).toBe(EXIT.USAGE);
    expect(stderr).toContain("wandb-users: error: command-argument value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.");
  });
});
