import { buildNodeApp } from '../../tools/build-node-app.mjs';

await buildNodeApp('api', { main: 'apps/api/src/main.ts' });
