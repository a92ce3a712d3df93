import { WandbError, type WandbErrorDetails } from './wandb-error.js';

/**
 * Bad input or options: found before any request was sent (`attempts` 0,
 * `argument` names the culprit), or refused by the server as invalid (its
 * GraphQL error code `BAD_USER_INPUT`, e.g. a team role the instance does not
 * know; `argument` undefined, `graphQLErrors` say what the server said).
 */
export class ValidationError extends WandbError {
  /**
   * The option, parameter or environment variable at fault, by the name the SDK gives it
   * (`baseUrl`, `apiKey`, `timeoutMs`, `email`, `WANDB_BASE_URL`, `NETRC`...), so that a tool can
   * name it in its own terms (a CLI flag); undefined when no single one is at fault.
   */
  readonly argument: string | undefined;

  constructor(message: string, details: WandbErrorDetails & { argument?: string | undefined } = {}) {
    super(message, details);
    this.argument = details.argument;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), argument: this.argument };
  }
}
