#!/usr/bin/env node
// The integration suite in a real VS Code: code-server (a real VS Code server, web workbench and Node
// extension host) driven by headless Debian Chromium. For each host (oldest = the engines.vscode
// floor, newest = the newest that installs here) it runs three phases on one workspace and one user
// data dir: `main`; `crash`, whose spec SIGKILLs its own extension host mid-stream after writing a
// marker; `recover`, a fresh VS Code that must bring the sessions back; `restricted`, a fresh VS Code with
// workspace trust on, where that never-trusted folder opens in Restricted Mode. Then `main` once more through
// @vscode/test-electron's runTests() with a shim executable, as a desktop developer would run it.
// Prints `integration: N passed, M failed` last; exits non-zero on any failure or timeout.
// env: ASM_TEST_HOSTS=oldest,newest  ASM_SKIP_SHIM=1  ASM_PHASE_TIMEOUT=240 (s)  ASM_TOTAL_TIMEOUT=840 (s)
// Contract with the suite (test/integration/index.ts): ASM_TEST_PHASE, ASM_TEST_RESULT, ASM_TEST_MARKER.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hostRoot = path.join(repo, '.vscode-host');
const tmpDir = path.join(hostRoot, 'tmp');
const hosts = {
  oldest: {
    bin: path.join(hostRoot, 'cs-4.100.3/node_modules/.bin/code-server'),
    port: 8191,
    label: 'VS Code 1.100 (code-server 4.100.3)',
  },
  newest: { bin: path.join(hostRoot, 'code-server-newest'), port: 8291, label: 'VS Code 1.139 (code-server 4.139.1)' },
};
const wanted = (process.env.ASM_TEST_HOSTS ?? 'oldest,newest')
  .split(',')
  .map((h) => h.trim())
  .filter(Boolean);
for (const h of wanted)
  if (!hosts[h]) {
    console.error(`integration: unknown host "${h}" in ASM_TEST_HOSTS (oldest, newest)`);
    process.exit(2);
  }
const phaseTimeout = Number(process.env.ASM_PHASE_TIMEOUT ?? 240);
const deadline = Date.now() + Number(process.env.ASM_TOTAL_TIMEOUT ?? 840) * 1000;
const t0 = Date.now();
const secs = (ms) => `${(ms / 1000).toFixed(0)} s`;
const log = (...a) => console.log(`[integration ${secs(Date.now() - t0)}]`, ...a);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { stdio: 'inherit', cwd: repo, ...opts });

let r = run('bash', [path.join(repo, 'scripts/install-host.sh'), wanted.length === 1 ? wanted[0] : 'all']);
if (r.status !== 0) {
  console.error('integration: installing the VS Code host failed');
  console.log('integration: 0 passed, 1 failed');
  process.exit(1);
}
if (
  !fs.existsSync(path.join(repo, 'dist/test/suite/index.js')) ||
  !fs.existsSync(path.join(repo, 'dist/extension.js'))
) {
  log('dist/ has no test suite bundle: building');
  r = run(process.execPath, [path.join(repo, 'scripts/build.mjs')]);
  if (r.status !== 0) {
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
  }
}
// one spec plays another VS Code window with a child process compiled by the unit build
if (!fs.existsSync(path.join(repo, 'out/test/support/serviceChild.js'))) {
  log('out/ has no test children: compiling tsconfig.test.json');
  r = run(process.execPath, [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.test.json']);
  if (r.status !== 0) {
    console.log('integration: 0 passed, 1 failed');
    process.exit(1);
  }
}
fs.mkdirSync(tmpDir, { recursive: true });

const runner = path.join(repo, 'scripts/host/run-ext-tests.mjs');
const totals = { passed: 0, failed: 0 };
const rows = [];
const failures = [];

/** Runs one phase and returns true when it passed; counts come from the suite's result file. */
function record(label, name, res, counts, started, note = '') {
  if (res.status !== 0 && counts.failed === 0) counts.failed = 1; // a crash or timeout before mocha reported
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  for (const f of counts.failures ?? []) failures.push(`${label} / ${name}: ${f}`);
  if (res.status === 124) note ||= 'TIMEOUT';
  else if (res.status !== 0 && !(counts.failures ?? []).length) note ||= `exit ${res.status ?? res.signal}`;
  rows.push(
    `${label.padEnd(38)} ${name.padEnd(10)} ${String(counts.passed).padStart(3)} passed ${String(counts.failed).padStart(3)} failed ${secs(Date.now() - started).padStart(6)}  ${note}`,
  );
  return res.status === 0 && counts.failed === 0;
}
const budget = () => Math.max(30, Math.min(phaseTimeout, Math.floor((deadline - Date.now()) / 1000)));
const readResult = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { passed: 0, failed: 0 };
  }
};

function phase(hostName, host, dirs, name) {
  const resultFile = path.join(dirs.work, `result-${name}.json`);
  const marker = path.join(dirs.work, `marker-${name}`);
  fs.rmSync(resultFile, { force: true });
  fs.rmSync(marker, { force: true });
  const env = { ASM_TEST_PHASE: name, ASM_TEST_RESULT: resultFile, ASM_TEST_MARKER: marker };
  const started = Date.now();
  log(`${host.label}: phase ${name}${name === 'crash' ? ' (the spec kills its own extension host)' : ''}`);
  const res = run(
    process.execPath,
    [
      runner,
      '--codeServer',
      host.bin,
      '--extensionDevelopmentPath',
      repo,
      '--extensionTestsPath',
      path.join(repo, 'dist/test/suite/index.js'),
      '--workspace',
      dirs.workspace,
      '--userDataDir',
      dirs.userData,
      '--extensionsDir',
      dirs.extensions,
      '--port',
      String(host.port),
      '--timeout',
      String(budget()),
      '--quiet',
      '1',
      '--settings',
      path.join(repo, 'scripts/host/quiet-settings.json'),
      '--shots',
      path.join(hostRoot, 'shots', hostName, name),
      '--extensionEnv',
      JSON.stringify(env),
      '--tmp',
      tmpDir,
      ...(name === 'crash' ? ['--untilFile', marker] : []),
      ...(name === 'restricted'
        ? [
            '--workspaceTrust',
            '1',
            '--userSetting',
            'security.workspace.trust.startupPrompt="never"',
            '--userSetting',
            'security.workspace.trust.enabled=true',
          ]
        : []),
    ],
    { env: { ...process.env, TMPDIR: tmpDir } },
  );
  // the crash phase never reports (its host dies on purpose): it passed when the marker appeared
  const counts =
    name === 'crash'
      ? fs.existsSync(marker) && res.status === 0
        ? { passed: 1, failed: 0 }
        : { ...readResult(resultFile), failed: Math.max(1, readResult(resultFile).failed) }
      : readResult(resultFile);
  return record(host.label, name, res, counts, started);
}

for (const hostName of wanted) {
  const host = hosts[hostName];
  const work = path.join(hostRoot, 'work', hostName);
  fs.rmSync(work, { recursive: true, force: true });
  const dirs = {
    work,
    workspace: path.join(work, 'workspace'),
    userData: path.join(work, 'user-data'),
    extensions: path.join(work, 'extensions'),
  };
  Object.values(dirs).forEach((d) => fs.mkdirSync(d, { recursive: true }));
  // the sample project (a test that fails until src/math.js is fixed), as a git repository for the Reviewer
  fs.cpSync(path.join(repo, 'test', 'sample-workspace'), dirs.workspace, { recursive: true });
  const git = (...args) =>
    run('git', ['-c', 'user.name=Test', '-c', 'user.email=test@localhost', ...args], {
      cwd: dirs.workspace,
      stdio: 'ignore',
    });
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'Sample project');
  const hostStarted = Date.now();
  // crash, recover and restricted build on the sessions main leaves behind: a failed phase skips the rest
  const names = ['main', 'crash', 'recover', 'restricted'];
  for (const name of names) {
    if (!phase(hostName, host, dirs, name)) {
      const skipped = names.slice(names.indexOf(name) + 1);
      for (const s of skipped) rows.push(`${host.label.padEnd(38)} ${s.padEnd(10)} skipped (${name} failed)`);
      break;
    }
  }
  log(`${host.label}: done in ${secs(Date.now() - hostStarted)}`);
}

if (!process.env.ASM_SKIP_SHIM && wanted.includes('oldest')) {
  log('phase main again through @vscode/test-electron runTests() with scripts/host/code-shim.mjs as the executable');
  const work = path.join(hostRoot, 'work', 'shim');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const resultFile = path.join(work, 'result-main.json');
  const started = Date.now();
  const res = run(process.execPath, [path.join(repo, 'scripts/run-test-electron.cjs')], {
    env: {
      ...process.env,
      CODE_SERVER_BIN: hosts.oldest.bin,
      VSCODE_EXECUTABLE_PATH: path.join(repo, 'scripts/host/code-shim.mjs'),
      CODE_SERVER_TEST_PORT: '8391',
      VSCODE_SHIM_TIMEOUT: String(budget()),
      ASM_TEST_PHASE: 'main',
      ASM_TEST_RESULT: resultFile,
      TMPDIR: tmpDir,
    },
  });
  record('test-electron runTests() + code-shim', 'main', res, readResult(resultFile), started);
}

console.log(`\n${'host'.padEnd(38)} ${'phase'.padEnd(10)} result`);
console.log(rows.join('\n'));
if (failures.length) console.log(`\nfailed tests:\n  ${failures.join('\n  ')}`);
console.log(`\nscreenshots: ${path.join(hostRoot, 'shots')}   total ${secs(Date.now() - t0)}`);
console.log(`integration: ${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
