import type { CommandUnknownOpts } from '@commander-js/extra-typings';

// Shell completion scripts for `wandb-users completion SHELL`, written from
// the program's own commands and options (commander's tree), so they cannot
// drift from what the CLI accepts. They are static: pressing Tab runs no
// node process and never reaches a server. They complete commands, options
// and the values of options and arguments that have a fixed set of choices;
// everything else falls back to file names. Commander has no completion of
// its own, and the libraries for it (@pnpm/tabtab, omelette, @bomb.sh/tab)
// complete by running the program on every Tab: a node start-up each time,
// for words this tree already knows.

/** The shells a script is written for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** A command of the tree, by its path of names (`teams service-account`), with what completes after it. */
interface Node {
  path: string;
  description: string;
  subcommands: { name: string; description: string }[];
  options: { flags: string[]; description: string; takesValue: boolean; choices: readonly string[] | undefined }[];
  /** The choices of its first argument, when it has a fixed set (`completion <shell>`). */
  argumentChoices: readonly string[] | undefined;
}

/** Every command of `program` with what completes after it, through commander's Help (what --help shows). */
function nodesOf(program: CommandUnknownOpts): Node[] {
  const help = program.createHelp();
  const nodes: Node[] = [];
  const visit = (command: CommandUnknownOpts, path: string) => {
    const visible = help.visibleCommands(command);
    nodes.push({
      path,
      description: command.description(),
      subcommands: visible.map((c) => ({ name: c.name(), description: c.description() })),
      options: help.visibleOptions(command).map((o) => ({
        flags: [o.long, o.short].filter((f): f is string => f !== undefined),
        description: o.description,
        takesValue: o.required || o.optional,
        choices: o.argChoices,
      })),
      argumentChoices: command.registeredArguments[0]?.argChoices,
    });
    for (const sub of visible) if (sub.name() !== 'help') visit(sub, path === '' ? sub.name() : `${path} ${sub.name()}`);
  };
  visit(program, '');
  return nodes;
}

/** `text` as a single-quoted shell word (bash, zsh and fish all read '...' literally but for the quote itself). */
function quoted(text: string, shell: Shell): string {
  return shell === 'fish' ? `'${text.replace(/[\\']/g, '\\$&')}'` : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Descriptions in completion menus are one short line. */
function brief(text: string): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > 70 ? `${line.slice(0, 69)}…` : line;
}

/**
 * The bash function (also what zsh runs, through its bashcompinit): the words
 * typed so far name a command path, skipping options and the values of the
 * options that take one; the word under the cursor is completed as an option,
 * a choice, a sub-command, or a file name.
 */
function bashFunction(name: string, nodes: readonly Node[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  // The program's own options are offered everywhere (commander takes them after a command too): said once.
  const rootFlags = new Set(nodes.find((n) => n.path === '')?.options.flatMap((o) => o.flags));
  const longFlags = (node: Node, skip: ReadonlySet<string>) => node.options.flatMap((o) => o.flags.filter((f) => f.startsWith('--') && !skip.has(f)));
  const cases = (pick: (node: Node) => string) =>
    nodes
      .map((node) => [node.path, pick(node)] as const)
      .filter(([, words]) => words !== '')
      .map(([path, words]) => `    ${quoted(path, 'bash')}) echo ${quoted(words, 'bash')} ;;`)
      .join('\n');
  const valued = nodes.flatMap((n) => n.options.filter((o) => o.takesValue).flatMap((o) => o.flags));
  const optionChoices = nodes.flatMap((n) =>
    n.options.filter((o) => o.choices !== undefined).flatMap((o) => o.flags.map((f) => [f, o.choices?.join(' ') ?? ''] as const)),
  );
  return `${fn}_subcommands() {
  case "$1" in
${cases((n) => n.subcommands.map((s) => s.name).join(' '))}
  esac
}

${fn}_options() {
  case "$1" in
${cases((n) => longFlags(n, n.path === '' ? new Set() : rootFlags).join(' '))}
  esac
}

${fn}_argument_choices() {
  case "$1" in
${cases((n) => n.argumentChoices?.join(' ') ?? '')}
  esac
}

${fn}_option_choices() {
  case "$1" in
${optionChoices.map(([flag, words]) => `    ${quoted(flag, 'bash')}) echo ${quoted(words, 'bash')} ;;`).join('\n')}
  esac
}

${fn}() {
  local cur prev path word i skip=0 words
  cur="\${COMP_WORDS[COMP_CWORD]}"
  prev=""
  ((COMP_CWORD > 0)) && prev="\${COMP_WORDS[COMP_CWORD - 1]}"
  path=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    word="\${COMP_WORDS[i]}"
    if ((skip)); then
      skip=0
      continue
    fi
    case "$word" in
      --) break ;;
      --*=*) ;;
      -*) case " ${valued.join(' ')} " in *" $word "*) skip=1 ;; esac ;;
      *)
        case " $(${fn}_subcommands "$path") " in
          *" $word "*) path="\${path:+$path }$word" ;;
        esac
        ;;
    esac
  done
  COMPREPLY=()
  if ((skip)); then
    words="$(${fn}_option_choices "$prev")"
    if [[ -n "$words" ]]; then
      COMPREPLY=($(compgen -W "$words" -- "$cur"))
    else
      COMPREPLY=($(compgen -f -- "$cur"))
    fi
    return 0
  fi
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$(${fn}_options "$path") $(${fn}_options "")" -- "$cur"))
    return 0
  fi
  words="$(${fn}_subcommands "$path")"
  [[ -z "$words" ]] && words="$(${fn}_argument_choices "$path")"
  if [[ -n "$words" ]]; then
    COMPREPLY=($(compgen -W "$words" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
  return 0
}`;
}

function bashScript(name: string, nodes: readonly Node[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  return `# bash completion for ${name}, written by \`${name} completion bash\`.
# Load it in ~/.bashrc:  eval "$(${name} completion bash)"
# or save it where bash-completion looks:  ${name} completion bash > ~/.local/share/bash-completion/completions/${name}
${bashFunction(name, nodes)}

complete -o bashdefault -o default -F ${fn} ${name}
`;
}

function zshScript(name: string, nodes: readonly Node[]): string {
  const fn = `_${name.replace(/\W/g, '_')}`;
  return `# zsh completion for ${name}, written by \`${name} completion zsh\`.
# Load it in ~/.zshrc, after compinit:  eval "$(${name} completion zsh)"
# zsh runs the bash completion function through its bashcompinit.
autoload -U +X bashcompinit && bashcompinit
${bashFunction(name, nodes)}

complete -o bashdefault -o default -F ${fn} ${name}
`;
}

function fishScript(name: string, nodes: readonly Node[]): string {
  const fn = `__${name.replace(/\W/g, '_')}`;
  const valued = nodes.flatMap((n) => n.options.filter((o) => o.takesValue).flatMap((o) => o.flags));
  const paths = nodes.filter((n) => n.subcommands.length > 0);
  const lines = [
    `# fish completion for ${name}, written by \`${name} completion fish\`.`,
    `# Load it:  ${name} completion fish > ~/.config/fish/completions/${name}.fish`,
    '',
    `# The command path the words typed so far name (\`teams service-account\`), options and their values skipped.`,
    `function ${fn}_path`,
    '    set -l words (commandline -opc)',
    '    set -e words[1]',
    '    set -l path',
    '    set -l skip 0',
    '    for word in $words',
    '        if test $skip -eq 1',
    '            set skip 0',
    '            continue',
    '        end',
    '        switch $word',
    '            case --',
    '                break',
    "            case '--*=*'",
    "            case '-*'",
    `                if contains -- $word ${valued.map((f) => quoted(f, 'fish')).join(' ')}`,
    '                    set skip 1',
    '                end',
    '            case "*"',
    `                if contains -- $word (${fn}_subcommands (string join " " $path))`,
    '                    set -a path $word',
    '                end',
    '        end',
    '    end',
    '    string join " " $path',
    'end',
    '',
    `# Whether the words typed so far name the command path $argv[1] ('' for the program itself).`,
    `function ${fn}_at`,
    `    set -l path (${fn}_path)`,
    '    test "$path" = "$argv[1]"',
    'end',
    '',
    `function ${fn}_subcommands`,
    '    switch "$argv[1]"',
    ...paths.flatMap((n) => [
      `        case ${quoted(n.path, 'fish')}`,
      `            printf "%s\\n" ${n.subcommands.map((s) => quoted(s.name, 'fish')).join(' ')}`,
    ]),
    '    end',
    'end',
    '',
    `complete -c ${name} -f`,
  ];
  for (const node of nodes) {
    const at = `-n ${quoted(`${fn}_at ${quoted(node.path, 'fish')}`, 'fish')}`;
    for (const sub of node.subcommands) lines.push(`complete -c ${name} ${at} -a ${quoted(sub.name, 'fish')} -d ${quoted(brief(sub.description), 'fish')}`);
    if (node.argumentChoices) lines.push(`complete -c ${name} ${at} -a ${quoted(node.argumentChoices.join(' '), 'fish')}`);
    for (const option of node.options) {
      const long = option.flags.find((f) => f.startsWith('--'))?.slice(2);
      const short = option.flags.find((f) => /^-[^-]$/.test(f))?.slice(1);
      // The program's options are taken after any command, as commander does.
      const where = node.path === '' ? '' : ` ${at}`;
      const value = option.takesValue ? (option.choices ? ` -x -a ${quoted(option.choices.join(' '), 'fish')}` : ' -r -F') : '';
      lines.push(
        `complete -c ${name}${where}${long ? ` -l ${long}` : ''}${short ? ` -s ${short}` : ''}${value} -d ${quoted(brief(option.description), 'fish')}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The completion script of `program` for `shell`. */
export function completionScript(program: CommandUnknownOpts, shell: Shell): string {
  const nodes = nodesOf(program);
  const name = program.name();
  if (shell === 'bash') return bashScript(name, nodes);
  if (shell === 'zsh') return zshScript(name, nodes);
  return fishScript(name, nodes);
}
