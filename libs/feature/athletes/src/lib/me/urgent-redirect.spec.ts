import {
  changeUrgentRedirect,
  confirmUrgentRedirect,
  readUrgentRedirect,
  recordLinkSent,
  requestAgain,
  requestNumber,
  storedUrgentRedirect,
  type UrgentRedirectState,
} from './urgent-redirect';

const T0 = Date.parse('2026-11-21T10:00:00Z');
const HOUR = 3600 * 1000;
const EMPTY = readUrgentRedirect(null);

function requested(state: UrgentRedirectState, to: string, nowMs: number): UrgentRedirectState {
  const next = changeUrgentRedirect(state, to, 'ada@example.com', nowMs);
  expect(next.change.kind).toBe('requested');
  return next.state;
}

describe('urgent-alert redirect state', () => {
  it('keeps a new address pending until its request is confirmed, and survives the JSON round trip', () => {
    const pending = requested(EMPTY, 'partner@example.com', T0);
    expect(pending).toMatchObject({ confirmed: null, pending: 'partner@example.com', pendingSinceMs: T0 });
    expect(requestNumber(pending.requestId as string)).toBe(1);
    expect(readUrgentRedirect(storedUrgentRedirect(pending))).toEqual(pending);

    expect(confirmUrgentRedirect(pending, '1.other', T0 + HOUR)).toBeNull();
    const confirmed = confirmUrgentRedirect(pending, pending.requestId as string, T0 + HOUR);
    expect(confirmed).toMatchObject({
      confirmed: 'partner@example.com',
      confirmedAtMs: T0 + HOUR,
      confirmedId: pending.requestId,
      pending: null,
    });
    expect(readUrgentRedirect(storedUrgentRedirect(confirmed as UrgentRedirectState))).toEqual(confirmed);
  });

  it.each<[string, string | null, UrgentRedirectState['confirmed']]>([
    ['null', null, null],
    ["the account's own address", 'ada@example.com', null],
    ['the confirmed address', 'coach@example.com', 'coach@example.com'],
  ])('takes %s at once and withdraws the pending one', (_, to, confirmedAfter) => {
    const state: UrgentRedirectState = {
      ...requested(EMPTY, 'partner@example.com', T0),
      confirmed: 'coach@example.com',
      confirmedAtMs: T0 - HOUR,
      confirmedId: '0.x',
    };
    const { state: next, change } = changeUrgentRedirect(state, to, 'Ada@Example.com', T0);
    expect(change).toEqual({ kind: 'settled' });
    expect(next).toMatchObject({ confirmed: confirmedAfter, pending: null, pendingSinceMs: null });
  });

  it('changes nothing for the pending address again, and numbers every request', () => {
    const first = requested(EMPTY, 'partner@example.com', T0);
    expect(changeUrgentRedirect(first, 'partner@example.com', 'ada@example.com', T0 + 1)).toEqual({
      state: first,
      change: { kind: 'unchanged' },
    });
    const again = requestAgain(first, T0 + 2);
    expect(again?.change.kind).toBe('requested');
    expect(requestNumber(again?.state.requestId as string)).toBe(2);
    // The number goes on after the pending address is withdrawn.
    const cleared = changeUrgentRedirect(
      again?.state as UrgentRedirectState,
      null,
      'ada@example.com',
      T0 + 3,
    );
    expect(requestAgain(cleared.state, T0 + 4)).toBeNull();
    expect(requestNumber(requested(cleared.state, 'x@example.com', T0 + 5).requestId as string)).toBe(3);
  });

  it('allows 5 requests in any 24 hours and says when the next one may be made', () => {
    let state = EMPTY;
    for (let i = 0; i < 5; i++) state = requested(state, `a${i}@example.com`, T0 + i * HOUR);
    expect(changeUrgentRedirect(state, 'a5@example.com', 'ada@example.com', T0 + 5 * HOUR).change).toEqual({
      kind: 'limited',
      retryAtMs: T0 + 24 * HOUR,
    });
    expect(requestAgain(state, T0 + 6 * HOUR)?.change.kind).toBe('limited');
    // The first request leaves the window: one more is allowed, and old instants are dropped.
    const later = requested(state, 'a5@example.com', T0 + 24 * HOUR + 1);
    expect(later.requestTimesMs).toHaveLength(5);
  });

  it('keeps an address stored before confirmations existed in force, unconfirmed, until it is changed', () => {
    const legacy = readUrgentRedirect({ urgentAlertsTo: 'old@example.com', weeklyDigest: false });
    expect(legacy).toMatchObject({
      confirmed: 'old@example.com',
      confirmedAtMs: null,
      pending: null,
      requestId: null,
    });
    // Saved again unchanged (the settings page sends no address it already shows) it stays unconfirmed.
    expect(storedUrgentRedirect(legacy)).toMatchObject({
      urgentAlertsTo: 'old@example.com',
      urgentAlertsToConfirmedAt: null,
    });
    expect(changeUrgentRedirect(legacy, 'old@example.com', 'ada@example.com', T0).change.kind).toBe(
      'unchanged',
    );
    // A new address waits for confirmation while the old one still gets the alerts.
    const next = requested(legacy, 'new@example.com', T0);
    expect(readUrgentRedirect(storedUrgentRedirect(next))).toMatchObject({
      confirmed: 'old@example.com',
      confirmedAtMs: null,
      pending: 'new@example.com',
    });
    expect(changeUrgentRedirect(legacy, null, 'ada@example.com', T0).state.confirmed).toBeNull();
  });

  it('records the sending of the pending request only, once, and forgets it with the request', () => {
    const pending = requested(EMPTY, 'partner@example.com', T0);
    const id = pending.requestId as string;
    expect(recordLinkSent(pending, '1.other', T0 + 1)).toBeNull();
    const sent = recordLinkSent(pending, id, T0 + 1) as UrgentRedirectState;
    expect(sent.linkSentAtMs).toBe(T0 + 1);
    expect(readUrgentRedirect(storedUrgentRedirect(sent))).toEqual(sent);
    expect(recordLinkSent(sent, id, T0 + 2)).toBeNull();
    expect((requestAgain(sent, T0 + HOUR)?.state as UrgentRedirectState).linkSentAtMs).toBeNull();
    expect(confirmUrgentRedirect(sent, id, T0 + HOUR)?.linkSentAtMs).toBeNull();
  });

  it.each(['', '1', 'x.abc', '1.', '1.a:b', '1234567890.abc'])('reads no request number in %j', (id) =>
    expect(requestNumber(id)).toBeNull(),
  );
});
