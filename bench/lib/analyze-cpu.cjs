// Runs `loadwatch analyze` in this process and writes the CPU seconds it used (user + system, its worker
// threads included) to the file named by the first argument. Used by bench/ingest.mjs only.
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');

const [resultFile, ...args] = process.argv.slice(2);
const { main } = require(join(__dirname, '..', '..', 'dist', 'apps', 'cli', 'main.js'));
main(['node', 'loadwatch', ...args]).then((code) => {
  const { user, system } = process.cpuUsage();
  writeFileSync(resultFile, JSON.stringify({ code, cpuSeconds: (user + system) / 1e6 }));
  process.exitCode = code;
});
