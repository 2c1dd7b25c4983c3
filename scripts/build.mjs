// Bundles the extension (one CommonJS file, `vscode` external), the webview front end and the
// integration test suite with esbuild. usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', legalComments: 'none' };

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  // the transcript worker thread (other agents' sessions), loaded by path from dist/
  {
    ...common,
    entryPoints: ['src/node/transcripts/transcriptWorker.ts'],
    outfile: 'dist/transcriptWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['webview-ui/session/main.ts'],
    outfile: 'dist/webview/session.js',
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
  },
  // rank tables as their own files, required lazily at run time (never on activation)
  ...['o200k_base', 'cl100k_base'].map((enc) => ({
    ...common,
    sourcemap: false,
    stdin: { contents: `module.exports = require('js-tiktoken/ranks/${enc}');`, resolveDir: '.', loader: 'js' },
    outfile: `dist/tokenizer/${enc}.js`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  })),
];
if (!production && fs.existsSync('test/integration/index.ts')) {
  builds.push({
    ...common,
    entryPoints: ['test/integration/index.ts'],
    outfile: 'dist/test/suite/index.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
  });
}

const existing = builds.filter((b) => b.stdin || fs.existsSync(b.entryPoints[0]));
if (watch) {
  for (const b of existing) await (await esbuild.context(b)).watch();
  console.log('[build] watching', existing.map((b) => b.outfile).join(', '));
} else {
  const t0 = Date.now();
  await Promise.all(existing.map((b) => esbuild.build(b)));
  console.log(`[build] ${existing.map((b) => b.outfile).join(', ')} in ${Date.now() - t0} ms`);
}
