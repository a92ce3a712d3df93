// An example downstream package: W&B operations of its own (src/graphql),
// typed by GraphQL Code Generator against @wandb-ts/schema's snapshot, sent
// with the Api of @wandb-ts/users. See docs/downstream-codegen.md.
export { auditUsers } from './audit.js';
export type { Audit, AuditedUser } from './audit.js';
export { provisionUser } from './provision.js';
export type { AccountType } from './provision.js';
