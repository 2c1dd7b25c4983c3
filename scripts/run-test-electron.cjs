#!/usr/bin/env node
// Runs the integration suite with @vscode/test-electron's runTests(), as a developer with desktop
// VS Code would. Without VSCODE_EXECUTABLE_PATH, test-electron downloads VS Code as usual; here
// (no download possible) scripts/test-integration.mjs points it at scripts/host/code-shim.mjs, which
// maps the Electron command line onto code-server + headless Chromium (needs CODE_SERVER_BIN).
// Each run gets a fresh workspace (a copy of test/sample-workspace) and a fresh profile in a temp dir,
// so specs that write settings or sessions never touch the repository or a previous run.
// usage: node scripts/run-test-electron.cjs [workspaceFolder]   env: ASM_TEST_PHASE (main), ASM_TEST_RESULT
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const repo = path.resolve(__dirname, '..');
  const tmp = fs.mkdtempSync(path.join(process.env.TMPDIR || os.tmpdir(), 'asm-test-electron-'));
  let workspace = process.argv[2];
  if (!workspace) {
    workspace = path.join(tmp, 'workspace');
    fs.cpSync(path.join(repo, 'test', 'sample-workspace'), workspace, { recursive: true });
    // a git repository with one commit, as scripts/test-integration.mjs makes it: a Reviewer diffs against it
    const git = (...args) =>
      spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@localhost', ...args], {
        cwd: workspace,
        stdio: 'ignore',
      });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'Sample project');
  }
  const env = { ASM_TEST_PHASE: process.env.ASM_TEST_PHASE || 'main' };
  if (process.env.ASM_TEST_RESULT) env.ASM_TEST_RESULT = process.env.ASM_TEST_RESULT;
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(repo, 'dist', 'test', 'suite', 'index.js'),
      extensionTestsEnv: env,
      launchArgs: [
        workspace,
        '--disable-extensions',
        `--user-data-dir=${path.join(tmp, 'user-data')}`,
        `--extensions-dir=${path.join(tmp, 'extensions')}`,
      ],
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error('runTests failed:', error);
    process.exit(1);
  },
);
