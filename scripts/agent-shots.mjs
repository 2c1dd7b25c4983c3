#!/usr/bin/env node
// Looks at the agent session tab as users see it, in a light and a dark theme: code-server with the
// extension, the demo endpoint (its scripted Builder loop) and a git copy of the sample workspace. Shoots
// the Builder loop (tool calls, the edit's diff, the failing then passing validation), the Open Diff
// editor and an approval card. usage: node scripts/agent-shots.mjs [oldest|newest] [light|dark]
// (after npm run build and tsc -p tsconfig.test.json); screenshots in .vscode-host/shots/agent/<host>-<theme>/
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openShotHost } from './host/shotHost.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] ?? 'newest';
const theme = process.argv[3] ?? 'dark';

const require = createRequire(import.meta.url);
const { startPeer } = require(path.join(repo, 'out/test/peer/openaiPeer.js'));
const { demoReply } = require(path.join(repo, 'out/test/peer/demoResponder.js'));
const { toolTurn } = require(path.join(repo, 'out/test/peer/agentScripts.js'));
const peer = await startPeer(0, demoReply);
const settings = {
  ...JSON.parse(fs.readFileSync(path.join(repo, 'scripts/host/quiet-settings.json'), 'utf8')),
  'agentSessions.endpoint.baseUrl': peer.baseUrl,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};
const host = await openShotHost({ repo, name: 'agent', which, theme, settings, basePort: 8491 });
const { page, shot, command, tab } = host;
let ok = false;
try {
  await host.open();
  await command('Agent Sessions: New Builder Session', 'Fix the math module so its test passes');
  await tab().locator('.validation-ok').first().waitFor({ timeout: 60_000 });
  await tab().locator('.turn-done').first().waitFor({ timeout: 30_000 });
  await tab().locator('.message.user').first().scrollIntoViewIfNeeded();
  await shot('01-builder-loop-start.png');
  await tab().locator('.validation-ok').first().scrollIntoViewIfNeeded();
  await shot('02-builder-loop-end.png');
  await tab().locator('.change-head vscode-button, .change-head button').first().click();
  await page.locator('.tab', { hasText: 'math.js' }).first().waitFor({ timeout: 15_000 });
  await page.locator('.monaco-diff-editor .view-line', { hasText: 'return a' }).first().waitFor({ timeout: 15_000 });
  await shot('03-open-diff.png');
  // an approval: the next reply asks to run a command, which always waits for the user
  const argv = ['node', '--version'];
  peer.enqueue(toolTurn([{ id: 'call_cmd', name: 'run_command', arguments: JSON.stringify({ argv }) }]));
  await command('Agent Sessions: New Builder Session', 'Print the node version');
  await tab().locator('.approval').first().waitFor({ timeout: 30_000 });
  await shot('04-approval.png');
  ok = true;
} catch (error) {
  console.error('UI drive failed:', error);
  await shot('99-error.png').catch(() => undefined);
} finally {
  await host.close();
  await peer.close();
  process.exit(ok ? 0 : 1);
}
