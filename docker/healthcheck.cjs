// Container health checks (the runtime image has no curl or wget).
//   node docker/healthcheck.cjs api     GET /health on PORT answers 200 (database reachable, queue driver up)
//   node docker/healthcheck.cjs worker  GET /metrics on WORKER_METRICS_PORT answers 200 (the worker is up)
'use strict';

const kind = process.argv[2];

function checkApi() {
  get(process.env.PORT || '3000', '/health');
}

function get(port, path) {
  const request = require('node:http').get({ host: '127.0.0.1', port, path, timeout: 4000 }, (res) => {
    res.resume();
    process.exit(res.statusCode === 200 ? 0 : 1);
  });
  request.on('timeout', () => request.destroy(new Error('timed out')));
  request.on('error', (error) => {
    console.error(`GET ${path} failed: ${error.message}`);
    process.exit(1);
  });
}

function checkWorker() {
  // The worker's own /metrics answers only once its application context is up.
  get(process.env.WORKER_METRICS_PORT || '9464', '/metrics');
}

if (kind === 'api') checkApi();
else if (kind === 'worker') checkWorker();
else {
  console.error('usage: node docker/healthcheck.cjs api|worker');
  process.exit(2);
}
