// Bundles the API with esbuild. Workspace libs are bundled; npm packages stay in node_modules. esbuild cannot
// emit decorator metadata, which NestJS injection, class-validator and Swagger read, so each workspace .ts file
// is compiled by SWC first (the same settings as the Jest preset) and esbuild bundles the result.
import { transformFile } from '@swc/core';
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const outdir = resolve(root, 'dist/apps/api');
rmSync(outdir, { recursive: true, force: true });

const decoratorMetadata = {
  name: 'swc-decorator-metadata',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const { code } = await transformFile(path, {
        swcrc: false,
        sourceMaps: 'inline',
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
      });
      return { contents: code, loader: 'js', resolveDir: dirname(path) };
    });
  },
};

await build({
  absWorkingDir: root,
  entryPoints: { main: 'apps/api/src/main.ts' },
  outdir,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  packages: 'external',
  tsconfig: 'tsconfig.base.json',
  sourcemap: true,
  // Class names are log contexts (`new Logger(X.name)`): bundling must not rename them.
  keepNames: true,
  logLevel: 'warning',
  plugins: [decoratorMetadata],
});
