#!/usr/bin/env node
// npm run package: production build, then <name>-<version>.vsix with vsce; lists what is really in the
// archive, prints its size and fails if anything a user does not need slipped in (tests, source maps,
// sources, node_modules, the test host). What goes in is decided by .vscodeignore (an allow-list).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
const vsce = path.join(repo, 'node_modules', '.bin', 'vsce'); // the devDependency, never a download
const run = (cmd, args, what) => {
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) {
    console.error(`package: ${what} failed\n${r.stdout ?? ''}${r.stderr ?? r.error ?? ''}`);
    process.exit(1);
  }
  return r.stdout;
};

// a minified bundle must not ship next to the development build's maps (they are excluded anyway)
for (const f of fs.readdirSync(path.join(repo, 'dist'), { recursive: true }))
  if (String(f).endsWith('.map')) fs.rmSync(path.join(repo, 'dist', String(f)));
run(process.execPath, [path.join(repo, 'scripts/build.mjs'), '--production'], 'production build');
const out = `${pkg.name}-${pkg.version}.vsix`;
fs.rmSync(path.join(repo, out), { force: true });
process.stdout.write(
  run(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '-o', out], 'vsce package'),
);

// the archive itself, not vsce's idea of it: `unzip -l` when available, else vsce ls (names only)
const listing = spawnSync('unzip', ['-l', out], { cwd: repo, encoding: 'utf8' });
const entries =
  listing.status === 0
    ? listing.stdout
        .split('\n')
        .map((l) => /^\s*(\d+)\s+\S+\s+\S+\s+extension\/(.+)$/.exec(l))
        .filter(Boolean)
        .map((m) => ({ name: m[2], bytes: Number(m[1]) }))
    : run(vsce, ['ls', '--no-dependencies'], 'vsce ls')
        .split('\n')
        .filter(Boolean)
        .map((name) => ({ name, bytes: undefined }));
const files = entries.filter((e) => !e.name.endsWith('/'));
const forbidden = files
  .map((e) => e.name)
  .filter((f) =>
    /(^|\/)(test|tests|src|out|node_modules|scripts|webview-ui|\.vscode-host|\.vscode-test|\.ci)\/|\.map$|\.ts$|(^|\/)tsconfig[^/]*\.json$|(^|\/)eslint\.config|(^|\/)AGENTS\.md$/i.test(
      f,
    ),
  );
const bytes = fs.statSync(path.join(repo, out)).size;
const human = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`);
console.log(`contents of ${out}:`);
for (const e of files) console.log(`  ${e.name}${e.bytes === undefined ? '' : `  ${human(e.bytes)}`}`);
console.log(`${out}: ${human(bytes)} (${bytes} bytes), ${files.length} files`);

// rebuild the development bundle (with the test suite) so npm test keeps working after packaging
run(process.execPath, [path.join(repo, 'scripts/build.mjs')], 'development rebuild');
if (forbidden.length) {
  console.error(`package: the .vsix must not contain: ${forbidden.join(', ')} (fix .vscodeignore)`);
  process.exit(1);
}
