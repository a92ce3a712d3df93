import { AuthenticationError, OrganizationChoiceError } from './errors.js';
import { GetViewerOrganizationsDocument } from './generated/operations.js';
import type { ModelClient } from './model-client.js';
import { Organization } from './organization.js';
import { fetchOrganization } from './organization-ops.js';
import type { OrganizationKit } from './organization-types.js';
import { describeName } from './redact.js';
import type { CallOptions } from './transport.js';

// `api.organization`: finds the organization meant and wraps it in the
// Organization class, which comes with its operations: what Api loads with
// import() on the first organization call, so that apps that never touch
// organizations load none of it. A module of its own rather than part of
// team-lazy.ts: the organization classes name the User class, whose own lazy
// code is team-lazy.ts, and one module would tie them in a circle.

/** `api.organization` (see there), with its input checked. */
export async function findOrganization(
  client: ModelClient,
  kit: OrganizationKit,
  name: string | undefined,
  options?: CallOptions,
): Promise<Organization | null> {
  if (name !== undefined) {
    const attrs = await fetchOrganization(client, { name }, options);
    return attrs && new Organization(client, attrs, kit);
  }
  const data = await client.request(GetViewerOrganizationsDocument, {}, options);
  if (!data.viewer) {
    throw new AuthenticationError('the server did not say whose API key this is (viewer is null)', {
      operation: 'GetViewerOrganizations',
      url: client.graphqlUrl,
    });
  }
  const { organizations } = data.viewer;
  const [only] = organizations;
  if (only === undefined) return null;
  if (organizations.length > 1) {
    const names = organizations.map((o) => o.name);
    throw new OrganizationChoiceError(`this API key's user belongs to ${names.length} organizations (${names.map(describeName).join(', ')}): name one`, {
      operation: 'GetViewerOrganizations',
      url: client.graphqlUrl,
      organizations: names,
    });
  }
  const attrs = await fetchOrganization(client, { id: only.id }, options);
  return attrs && new Organization(client, attrs, kit);
}
