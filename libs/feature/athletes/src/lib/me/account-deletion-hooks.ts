import { Injectable, Logger } from '@nestjs/common';

/**
 * Work another feature does before an account's rows are deleted, outside the database: e.g. deauthorizing
 * its provider connections. It must not throw for something the deletion should wait on: it cannot.
 */
export interface AccountDeletionHook {
  /** Names the hook in log lines, e.g. `provider connections`. */
  readonly name: string;
  beforeAccountDeletion(userId: string): Promise<void>;
}

/** How long an account deletion waits for the hooks, all together, before it deletes anyway. */
export const ACCOUNT_DELETION_HOOKS_TIMEOUT_MS = 10_000;

/**
 * The hooks that run before an account is deleted. Features that the athletes feature cannot import (they
 * import it) register theirs at init, as provider modules do with their adapters:
 *
 *   constructor(private readonly hooks: AccountDeletionHooks) {}
 *   onModuleInit() { this.hooks.register(this); }
 *
 * Hooks run side by side and are best effort: a failure or a hook still running after the time bound is
 * logged and the deletion goes on, so a provider that is down never keeps an athlete's data against their
 * will. Whatever a late hook does after that finds no account.
 */
@Injectable()
export class AccountDeletionHooks {
  private readonly logger = new Logger(AccountDeletionHooks.name);
  private readonly hooks: AccountDeletionHook[] = [];

  register(hook: AccountDeletionHook): void {
    if (this.hooks.some((known) => known.name === hook.name)) {
      throw new Error(`The account deletion hook '${hook.name}' is registered twice`);
    }
    this.hooks.push(hook);
  }

  /** Runs every hook for the account; resolves when all settled or the time bound passed, never rejects. */
  async runBeforeDeletion(userId: string, timeoutMs = ACCOUNT_DELETION_HOOKS_TIMEOUT_MS): Promise<void> {
    if (this.hooks.length === 0) return;
    const started = Date.now();
    const pending = new Set(this.hooks.map((hook) => hook.name));
    const runs = this.hooks.map(async (hook) => {
      try {
        await hook.beforeAccountDeletion(userId);
      } catch (error) {
        this.logger.warn(
          `The ${hook.name} step before deleting account ${userId} failed (${(error as Error).message}); the account is deleted anyway.`,
        );
      } finally {
        pending.delete(hook.name);
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([Promise.all(runs), bound]);
    clearTimeout(timer);
    if (pending.size > 0) {
      this.logger.warn(
        `The ${[...pending].join(', ')} step before deleting account ${userId} took longer than ${timeoutMs} ms; the account is deleted anyway.`,
      );
    } else {
      this.logger.log(`The steps before deleting account ${userId} finished in ${Date.now() - started} ms.`);
    }
  }
}
