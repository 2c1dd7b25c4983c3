#!/usr/bin/env node
// Looks at the agent session tab as users see it, in a light and a dark theme: code-server with the
// extension, the demo endpoint (its scripted Builder loop) and a git copy of the sample workspace. Shoots
// the Builder loop (tool calls, the edit's diff, the failing then passing validation), the Open Diff
// editor and an approval card. usage: node scripts/agent-shots.mjs [oldest|newest] [light|dark]
// (after npm run build and tsc -p tsconfig.test.json); screenshots in .vscode-host/shots/agent/<host>-<theme>/
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, startCodeServer } from './host/codeServer.mjs';
import { freshSampleWorkspace } from './host/demo.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] ?? 'newest';
const theme = process.argv[3] ?? 'dark';
const themes = { light: 'Default Light Modern', dark: 'Default Dark Modern' };
if (!themes[theme]) throw new Error(`theme must be light or dark, not ${theme}`);
const hostRoot = path.join(repo, '.vscode-host');
const dir = path.join(hostRoot, 'agent-ui', `${which}-${theme}`);
const shots = path.join(hostRoot, 'shots', 'agent', `${which}-${theme}`);
fs.rmSync(dir, { recursive: true, force: true });
fs.rmSync(shots, { recursive: true, force: true });
fs.mkdirSync(shots, { recursive: true });
const workspace = freshSampleWorkspace(repo, path.join(dir, 'sample-workspace'));

const require = createRequire(import.meta.url);
const { startPeer } = require(path.join(repo, 'out/test/peer/openaiPeer.js'));
const { demoReply } = require(path.join(repo, 'out/test/peer/demoResponder.js'));
const { toolTurn } = require(path.join(repo, 'out/test/peer/agentScripts.js'));
const peer = await startPeer(0, demoReply);
const settings = {
  ...JSON.parse(fs.readFileSync(path.join(repo, 'scripts/host/quiet-settings.json'), 'utf8')),
  'agentSessions.endpoint.baseUrl': peer.baseUrl,
  'workbench.colorTheme': themes[theme],
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};
// installed as an ordinary extension (a copy of the build): with the development-path payload this
// code-server loads no built-in themes at all, so only the default light one could be shot
const installed = path.join(dir, 'ext', 'agent-session-manager.agent-session-manager-0.1.0');
for (const part of ['package.json', 'dist', 'media'])
  fs.cpSync(path.join(repo, part), path.join(installed, part), { recursive: true });
const server = await startCodeServer({
  bin: codeServerBin(hostRoot, which),
  port: (which === 'oldest' ? 8491 : 8591) + (theme === 'light' ? 1 : 0),
  userDataDir: path.join(dir, 'ud'),
  extensionsDir: path.join(dir, 'ext'),
  logFile: path.join(dir, 'cs.log'),
  settings,
  trustAll: true,
});
const ctx = await chromium.launchPersistentContext(path.join(dir, 'chromium'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 1000 },
  env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'xdg'), XDG_CACHE_HOME: path.join(dir, 'xdg-cache') },
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
const shot = (name) =>
  page.screenshot({ path: path.join(shots, name) }).then(() => console.log('screenshot', path.join(shots, name)));
const input = page.locator('.quick-input-widget input.input');
async function command(title, answer) {
  await page.keyboard.press('F1');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: title }).waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  if (answer === undefined) return;
  await page.locator('.quick-input-widget .quick-input-message, .quick-input-widget').first().waitFor();
  await input.fill(answer);
  await page.keyboard.press('Enter');
}
const tab = () => page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('#active-frame');
let ok = false;
try {
  await page.goto(server.url(workspace, repo).replace(/&payload=.*$/, ''));
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  // the theme and the extension come with the extension scan, a moment after the workbench
  await page.locator(theme === 'dark' ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs').waitFor();
  await page.locator('.activitybar [aria-label^="Agent Sessions"]').first().waitFor({ timeout: 60_000 });
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
  await ctx.close();
  server.stop();
  await peer.close();
  process.exit(ok ? 0 : 1);
}
