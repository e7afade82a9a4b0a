import { DataSource } from 'typeorm';
import { dataSourceOptions, UserEntity, UsersRepository } from '@loadwatch/data-access/db';
import { loadConfig } from '@loadwatch/shared/config';
import type { CommandIo } from '../analyze/analyze.command';

/**
 * `loadwatch admin grant|revoke <email>`: the operators' way to make an account an admin (failed jobs, Bull
 * Board) or to take that back. There is deliberately no API or environment key for it: emails are not
 * verified, so whoever registered an address first would become admin. Revoking makes the account an athlete.
 */
export async function runAdminCommand(action: string, email: string, io: CommandIo): Promise<number> {
  if (action !== 'grant' && action !== 'revoke') {
    io.stderr.write(`loadwatch: admin: expected grant or revoke, got '${action}'\n`);
    return 2;
  }
  const config = loadConfig();
  const dataSource = new DataSource(dataSourceOptions(config.db));
  await dataSource.initialize();
  try {
    const users = new UsersRepository(dataSource.getRepository(UserEntity));
    const user = await users.setRole(email, action === 'grant' ? 'admin' : 'athlete');
    if (!user) {
      io.stderr.write(`loadwatch: admin: no account with the email ${email}\n`);
      return 1;
    }
    io.stdout.write(
      action === 'grant'
        ? `${user.email} is now an admin (account ${user.id}).\n`
        : `${user.email} is no longer an admin; the account is an athlete account (${user.id}).\n`,
    );
    return 0;
  } finally {
    await dataSource.destroy();
  }
}
