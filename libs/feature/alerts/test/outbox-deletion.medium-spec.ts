import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FindingEntity } from '@loadwatch/data-access/db';
import { AccountDataService } from '@loadwatch/feature/athletes';
import { finding } from './support/fixtures';
import { createTestApp, type TestApp } from './support/test-app';

jest.setTimeout(60_000);

describe('account deletion and the email outbox (no SMTP_URL)', () => {
  let t: TestApp;
  const outbox = () => readdirSync(t.config.mail.outboxDir).sort();
  const recipientsOf = (name: string) =>
    /^To: (.+)$/m.exec(readFileSync(join(t.config.mail.outboxDir, name), 'utf8'))?.[1] ?? '';

  beforeAll(async () => {
    t = await createTestApp('sqlite', null);
  });
  afterAll(() => t?.close());

  it("removes the .eml files of the emails to the account and about it (its coach's copies), and no others", async () => {
    const coach = await t.user({ role: 'coach' });
    const leaving = await t.user();
    const staying = await t.user();
    await t.link(coach.id, leaving.id, true);
    await t.link(coach.id, staying.id, true);
    const today = new Date(t.clock.now()).toISOString().slice(0, 10);
    for (const athlete of [leaving, staying]) {
      const urgent = finding(athlete.id, 'R12', 'urgent', today);
      await t.dataSource.getRepository(FindingEntity).save(urgent);
      await t.queue.enqueue('notify-finding', { findingId: urgent.id, severity: 'urgent' });
    }
    await t.queue.drain();
    const before = outbox();
    expect(before).toHaveLength(4);

    await t.app.get(AccountDataService).delete(leaving.id);

    const after = outbox();
    expect(after).toHaveLength(2);
    expect(after.every((name) => before.includes(name))).toBe(true);
    expect(after.map(recipientsOf).sort()).toEqual([coach.email, staying.email].sort());
    expect(
      after.map((name) => readFileSync(join(t.config.mail.outboxDir, name), 'utf8')).join(),
    ).not.toContain(leaving.id);
  });
});
