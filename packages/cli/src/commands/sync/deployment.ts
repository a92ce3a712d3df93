import { OrganizationChoiceError } from '@wandb-ts/users';
import type { Context } from '../../context.js';
import { CliError, EXIT } from '../../exit-codes.js';
import type { CurrentState } from '../../sync/current.js';
import { type Deployment, deploymentOf, describeDeployment } from '../../sync/deployment.js';
import { NoOrganizationError } from '../../sync/read-current.js';
import { ADMIN_ROLE } from '../../sync/rules.js';
import type { DeploymentFlags } from './deployment-options.js';

// Which W&B a sync command works on (sync/deployment.ts says why it is never
// guessed from a failed call), and the checks of the key's rights that make a
// wrong choice a refusal before anything is planned.

export type { DeploymentFlags } from './deployment-options.js';

/** The deployment of this run: --deployment, else the base URL's. */
export function deploymentFor(ctx: Context, flags: DeploymentFlags): Deployment {
  return flags.deployment ?? deploymentOf(ctx.credentials().baseUrl);
}

/** An error of reading the organization as the CLI reports it: several and none named (exit 2), none (exit 5); anything else as it is. */
export function organizationError(error: unknown): unknown {
  if (error instanceof OrganizationChoiceError) {
    const [first = 'NAME'] = error.organizations;
    return new CliError(
      `you belong to ${error.organizations.length} organizations (${error.organizations.join(', ')}): say which with --org`,
      EXIT.USAGE,
      `For example: --org ${JSON.stringify(first)}. Nothing was sent.`,
      { cause: error },
    );
  }
  if (error instanceof NoOrganizationError)
    return new CliError(
      error.message,
      EXIT.NOT_FOUND,
      error.organization === undefined
        ? 'Name it with --org. Nothing was sent.'
        : "Its members and instance admins may read an organization; without --org, sync works in the key's user's own. Nothing was sent.",
      { cause: error },
    );
  return error;
}

/**
 * On W&B's cloud, sync reads and changes the organization's members: the
 * key's user must be an admin of it (an instance admin would do, where there
 * is one). Exit 4 otherwise, before anything is planned.
 */
export function checkCloudRights(state: CurrentState): void {
  if (state.deployment !== 'cloud' || state.viewer.admin === true) return;
  const org = state.organization;
  if (org?.members.some((m) => m.userId === state.viewer.id && m.role === ADMIN_ROLE)) return;
  const who = state.viewer.username ?? state.viewer.email ?? state.viewer.id;
  throw new CliError(
    `${who} is not an admin of organization ${org?.name ?? '?'}, and sync on ${describeDeployment('cloud')} invites people to it and removes them from it`,
    EXIT.PERMISSION,
    'Use the key of one of its admins (`wandb-users org members` lists them). Nothing was sent.',
  );
}

/** The hint under "not an instance admin": on the cloud, nobody is, and --deployment cloud works with an organization's admin's key. */
export function notInstanceAdminHint(ctx: Context): string {
  const url = ctx.credentials().baseUrl;
  return `On W&B Server, sync reads every user, which only instance admins may. On ${describeDeployment('cloud')}, where an organization's admins manage its members, run it with --deployment cloud${deploymentOf(url) === 'cloud' ? '' : ` (${url} is taken for a W&B Server)`}.`;
}
