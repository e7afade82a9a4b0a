// Runs `loadwatch analyze` in this process and writes its wall time and peak RSS (worker threads
// included) to the file named by the first argument. Used by bench/run.mjs only.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [resultFile, ...args] = process.argv.slice(2);
const { main } = require(join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'main.js'));
const started = process.hrtime.bigint();
main(['node', 'loadwatch', ...args]).then((code) => {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeFileSync(resultFile, JSON.stringify({ code, seconds, maxRssKB: process.resourceUsage().maxRSS }));
  process.exitCode = code;
});
