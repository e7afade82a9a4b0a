import { StravaSubscriptionError, StravaSubscriptions } from '@loadwatch/feature/connections';
import { StravaApiError, StravaClient } from '@loadwatch/integrations/strava';
import { loadConfig } from '@loadwatch/shared/config';
import type { CommandIo } from '../analyze/analyze.command';

const ACTIONS = ['subscribe', 'unsubscribe', 'status'] as const;
type Action = (typeof ACTIONS)[number];

/**
 * `loadwatch strava subscribe|unsubscribe|status`: the app's Strava webhook subscription, through the same
 * StravaSubscriptions as the admin route (POST /api/connections/strava/subscription). It needs the Strava
 * keys of the server's environment, not its database; `subscribe` needs the API running at PUBLIC_URL,
 * since Strava checks the callback URL before it answers. Exit codes: 0 done, 1 Strava refused or failed,
 * 2 usage or configuration.
 */
export async function runStravaCommand(action: string, io: CommandIo): Promise<number> {
  if (!ACTIONS.includes(action as Action)) {
    io.stderr.write(`loadwatch: strava: expected ${ACTIONS.join(', ')}, got '${action}'\n`);
    return 2;
  }
  const config = loadConfig();
  const settings = config.connections.strava;
  if (!settings) {
    io.stderr.write(
      'loadwatch: strava: Strava is not configured: set STRAVA_CLIENT_ID and STRAVA_CLIENT_SECRET\n',
    );
    return 2;
  }
  const subscriptions = new StravaSubscriptions(new StravaClient(settings), settings, config.publicUrl);
  try {
    return await run(action as Action, subscriptions, io);
  } catch (error) {
    if (error instanceof StravaSubscriptionError) {
      io.stderr.write(`loadwatch: strava: ${error.message}\n`);
      return settings.webhookVerifyToken ? 1 : 2;
    }
    if (error instanceof StravaApiError) {
      io.stderr.write(`loadwatch: strava: ${error.message} (${settings.apiUrl})\n`);
      return 1;
    }
    throw error;
  }
}

async function run(action: Action, subscriptions: StravaSubscriptions, io: CommandIo): Promise<number> {
  if (action === 'subscribe') {
    const result = await subscriptions.subscribe();
    io.stdout.write(
      result.created
        ? `Created the Strava webhook subscription ${result.id}: events go to ${result.callbackUrl}.\n`
        : `The app already has the Strava webhook subscription ${result.id} (to ${result.callbackUrl}); ` +
            'nothing changed. To move it, run `loadwatch strava unsubscribe` first.\n',
    );
    return 0;
  }
  if (action === 'unsubscribe') {
    const removed = await subscriptions.unsubscribe();
    io.stdout.write(
      removed.length === 0
        ? 'The app has no Strava webhook subscription; nothing to delete.\n'
        : `Deleted the Strava webhook subscription ${removed.join(', ')}: Strava sends no more events.\n`,
    );
    return 0;
  }
  const status = await subscriptions.status();
  if (!status.subscription) {
    io.stdout.write(
      `No Strava webhook subscription. \`loadwatch strava subscribe\` creates one to ${status.callbackUrl}.\n`,
    );
  } else {
    const where = status.pointsHere ? 'this server' : `another URL (this server's is ${status.callbackUrl})`;
    io.stdout.write(
      `Strava webhook subscription ${status.subscription.id}: events go to ` +
        `${status.subscription.callbackUrl ?? '(unknown)'}, ${where}.\n`,
    );
  }
  return 0;
}
