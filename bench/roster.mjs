// `npm run bench:roster`: a coach's roster read on the embedded default (SQLite, the inline queue). A coach of
// 30 athletes (BENCH_ROSTER_ATHLETES) with about two years of runs each (BENCH_ROSTER_WEEKS, 4-5 runs a week,
// record streams every BENCH_ROSTER_RECORD_S seconds), half of them with three runs that came only from Strava;
// the baseline, in the same run, is a second coach whose athletes (the same histories) have none. Reports the
// median of BENCH_ROSTER_READS roster reads for each coach and the ratio. Builds bench/lib/roster-read.ts with
// the apps' build, runs it, prints one JSON document.
import { runInProcessBench } from './lib/run-in-process.mjs';

await runInProcessBench('roster-read', 'bench/lib/roster-read.ts');
