import { buildNodeApp } from '../../tools/build-node-app.mjs';

await buildNodeApp('cli', {
  main: 'apps/cli/src/main.ts',
  'decode.worker': 'apps/cli/src/analyze/decode.worker.ts',
});
