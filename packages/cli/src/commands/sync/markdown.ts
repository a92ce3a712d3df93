import { describeAction, signOf, type Action } from '../../sync/actions.js';
import { describeLookalike, type LookalikeWarning } from '../../sync/lookalikes.js';
import type { Plan } from '../../sync/plan-types.js';
import { summarize } from '../../sync/plan-document.js';
import { describeScope } from '../../sync/scope.js';
import { escapeControls } from '../../output/terminal/escape.js';
import { blockerText, groupOf, heldText, organizationLine } from './render.js';

// `sync plan --markdown`: the plan as a pull-request comment or a GitHub
// Actions job summary ($GITHUB_STEP_SUMMARY). Addresses, usernames and
// messages come from the file and the server, and Markdown would make links,
// HTML, mentions (`@someone` notifies them) and issue references of them. So
// every such text is shown only inside code: the changes in fenced `diff`
// blocks (one line each, control characters escaped, so no line can close the
// fence), the rest in code spans fenced by more backticks than the text holds.
// Only the CLI's own words are Markdown.

/** Action lines listed in all; the rest are counted (a comment holds 65,536 characters). */
export const MAX_MARKDOWN_ACTIONS = 300;

/** `text` as an inline code span, whatever backticks it holds: `` a`b ``. */
export function codeSpan(text: string): string {
  const inert = escapeControls(text);
  const longest = Math.max(0, ...[...inert.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = inert.startsWith('`') || inert.endsWith('`') || inert.startsWith(' ') ? ' ' : '';
  return `${fence}${pad}${inert}${pad}${fence}`;
}

/** Lines of the CLI's own making with server text in them, as a fenced block (`diff` colours + and - lines on GitHub). */
function fenced(lines: readonly string[], language = ''): string[] {
  // Every line starts with the CLI's own sign or word, never a backtick: none can close the fence.
  return [`\`\`\`${language}`, ...lines.map(escapeControls), '```'];
}

/** The actions grouped as printPlan groups them: users first, then the organization, then each team in plan order. */
function groups(plan: Plan): [string, Action[]][] {
  const byGroup = new Map<string, Action[]>();
  for (const action of plan.actions) {
    const key = groupOf(action, plan);
    byGroup.set(key, [...(byGroup.get(key) ?? []), action]);
  }
  const rank = (key: string) => (key === 'users' ? 0 : key.startsWith('organization') ? 1 : 2);
  return [...byGroup].sort(([a], [b]) => rank(a) - rank(b));
}

/** A group's heading: `Users`, `Organization `Acme``, `Team `ml``. */
function heading(key: string): string {
  if (key === 'users') return '#### Users';
  const [kind, ...rest] = key.split(' ');
  const name = rest.join(' ');
  return `#### ${kind === 'team' ? 'Team' : 'Organization'}${name === '' ? '' : ` ${codeSpan(name)}`}`;
}

/**
 * The plan as Markdown: a title with the counts, what it was made from, the
 * changes grouped (users, then each team), what the safety rules held back,
 * why it is blocked (if it is), and the names to check. At most
 * {@link MAX_MARKDOWN_ACTIONS} action lines; the saved plan (`--out`) has them all.
 */
export function planMarkdown(plan: Plan, warnings: readonly LookalikeWarning[] = []): string {
  const { add, change, remove } = summarize(plan.actions);
  const lines: string[] = [];
  const title = plan.actions.length === 0 ? 'no changes' : `${add} to add, ${change} to change, ${remove} to remove`;
  lines.push(`### wandb-users sync plan: ${title}`, '');
  const flags = plan.settings.prune ? `with \`--prune\` (at most ${plan.removalLimit} removals)` : 'without `--prune` (nothing is removed)';
  lines.push(
    `${codeSpan(plan.source)} against ${codeSpan(plan.server)}, as ${codeSpan(plan.viewer.username ?? plan.viewer.id)}, ${flags}${plan.settings.includeAdmins ? ' and `--include-admins`' : ''}.`,
  );
  if (plan.scope) lines.push('', `The file is partial: its scope is ${codeSpan(describeScope(plan.scope))}. Nothing outside it is touched.`);
  const organization = organizationLine(plan);
  if (organization !== undefined) lines.push('', ...fenced([organization]));
  if (plan.actions.length === 0) lines.push('', 'The server matches the file: applying it would change nothing.');

  let listed = 0;
  for (const [key, actions] of groups(plan)) {
    const shown = actions.slice(0, MAX_MARKDOWN_ACTIONS - listed);
    if (shown.length === 0) break;
    listed += shown.length;
    lines.push('', heading(key), '');
    lines.push(
      ...fenced(
        shown.map((action) => `${signOf(action)} ${describeAction(action)}`),
        'diff',
      ),
    );
  }
  if (listed < plan.actions.length) lines.push('', `The first ${listed} of ${plan.actions.length} actions are listed here; the saved plan lists every one.`);

  if (plan.held.length > 0) {
    lines.push('', '#### Held back by the safety rules', '');
    lines.push(...fenced(plan.held.map((held) => `! ${heldText(held)}`)));
  }
  if (plan.blocked.length > 0) {
    lines.push('', '#### Blocked: this plan cannot be applied', '');
    lines.push(...fenced(plan.blocked.map((blocker) => `x ${blockerText(blocker)}`)));
  }
  if (warnings.length > 0) {
    lines.push('', '#### Names to check (characters outside ASCII, shown escaped)', '');
    lines.push(...fenced(warnings.map((warning) => `! action ${warning.action}: ${describeLookalike(warning)}`)));
  }
  return `${lines.join('\n')}\n`;
}
