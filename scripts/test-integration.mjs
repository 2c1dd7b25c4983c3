#!/usr/bin/env node
// The integration suite in a real VS Code: code-server (a real VS Code server, web workbench and Node
// extension host) driven by headless Debian Chromium. For each host (oldest = the engines.vscode
// floor, newest = the newest that installs here) it runs three phases on one workspace and one user
// data dir: `main`; `crash`, whose spec SIGKILLs its own extension host mid-stream after writing a
// marker; `recover`, a fresh VS Code that must bring the sessions back. Then `main` once more through
// @vscode/test-electron's runTests() with a shim executable, as a desktop developer would run it.
// Prints `integration: N passed, M failed` last. env: ASM_TEST_HOSTS=oldest,newest  ASM_SKIP_SHIM=1
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hostRoot = path.join(repo, '.vscode-host');
const hosts = {
  oldest: { bin: path.join(hostRoot, 'cs-4.100.3/node_modules/.bin/code-server'), port: 8191, label: 'VS Code 1.100 (code-server 4.100.3)' },
  newest: { bin: path.join(hostRoot, 'code-server-newest'), port: 8291, label: 'VS Code 1.139 (code-server 4.139.1)' },
};
const wanted = (process.env.ASM_TEST_HOSTS ?? 'oldest,newest').split(',').map((h) => h.trim()).filter(Boolean);
const t0 = Date.now();
const log = (...a) => console.log(`[integration ${((Date.now() - t0) / 1000).toFixed(0)}s]`, ...a);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', cwd: repo, ...opts });

let r = run('bash', [path.join(repo, 'scripts/install-host.sh'), wanted.length === 1 ? wanted[0] : 'all']);
if (r.status !== 0) { console.error('integration: installing the VS Code host failed'); process.exit(1); }
if (!fs.existsSync(path.join(repo, 'dist/test/suite/index.js')) || !fs.existsSync(path.join(repo, 'dist/extension.js'))) {
  r = run(process.execPath, [path.join(repo, 'scripts/build.mjs')]);
  if (r.status !== 0) process.exit(1);
}

const runner = path.join(repo, 'scripts/host/run-ext-tests.mjs');
const totals = { passed: 0, failed: 0 };
const rows = [];

function phase(hostName, host, dirs, name, extra = []) {
  const resultFile = path.join(dirs.work, `result-${name}.json`);
  const marker = path.join(dirs.work, `marker-${name}`);
  fs.rmSync(resultFile, { force: true });
  fs.rmSync(marker, { force: true });
  const env = { ASM_TEST_PHASE: name, ASM_TEST_RESULT: resultFile, ASM_TEST_MARKER: marker };
  const started = Date.now();
  const res = run(process.execPath, [runner, '--codeServer', host.bin, '--extensionDevelopmentPath', repo,
    '--extensionTestsPath', path.join(repo, 'dist/test/suite/index.js'), '--workspace', dirs.workspace,
    '--userDataDir', dirs.userData, '--extensionsDir', dirs.extensions, '--port', String(host.port),
    '--timeout', '240', '--quiet', '1', '--settings', path.join(repo, 'scripts/host/quiet-settings.json'),
    '--shots', path.join(hostRoot, 'shots', hostName, name), '--extensionEnv', JSON.stringify(env), '--tmp', path.join(hostRoot, 'tmp'), ...extra],
    { env: { ...process.env, TMPDIR: path.join(hostRoot, 'tmp') } });
  let counts = { passed: 0, failed: 0 };
  if (name === 'crash') counts = fs.existsSync(marker) && res.status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
  else if (fs.existsSync(resultFile)) counts = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  if (res.status !== 0 && counts.failed === 0) counts.failed = 1; // a crash or timeout before mocha reported
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  rows.push(`${host.label.padEnd(38)} ${name.padEnd(8)} ${String(counts.passed).padStart(3)} passed ${String(counts.failed).padStart(3)} failed  ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return res.status === 0;
}

for (const hostName of wanted) {
  const host = hosts[hostName];
  if (!host) { console.error(`unknown host ${hostName}`); process.exit(2); }
  const work = path.join(hostRoot, 'work', hostName);
  fs.rmSync(work, { recursive: true, force: true });
  const dirs = { work, workspace: path.join(work, 'workspace'), userData: path.join(work, 'user-data'), extensions: path.join(work, 'extensions') };
  Object.values(dirs).forEach((d) => fs.mkdirSync(d, { recursive: true }));
  fs.writeFileSync(path.join(dirs.workspace, 'README.md'), '# Sample workspace for the integration suite\n');
  log(`${host.label}: phase main`);
  if (phase(hostName, host, dirs, 'main')) {
    log(`${host.label}: phase crash (the spec kills its own extension host)`);
    const crashed = phase(hostName, host, dirs, 'crash', ['--untilFile', path.join(work, 'marker-crash')]);
    if (crashed) {
      log(`${host.label}: phase recover`);
      phase(hostName, host, dirs, 'recover');
    }
  }
}

if (!process.env.ASM_SKIP_SHIM && wanted.includes('oldest')) {
  log('main phase again through @vscode/test-electron runTests() (shim executable)');
  const work = path.join(hostRoot, 'work', 'shim');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'workspace'), { recursive: true });
  const resultFile = path.join(work, 'result-main.json');
  const started = Date.now();
  const res = run(process.execPath, [path.join(repo, 'scripts/run-test-electron.cjs'), path.join(work, 'workspace')], {
    env: { ...process.env, CODE_SERVER_BIN: hosts.oldest.bin, VSCODE_EXECUTABLE_PATH: path.join(repo, 'scripts/host/code-shim.mjs'), CODE_SERVER_TEST_PORT: '8391',
      ASM_TEST_PHASE: 'main', ASM_TEST_RESULT: resultFile, TMPDIR: path.join(hostRoot, 'tmp') },
  });
  const counts = fs.existsSync(resultFile) ? JSON.parse(fs.readFileSync(resultFile, 'utf8')) : { passed: 0, failed: 1 };
  if (res.status !== 0 && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  rows.push(`${'test-electron runTests() shim'.padEnd(38)} ${'main'.padEnd(8)} ${String(counts.passed).padStart(3)} passed ${String(counts.failed).padStart(3)} failed  ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

console.log('\n' + rows.join('\n'));
console.log(`screenshots: ${path.join(hostRoot, 'shots')}`);
console.log(`integration: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
