// Bundles a Node app of the workspace with esbuild: workspace libs are bundled, npm packages stay in
// node_modules (Node >= 20.19 can require() the ESM-only @garmin/fitsdk and fit-file-parser). esbuild cannot
// emit decorator metadata, which NestJS injection, class-validator and Swagger read, so each workspace .ts
// file is compiled by SWC first (the settings of the Jest preset) and esbuild bundles the result.
import { transformFile } from '@swc/core';
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

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

/** Builds `entryPoints` (name -> workspace-relative .ts) into dist/apps/<app>/<name>.js. */
export async function buildNodeApp(app, entryPoints) {
  const outdir = resolve(root, 'dist/apps', app);
  rmSync(outdir, { recursive: true, force: true });
  await build({
    absWorkingDir: root,
    entryPoints,
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
}
