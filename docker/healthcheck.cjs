// Container health checks (the runtime image has no curl or wget).
//   node docker/healthcheck.cjs api     GET /health on PORT answers 200 (database reachable, queue driver up)
//   node docker/healthcheck.cjs worker  a worker process runs in this container
'use strict';
const { readdirSync, readFileSync } = require('node:fs');

const kind = process.argv[2];

function checkApi() {
  const port = process.env.PORT || '3000';
  const request = require('node:http').get(
    { host: '127.0.0.1', port, path: '/health', timeout: 4000 },
    (res) => {
      res.resume();
      process.exit(res.statusCode === 200 ? 0 : 1);
    },
  );
  request.on('timeout', () => request.destroy(new Error('timed out')));
  request.on('error', (error) => {
    console.error(`GET /health failed: ${error.message}`);
    process.exit(1);
  });
}

function checkWorker() {
  const running = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .some((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('dist/apps/worker/main.js');
      } catch {
        return false; // the process ended while we looked
      }
    });
  if (!running) console.error('No worker process (dist/apps/worker/main.js) is running.');
  process.exit(running ? 0 : 1);
}

if (kind === 'api') checkApi();
else if (kind === 'worker') checkWorker();
else {
  console.error('usage: node docker/healthcheck.cjs api|worker');
  process.exit(2);
}
