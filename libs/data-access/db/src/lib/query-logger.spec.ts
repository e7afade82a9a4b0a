import { Logger } from '@nestjs/common';
import { redactValues, SafeQueryLogger, statementHead } from './query-logger';

describe('SafeQueryLogger', () => {
  it('logs a failed query without its parameters or quoted values', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    new SafeQueryLogger().logQueryError(
      new Error(
        'duplicate key value violates unique constraint "UQ_x": Key (email)=(runner@example.com) already exists.',
      ),
      'INSERT INTO "symptom_logs"("id", "notes") VALUES ($1, $2)',
      ['abc', 'pain in the sacrum since Tuesday'],
    );
    const logged = error.mock.calls.map((call) => String(call[0])).join('\n');
    expect(logged).toContain('INSERT "symptom_logs"');
    expect(logged).not.toContain('runner@example.com');
    expect(logged).not.toContain('sacrum');
    error.mockRestore();
  });

  it.each([
    ['SELECT "u"."id" FROM "users" "u" WHERE "u"."email" = $1', 'SELECT "users"'],
    ['UPDATE "findings" SET "status" = $1', 'UPDATE "findings"'],
    ['DELETE FROM "activities" WHERE "id" = $1', 'DELETE "activities"'],
  ])('names the statement of %p', (query, head) => {
    expect(statementHead(query)).toBe(head);
  });

  it('drops quoted values from driver messages', () => {
    expect(redactValues("invalid input syntax for type integer: 'eleven'")).toBe(
      "invalid input syntax for type integer: '…'",
    );
  });
});
