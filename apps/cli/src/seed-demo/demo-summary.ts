import { DEMO_PASSWORD } from './demo-plan';
import type { SeededAthlete, SeedResult } from './demo-seeder';

const SEVERITIES = ['urgent', 'warning', 'caution', 'info'] as const;

/** What `loadwatch seed-demo` prints once the demo is in place: the logins, the findings, how to look. */
export function formatSeedSummary(
  result: SeedResult,
  context: { where: string; elapsedMs: number; publicUrl: string; removed: number },
): string {
  const { coach, athletes } = result;
  const lines: string[] = [];
  if (context.removed > 0) lines.push(`Removed the ${context.removed} demo accounts of an earlier seed.`);
  lines.push(
    `Seeded the Loadwatch demo in ${context.where} (${(context.elapsedMs / 1000).toFixed(1)} s).`,
    '',
  );

  lines.push(`Accounts (password for all: ${DEMO_PASSWORD})`);
  const emailWidth = Math.max(coach.email.length, ...athletes.map((a) => a.plan.email.length));
  const names = (list: SeededAthlete[]) => list.map((a) => a.plan.displayName).join(', ');
  lines.push(
    `  ${coach.email.padEnd(emailWidth)}  ${coach.displayName}: coach of ${names(athletes)}; ` +
      `health data shared by ${names(athletes.filter((a) => a.plan.healthAccess))}`,
  );
  for (const athlete of athletes) {
    const { plan } = athlete;
    const source = plan.activities === 'samples' ? 'real' : 'generated';
    lines.push(
      `  ${plan.email.padEnd(emailWidth)}  ${plan.displayName}, ${plan.timeZone}: ${athlete.activities} activities ` +
        `from ${athlete.files} ${source} FIT files; ${plan.healthAccess ? 'shares health data' : 'no health-data grant'}`,
      `  ${' '.repeat(emailWidth)}  ${plan.story}`,
    );
    for (const file of athlete.rejected)
      lines.push(`  ${' '.repeat(emailWidth)}  not imported: ${file.fileName} (${file.reason})`);
  }

  lines.push('', 'Open findings');
  const nameWidth = Math.max(8, ...athletes.map((a) => a.plan.displayName.length));
  lines.push(`  ${'athlete'.padEnd(nameWidth)}  ${SEVERITIES.map((s) => s.padStart(7)).join(' ')}  rules`);
  for (const athlete of athletes) {
    lines.push(
      `  ${athlete.plan.displayName.padEnd(nameWidth)}  ` +
        `${SEVERITIES.map((s) => String(athlete.findings[s]).padStart(7)).join(' ')}  ${athlete.rules.join(' ')}`,
    );
  }
  const rules = new Set(athletes.flatMap((a) => a.rules));
  lines.push(`  ${rules.size} of the 22 rules have findings.`);

  lines.push(
    '',
    `Start the app with the same environment (\`npm start\`), open ${context.publicUrl} and sign in as`,
    `${coach.email} (or any athlete) with the password ${DEMO_PASSWORD}.`,
  );
  const hidden = athletes.find((a) => !a.plan.healthAccess);
  if (hidden) {
    const name = hidden.plan.displayName;
    lines.push(`${name} shares no health data with the coach, who sees only ${name}'s load findings.`);
  }
  return lines.join('\n') + '\n';
}
