// Which kind of W&B a sync runs against, and so what "a person is there"
// means. On W&B Server (Self-Managed or Dedicated Cloud) the API key of an
// instance admin creates accounts (`createUser`) and deactivates them
// (`deleteUser`). On W&B's multi-tenant cloud nobody's key may: people join
// an organization by invitation and leave it by being removed from it (W&B's
// docs, platform/hosting/iam/automate_iam: deactivating a user "removes the
// user from the organization" on Multi-tenant Cloud, and "Reactivation is
// unavailable ... re-add the user instead").
//
// Sync is never left to guess between the two from a failed call: what it
// does on one would remove people on the other. The deployment is the
// `--deployment` flag, or else the base URL, by W&B's own rule: its Python
// SDK takes every base URL but `https://api.wandb.ai` for a W&B Server
// (`is_local` and `deployment` in wandb/sdk/wandb_settings.py, wandb/wandb
// b6e2950588). The key's own answers are then checked against it before
// anything is planned (an instance admin's key on W&B Server; on the cloud,
// an admin of the organization), so a wrong guess ends in a refusal, never in
// changes made the other deployment's way.

/** The kinds of W&B deployment sync tells apart: W&B Server, or W&B's multi-tenant cloud. */
export type Deployment = 'server' | 'cloud';

/** Every {@link Deployment}. */
export const DEPLOYMENTS: readonly Deployment[] = ['server', 'cloud'];

/** The base URL of W&B's multi-tenant cloud API, the one base URL that is not a W&B Server. */
export const CLOUD_BASE_URL = 'https://api.wandb.ai';

/** The deployment a base URL is taken for without `--deployment`: the cloud at {@link CLOUD_BASE_URL}, W&B Server anywhere else. */
export function deploymentOf(baseUrl: string): Deployment {
  return baseUrl.replace(/\/+$/, '') === CLOUD_BASE_URL ? 'cloud' : 'server';
}

/** `W&B Server`, `W&B's cloud`: a deployment in words. */
export function describeDeployment(deployment: Deployment): string {
  return deployment === 'cloud' ? "W&B's cloud" : 'W&B Server';
}
