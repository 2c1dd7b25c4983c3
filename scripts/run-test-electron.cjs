#!/usr/bin/env node
// Runs the integration suite with @vscode/test-electron's runTests(), as a developer with desktop
// VS Code would. Without VSCODE_EXECUTABLE_PATH, test-electron downloads VS Code as usual; here
// (no download possible) scripts/test-integration.mjs points it at scripts/host/code-shim.mjs, which
// maps the Electron command line onto code-server + headless Chromium.
// usage: node scripts/run-test-electron.cjs [workspaceFolder]
const path = require('node:path');
const { runTests } = require('@vscode/test-electron');

async function main() {
  const repo = path.resolve(__dirname, '..');
  const workspace = process.argv[2] ?? path.join(repo, 'test', 'sample-workspace');
  const code = await runTests({
    vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'dist', 'test', 'suite', 'index.js'),
    extensionTestsEnv: { ASM_TEST_PHASE: process.env.ASM_TEST_PHASE ?? 'main', ASM_TEST_RESULT: process.env.ASM_TEST_RESULT ?? '' },
    launchArgs: [workspace, '--disable-extensions'],
  });
  process.exit(code);
}

main().catch((error) => {
  console.error('runTests failed:', error);
  process.exit(1);
});
