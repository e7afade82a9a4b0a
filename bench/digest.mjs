// `npm run bench:digest`: the weekly digest fan-out of 10,000 athletes (BENCH_DIGEST_ATHLETES) on the
// embedded default (SQLite, the inline queue, .eml files to a temporary outbox): the cost of reading the
// recipient pages (the baseline, measured in the same run), of composing and rendering every digest, and of
// the whole fan-out (tick, page jobs, one job, ledger claim and .eml per digest), and a repeated tick that
// must send nothing. Builds bench/lib/digest-fanout.ts with the apps' build, runs it, prints one JSON document.
import { runInProcessBench } from './lib/run-in-process.mjs';

await runInProcessBench('digest-fanout', 'bench/lib/digest-fanout.ts');
