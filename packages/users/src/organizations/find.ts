import { OrganizationChoiceError } from '../errors/organization-errors.js';
import { AuthenticationError } from '../errors/refusals.js';
import { GetViewerOrganizationsDocument } from '../generated/operations.js';
import type { ModelClient } from '../transport/model-client.js';
import { Organization } from './organization.js';
import { fetchOrganization } from './operations.js';
import { describeName } from '../errors/redact.js';
import type { CallOptions } from '../transport/transport.js';

/** `api.organization` (see there), with its input checked. */
export async function findOrganization(client: ModelClient, name: string | undefined, options?: CallOptions): Promise<Organization | null> {
  if (name !== undefined) {
    const attrs = await fetchOrganization(client, { name }, options);
    return attrs && new Organization(client, attrs);
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
  return attrs && new Organization(client, attrs);
}
