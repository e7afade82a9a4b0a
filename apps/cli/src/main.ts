import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '@loadwatch/shared/config';
import { EXIT_USAGE, runAnalyzeCommand } from './analyze/analyze.command';
import { UsageError } from './usage-error';

export function buildProgram(): Command {
  const program = new Command('loadwatch')
    .description('Training-load monitor for runners: weekly load, ramps, spikes and speed-work share.')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError();

  program
    .command('analyze')
    .description('Print the weekly load table of FIT files, .fit.gz files, folders and zip exports')
    .argument('<paths...>', 'FIT files, .fit.gz files, folders (recursive) and zip archives')
    .option('--tz <zone>', "IANA time zone for activities without their own offset (default: this machine's)")
    .addOption(new Option('--week-start <day>', 'first day of the week').choices(['monday', 'sunday']))
    .option('--threshold-pace <pace>', 'threshold pace m:ss per km, or m:ss/mi')
    .option('--as-of <date>', 'evaluate as of this local date (YYYY-MM-DD)')
    .addOption(new Option('--units <units>', 'distance units for the table and report').choices(['km', 'mi']))
    .option('--json', 'print the stable JSON document instead of the table (docs/cli-json.md)')
    .option('--html <file>', 'also write a self-contained HTML report')
    .option(
      '--symptoms <file>',
      'symptom logs (JSON, see docs/health-inputs.md); adds the findings they take part in',
    )
    .option('--profile <file>', 'risk-profile versions (JSON, see docs/health-inputs.md)')
    .option('--return-to-run <file>', 'a return-to-run plan (JSON, see docs/health-inputs.md)')
    .option('--jobs <n>', 'decode threads (0: decode in the main thread)')
    .option('--no-progress', 'never show a progress bar')
    .action(async (paths: string[], options) => {
      process.exitCode = await runAnalyzeCommand(paths, options, {
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });

  program
    .command('migrate')
    .description('Apply pending database migrations (DB=sqlite|postgres, SQLITE_PATH or DATABASE_URL)')
    .option('--list', 'only say whether migrations are pending')
    .action(async (options: { list?: boolean }) => {
      // Loaded on demand: `analyze` never needs TypeORM or the database drivers.
      const { runMigrateCommand } = await import('./migrate/migrate.command');
      process.exitCode = await runMigrateCommand(options, { stdout: process.stdout, stderr: process.stderr });
    });

  program
    .command('seed-demo')
    .description(
      'Fill the configured database with a demo coach and athletes (real and generated FIT files, symptoms, ' +
        'risk profiles), processed into findings of every rule family',
    )
    .option('--reset', 'delete the demo accounts first, then seed again')
    .option('--samples <dir>', 'folder of real FIT files for the demo athlete Finn (default: samples/fit)')
    .option('--verbose', "show the application's log lines (on stderr)")
    .action(async (options: { reset?: boolean; samples?: string; verbose?: boolean }) => {
      // Loaded on demand, like `migrate`: it boots the whole application.
      const { runSeedDemoCommand } = await import('./seed-demo/seed-demo.command');
      process.exitCode = await runSeedDemoCommand(options, {
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });

  program
    .command('admin')
    .description("Make an account an admin (failed jobs, Bull Board), or take it back: the operators' way")
    .argument('<action>', 'grant or revoke')
    .argument('<email>', 'the account')
    .action(async (action: string, email: string) => {
      const { runAdminCommand } = await import('./admin/admin.command');
      process.exitCode = await runAdminCommand(action, email, {
        stdout: process.stdout,
        stderr: process.stderr,
      });
    });

  program
    .command('digest')
    .description('Render the weekly digest of an account (athlete or coach) without sending it')
    .requiredOption('--preview <athlete>', 'the account: id or email')
    .option('--week <date>', "first date of the week (default: the account's last complete week)")
    .option('--html', 'print the HTML part instead of the plain text')
    .action(async (options: { preview?: string; week?: string; html?: boolean }) => {
      const { runDigestCommand } = await import('./digest/digest.command');
      process.exitCode = await runDigestCommand(options, { stdout: process.stdout, stderr: process.stderr });
    });

  program
    .command('strava')
    .description(
      "Create, delete or show the app's Strava webhook subscription (create: the API up at PUBLIC_URL)",
    )
    .argument('<action>', 'subscribe, unsubscribe or status')
    .action(async (action: string) => {
      // Loaded on demand: only this command needs the Strava client.
      const { runStravaCommand } = await import('./strava/strava.command');
      process.exitCode = await runStravaCommand(action, { stdout: process.stdout, stderr: process.stderr });
    });

  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are "errors" to commander; their exit code is 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof ConfigError) {
      process.stderr.write(`loadwatch: ${error.message}\n`);
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`loadwatch: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`loadwatch: ${(error as Error).message}\n`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
