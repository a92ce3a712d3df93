/**
 * Declarative provisioning for W&B, the engine of `wandb-users sync`: read a
 * desired state (YAML, JSON or CSV), read the server's state, {@link plan} the
 * difference, and {@link applyPlan} it, idempotently and resumably; or
 * {@link exportState} the server's state as a desired state. On W&B Server it
 * creates and deactivates accounts; on W&B's cloud ({@link Deployment}) it
 * invites people to the organization and removes them from it, within its
 * seats. Every step
 * is usable on its own: the planner and the stale check are pure functions, and
 * the reading and applying go through narrow ports ({@link StateReader},
 * {@link SyncClient}) that the @wandb-ts/users `Api` fits.
 *
 * @module @wandb-ts/cli/sync
 */
export type { AccountStatus, DesiredServiceAccount, DesiredState, DesiredTeam, DesiredUser, SyncScope } from './desired.js';
export { emailKey, keptBy, statusOf, SYNC_FILE_VERSION, SYNC_FILE_VERSIONS } from './desired.js';
export { addressInScope, describeScope, domainOf, mayDeactivate, teamInScope } from './scope.js';
export {
  ExportError,
  exportReadScope,
  exportState,
  type ExportedRoles,
  type ExportedServiceAccount,
  type ExportedUser,
  type ExportLeftOut,
  type ExportOptions,
  type ExportProblem,
  type SyncExport,
} from './export.js';
export { exportCsv, exportJson, exportText, exportYaml, yamlScalar } from './export-format.js';
export { parseDesiredState, formatOf, type SyncFileFormat } from './read-desired.js';
export { parseSyncDocument } from './parse-document.js';
export { parseSyncCsv, CSV_COLUMNS } from './parse-csv.js';
export { SyncFileError, describeProblem, listProblems, type FileProblem } from './file-error.js';
export { ADMIN_ROLE, BUILT_IN_ROLES, roleProblem, teamNameProblem, emailProblem, emailDomainProblem, usernameProblem } from './rules.js';
export type {
  CurrentMember,
  CurrentOrganization,
  CurrentOrgInvitation,
  CurrentOrgMember,
  CurrentState,
  CurrentTeam,
  CurrentUser,
  CurrentViewer,
  SeatCount,
} from './current.js';
export { SERVICE_ACCOUNT, isServiceAccount } from './current.js';
export { CLOUD_BASE_URL, type Deployment, DEPLOYMENTS, deploymentOf, describeDeployment } from './deployment.js';
export type {
  StateReader,
  SyncClient,
  SyncClientMember,
  SyncClientOrganization,
  SyncClientOrgMember,
  SyncClientTeam,
  SyncClientUser,
  SyncUserCalls,
} from './client.js';
export { syncClientFor } from './sdk-client.js';
export {
  compactMember,
  compactOrganization,
  compactTeam,
  compactUser,
  NoOrganizationError,
  readCurrentState,
  readScopeFor,
  type ReadScope,
} from './read-current.js';
export { SEAT_KINDS, type SeatKind, type SeatShortage, seatBalance, seatChange, seatOf, seatShortages, seatsLeft, seatWords } from './seats.js';
export { StateIndex, type MemberQuery } from './state-index.js';
export * from './actions.js';
export type { Blocker, HeldChange, HeldReason, Plan, PlanOrganization, PlanSettings } from './plan-types.js';
export { HELD_REASONS, PLAN_VERSION } from './plan-types.js';
export { DEFAULT_ORG_ROLE, plan, planOrganization, type PlanOptions } from './plan.js';
export {
  activeAccounts,
  actionLabel,
  defaultRemovalLimit,
  describeShortage,
  removalLimit,
  RULE_NAMES,
  ruleViolations,
  type RuleName,
  type RuleSettings,
  type RuleViolation,
} from './safety.js';
export {
  actionState,
  checkPlan,
  isApplicable,
  teamsToRead,
  type ActionState,
  type CheckOptions,
  type PlanCheck,
  type PlanViolation,
  type StaleAction,
} from './check.js';
export { planDocument, readPlanDocument, summarize, type PlanSummary } from './plan-document.js';
export { describeLookalike, escapeNonAscii, lookalikeWarnings, scriptsOf, type LookalikeWarning } from './lookalikes.js';
export { applyPlan, PlanBlockedError, type ActionResult, type ActionStatus, type ApplyOptions, type ApplyResult, type StopReason } from './apply.js';
export {
  inFlightEntry,
  JOURNAL_VERSION,
  journalEntry,
  readJournal,
  type BeforeState,
  type Journal,
  type JournalEnd,
  type JournalEntry,
  type JournalHeader,
  type JournalStatus,
} from './journal.js';
export { planUndo, undoScope, type NotReversed, type UndoOptions, type UndoPlan } from './undo.js';
export { walkGraph, type GraphNode, type Walk, type Walked } from './schedule.js';
