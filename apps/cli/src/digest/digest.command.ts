import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import {
  athleteDigestBody,
  coachDigestBody,
  DigestComposer,
  lastCompleteWeek,
  layout,
} from '@loadwatch/feature/alerts';
import { PlatformModule } from '@loadwatch/feature/platform';
import { loadConfig } from '@loadwatch/shared/config';
import type { CommandIo } from '../analyze/analyze.command';
import { StderrLogger } from '../stderr-logger';

export interface DigestOptions {
  preview?: string;
  week?: string;
  html?: boolean;
}

/**
 * `loadwatch digest --preview <athlete>`: renders the digest an account would get (an athlete's week, or a
 * coach's roster) from the configured database, without sending or recording anything. Plain text by
 * default, the HTML part with --html. `<athlete>` is an account id or email.
 */
export async function runDigestCommand(options: DigestOptions, io: CommandIo): Promise<number> {
  if (!options.preview) {
    io.stderr.write('loadwatch: digest: only --preview <athlete> is supported (the worker sends digests)\n');
    return 2;
  }
  if (options.week !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(options.week)) {
    io.stderr.write(`loadwatch: digest: --week must be a date YYYY-MM-DD, got '${options.week}'\n`);
    return 2;
  }
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(PlatformModule.with(config), {
    logger: new StderrLogger(io.stderr, false),
    abortOnError: false,
  });
  try {
    const composer = app.get(DigestComposer);
    const user = await composer.findUser(options.preview);
    if (!user) {
      io.stderr.write(`loadwatch: digest: no account ${options.preview}\n`);
      return 1;
    }
    const body =
      user.role === 'coach'
        ? coachDigestBody(await composer.coachDigest(user, Date.now()))
        : athleteDigestBody(
            await composer.athleteDigest(
              user,
              options.week ?? lastCompleteWeek(Date.now(), user.timeZone, user.weekStart),
            ),
          );
    const base = config.publicUrl.replace(/\/+$/, '');
    const { html, text } = layout(body, {
      unsubscribeUrl: `${base}/api/email/unsubscribe?token=(preview)`,
      settingsUrl: `${base}/settings`,
      reason: `Preview for ${user.email}; nothing was sent.`,
    });
    io.stdout.write(options.html ? html : `Subject: ${body.subject}\n\n${text}`);
    return 0;
  } finally {
    await app.close();
  }
}
