/**
 * The typed GraphQL documents of `@wandb-ts/users`, for any GraphQL client
 * (graphql-request, urql, Apollo...) or {@link @wandb-ts/users!Api.request}.
 *
 * Everything here is generated from the operations in the package's
 * `src/graphql/*.graphql` and the W&B schema snapshot, so the names follow one
 * scheme, for each operation `X` and fragment `F`:
 *
 * - `XDocument`: the operation as a `TypedDocumentNode`, which carries its
 *   result and variables types to the client;
 * - `XQuery` / `XMutation`: the shape of its `data`;
 * - `XQueryVariables` / `XMutationVariables`: its variables;
 * - `FFragment` and `FFragmentDoc`: a fragment's shape and document.
 *
 * The operations:
 *
 * - users and keys: `GetViewer`, `SearchUsers` (admin only: pages with
 *   `first`/`after`), `CreateUserFromAdmin` (admin only), `GenerateApiKey` (its
 *   result's `apiKey.name` is the new key's full secret, shown only there) and
 *   `DeleteApiKey`;
 * - the user lifecycle, admin only: `DeleteUser` (deactivates: the account is
 *   kept with `deletedAt` set, and its keys stop authenticating), `UndeleteUser`
 *   (reactivates) and `UpdateUser` (the instance admin flag);
 * - teams: `GetTeamEntity` (a team, or a user's personal entity, with its
 *   members through `MemberFragment`; null for an unknown name), `CreateTeam`
 *   (admin only), `CreateInvite`, `DeleteInvite` (deletes an invitation, or
 *   removes a member given the member's ID), `UpdateMember` (a member's role)
 *   and `CreateServiceAccount`: team admins or instance admins. A member's
 *   `apiKey` is a service account's secret key, listed to team admins only;
 * - organizations: `GetOrganization` (by name or ID, with members, pending
 *   invitations and seats; null for one that does not exist or the caller may
 *   not read), `GetViewerOrganizations`, and, for organization admins or
 *   instance admins, `AddUserToOrganization` (an account joins, an address is
 *   invited), `UpdateOrganizationUser` (a member's role, and with it the seat)
 *   and `RemoveUserFromOrganization`.
 *
 * @module @wandb-ts/users/graphql
 */

export * from './generated/graphql.js';
