import { Logger } from '@nestjs/common';
import { AccountDeletionHooks, type AccountDeletionHook } from './account-deletion-hooks';

/** A hook that records the accounts it saw and then does what `then` says. */
function hook(name: string, then: () => Promise<void> = () => Promise.resolve()) {
  const seen: string[] = [];
  const registered: AccountDeletionHook = {
    name,
    beforeAccountDeletion: async (userId) => {
      seen.push(userId);
      await then();
    },
  };
  return { registered, seen };
}

describe('AccountDeletionHooks', () => {
  let warnings: string[];

  beforeEach(() => {
    warnings = [];
    jest.spyOn(Logger.prototype, 'warn').mockImplementation((message: unknown) => {
      warnings.push(String(message));
    });
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('runs every registered hook for the account', async () => {
    const hooks = new AccountDeletionHooks();
    const a = hook('provider connections');
    const b = hook('stored files');
    hooks.register(a.registered);
    hooks.register(b.registered);

    await hooks.runBeforeDeletion('user-1');

    expect(a.seen).toEqual(['user-1']);
    expect(b.seen).toEqual(['user-1']);
    expect(warnings).toEqual([]);
  });

  it('goes on when a hook fails, and says which one in a sentence', async () => {
    const hooks = new AccountDeletionHooks();
    const failing = hook('provider connections', () => Promise.reject(new Error('Strava answered 503')));
    const fine = hook('stored files');
    hooks.register(failing.registered);
    hooks.register(fine.registered);

    await expect(hooks.runBeforeDeletion('user-2')).resolves.toBeUndefined();

    expect(fine.seen).toEqual(['user-2']);
    expect(warnings).toEqual([
      'The provider connections step before deleting account user-2 failed (Strava answered 503); the account is deleted anyway.',
    ]);
  });

  it('waits no longer than its time bound for a hook that never finishes', async () => {
    const hooks = new AccountDeletionHooks();
    hooks.register(hook('provider connections', () => new Promise<void>(() => undefined)).registered);
    const fine = hook('stored files');
    hooks.register(fine.registered);

    const started = Date.now();
    await hooks.runBeforeDeletion('user-3', 50);
    const elapsedMs = Date.now() - started;

    // The hook never finishes: returning at all shows the bound held (no upper wall-clock bound here).
    expect(elapsedMs).toBeGreaterThanOrEqual(45);
    expect(fine.seen).toEqual(['user-3']);
    expect(warnings).toEqual([
      'The provider connections step before deleting account user-3 took longer than 50 ms; the account is deleted anyway.',
    ]);
  });

  it('refuses a second hook of the same name', () => {
    const hooks = new AccountDeletionHooks();
    hooks.register(hook('provider connections').registered);
    expect(() => hooks.register(hook('provider connections').registered)).toThrow(
      "The account deletion hook 'provider connections' is registered twice",
    );
  });

  it('resolves at once without hooks', async () => {
    await expect(new AccountDeletionHooks().runBeforeDeletion('user-4', 60_000)).resolves.toBeUndefined();
  });
});
