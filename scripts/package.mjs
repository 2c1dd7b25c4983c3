#!/usr/bin/env node
// npm run package: production build, then a .vsix with vsce; prints its size and contents and fails if
// anything a user does not need slipped in (tests, source maps, sources, node_modules, the test host).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8' });
  if (r.status !== 0) {
    console.error(r.stdout, r.stderr);
    process.exit(1);
  }
  return r.stdout;
};

fs.rmSync(path.join(repo, 'dist'), { recursive: true, force: true });
run(process.execPath, [path.join(repo, 'scripts/build.mjs'), '--production']);
const out = `${pkg.name}-${pkg.version}.vsix`;
run('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '-o', out]);
const files = run('npx', ['vsce', 'ls', '--no-dependencies']).split('\n').filter(Boolean);
const forbidden = files.filter((f) => /(^|\/)(test|src|out|node_modules|\.vscode-host|webview-ui|scripts)\/|\.map$|\.ts$/.test(f));
const bytes = fs.statSync(path.join(repo, out)).size;
console.log(files.map((f) => `  ${f}`).join('\n'));
console.log(`${out}: ${(bytes / 1024 / 1024).toFixed(2)} MB (${bytes} bytes), ${files.length} files`);
if (forbidden.length) {
  console.error(`the package must not contain: ${forbidden.join(', ')}`);
  process.exit(1);
}
// rebuild the development bundle (with the test suite) so npm test keeps working after packaging
run(process.execPath, [path.join(repo, 'scripts/build.mjs')]);
