import { buildNodeApp } from '../../tools/build-node-app.mjs';

await buildNodeApp('worker', { main: 'apps/worker/src/main.ts' });
