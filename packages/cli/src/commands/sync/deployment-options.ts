import { Option } from '@commander-js/extra-typings';
import { type Deployment, DEPLOYMENTS } from '../../sync/deployment.js';

// --deployment and --org of the sync commands, apart from the checks that use
// them (deployment.ts): the program declares them at start, and loads no more
// of sync for it.

/** The flags every sync command that reads the server takes for it. */
export interface DeploymentFlags {
  /** --deployment: `server` or `cloud`; default from the base URL. */
  deployment?: Deployment;
  /** --org: the organization; default the key's user's only one. */
  org?: string;
}

/** --deployment and --org, each a new instance (commander needs one per command). */
export function deploymentOptions() {
  return [
    new Option(
      '--deployment <kind>',
      "server (W&B Server: accounts are created and deactivated) or cloud (W&B's multi-tenant cloud: people are invited to the organization and removed from it); default: cloud for https://api.wandb.ai, server for any other URL",
    ).choices(DEPLOYMENTS),
    new Option('--org <name>', "the organization (default: the key's user's, when they belong to exactly one)"),
  ] as const;
}
