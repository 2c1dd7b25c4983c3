#!/usr/bin/env node
// Looks at what users see: starts code-server with the extension and a loopback model peer, drives the
// real workbench in headless Chromium, and saves screenshots of the Sessions view, the session tab and
// the status bar. usage: node scripts/ui-shots.mjs [oldest|newest] (after npm run build and tsc -p tsconfig.test.json)
// Only the default light theme shows here: with the development-path payload this code-server loads no
// built-in themes. scripts/agent-shots.mjs installs the build as an ordinary extension and shoots both.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, startCodeServer } from './host/codeServer.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] ?? 'newest';
const hostRoot = path.join(repo, '.vscode-host');
const dir = path.join(hostRoot, 'ui', which);
const shots = path.join(hostRoot, 'shots', 'ui', which);
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(shots, { recursive: true });
const workspace = path.join(dir, 'workspace');
fs.mkdirSync(workspace, { recursive: true });
fs.writeFileSync(path.join(workspace, 'README.md'), '# demo\n');

// Other agents' sessions for this workspace: the fixture transcripts, laid out as Claude Code and Codex do.
const fixtures = path.join(repo, 'test/fixtures/transcripts');
const project = path.join(dir, 'agents/claude/projects', workspace.replace(/[^a-zA-Z0-9]/g, '-'));
fs.mkdirSync(project, { recursive: true });
const growing = path.join(project, '3fb74381-1bf4-475e-8c6f-442d872b1bcf.jsonl');
const turn1 = fs.readFileSync(path.join(fixtures, 'claude-code/growing/turn-1.jsonl'));
const turn2 = fs.readFileSync(path.join(fixtures, 'claude-code/growing/turn-2.jsonl'));
fs.writeFileSync(growing, turn1);
for (const name of [
  '4c289ca8-f8bb-4588-8400-88b78beb784d.jsonl',
  'b3a7bd3c-5a10-4e7b-8ff0-7fc0cd6d1093.jsonl',
  'b3a7bd3c-5a10-4e7b-8ff0-7fc0cd6d1093',
]) {
  fs.cpSync(path.join(fixtures, 'claude-code', name), path.join(project, name), { recursive: true });
}
const codexDay = path.join(dir, 'agents/codex/sessions/2026/02/23');
fs.mkdirSync(codexDay, { recursive: true });
for (const name of fs.readdirSync(path.join(fixtures, 'codex')).filter((n) => n.endsWith('.jsonl'))) {
  const text = fs.readFileSync(path.join(fixtures, 'codex', name), 'utf8');
  const cwd = JSON.parse(text.split('\n')[0]).payload.cwd;
  fs.writeFileSync(path.join(codexDay, name), text.split(JSON.stringify(cwd)).join(JSON.stringify(workspace)));
}

const { startPeer } = createRequire(import.meta.url)(path.join(repo, 'out/test/peer/openaiPeer.js'));
const peer = await startPeer();
peer.enqueue({
  chunks: [
    'Here is the map of **auth**:\n\n',
    '- `src/auth/login.ts`: the login form\n- `src/auth/token.ts`: token refresh\n\n',
    '```ts\nexport function refresh(token: string) {\n  return fetch("/token");\n}\n```\n',
    '\n<script>alert(1)</script> [bad](javascript:alert(1)) ![img](https://evil.example/x.png)',
  ],
  usage: { prompt: 98_765, completion: 1_234 },
});
const settings = {
  ...JSON.parse(fs.readFileSync(path.join(repo, 'scripts/host/quiet-settings.json'), 'utf8')),
  'agentSessions.endpoint.baseUrl': peer.baseUrl,
  'agentSessions.models.scout': 'gpt-4o',
  'agentSessions.otherAgents.claudeCodeFolders': [path.join(dir, 'agents/claude')],
  'agentSessions.otherAgents.codexFolders': [path.join(dir, 'agents/codex')],
};
const port = which === 'oldest' ? 8481 : 8581;
const server = await startCodeServer({
  bin: codeServerBin(hostRoot, which),
  port,
  userDataDir: path.join(dir, 'ud'),
  extensionsDir: path.join(dir, 'ext'),
  logFile: path.join(dir, 'cs.log'),
  settings,
  trustAll: true,
});
const browserDir = path.join(dir, 'chromium');
const ctx = await chromium.launchPersistentContext(browserDir, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  env: { ...process.env, XDG_CONFIG_HOME: path.join(dir, 'xdg'), XDG_CACHE_HOME: path.join(dir, 'xdg-cache') },
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
const page = ctx.pages()[0] ?? (await ctx.newPage());
const errors = [];
page.on('console', (m) => {
  if (m.type() === 'error') errors.push(m.text());
});
const shot = (name) =>
  page.screenshot({ path: path.join(shots, name) }).then(() => console.log('screenshot', path.join(shots, name)));
let ok = false;
let other;
try {
  await page.goto(server.url(workspace, repo));
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  const act = page.locator(
    '.activitybar .action-item a[aria-label^="Agent Sessions"], .activitybar .action-item[aria-label^="Agent Sessions"]',
  );
  await act.first().waitFor({ timeout: 60_000 });
  await act.first().click();
  await page.locator('.pane', { hasText: 'Sessions' }).first().waitFor({ timeout: 30_000 });
  await shot('01-sessions-view-empty.png');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible', timeout: 15_000 });
  await input.fill('>Agent Sessions: New Scout Session');
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'New Scout Session' })
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'What should Scout do?' }).waitFor({ timeout: 15_000 });
  await input.fill('Map the auth module and its token refresh');
  await page.keyboard.press('Enter');
  const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
  await frame.locator('.turn-done').waitFor({ timeout: 30_000 });
  const status = page.locator('.statusbar-item', { hasText: 'Scout' });
  await status.first().waitFor({ timeout: 15_000 });
  console.log('status bar:', (await status.first().innerText()).trim());
  console.log(
    'tree:',
    (await page.locator('.pane', { hasText: 'Sessions' }).locator('.monaco-list-row').allInnerTexts()).map((s) =>
      s.replace(/\s+/g, ' ').trim(),
    ),
  );
  await shot('02-session-tab.png');
  await status.first().hover();
  await page
    .locator('.monaco-hover', { hasText: 'Measured' })
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  await shot('03-status-tooltip.png');
  await page.mouse.move(700, 400);
  // Claude Code writes its second turn: the meter follows it
  fs.appendFileSync(growing, turn2.subarray(turn1.length));
  const followed = page.locator('.statusbar-item', { hasText: 'Claude Code' });
  await followed.first().waitFor({ timeout: 15_000 });
  console.log('status bar:', (await followed.first().innerText()).trim());
  console.log(
    'tree:',
    (await page.locator('.pane', { hasText: 'Sessions' }).locator('.monaco-list-row').allInnerTexts()).map((s) =>
      s.replace(/\s+/g, ' ').trim(),
    ),
  );
  await shot('04-other-agents.png');
  await followed.first().hover();
  await page
    .locator('.monaco-hover', { hasText: 'Context now' })
    .first()
    .waitFor({ timeout: 10_000 })
    .catch(() => undefined);
  await shot('05-observed-tooltip.png');
  await page.mouse.move(700, 400);
  await page.locator('.pane .monaco-list-row', { hasText: 'show tools' }).first().click();
  await page.locator('.tab', { hasText: 'show tools' }).first().waitFor({ timeout: 15_000 });
  await shot('06-transcript.png');
  // another VS Code window (a real child process running the session service) writes a session here
  const storage = fs
    .readdirSync(path.join(dir, 'ud/User/workspaceStorage'))
    .map((h) => path.join(dir, 'ud/User/workspaceStorage', h, 'agent-session-manager.agent-session-manager/sessions'))
    .find((f) => fs.existsSync(f));
  other = spawn(process.execPath, [path.join(repo, 'out/test/support/serviceChild.js'), storage, 'writer'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve) => other.stdout.once('data', resolve));
  await page.keyboard.press('F1');
  await input.fill('>Agent Sessions: Refresh Sessions');
  await page
    .locator('.quick-input-list .monaco-list-row.focused', { hasText: 'Refresh Sessions' })
    .waitFor({ timeout: 15_000 });
  await page.keyboard.press('Enter');
  // a click that lands while the tree repaints reaches a stale item ("Actual command not found"): click again
  for (let i = 0; i < 3; i++) {
    await page.locator('.pane .monaco-list-row', { hasText: 'Shared' }).first().click();
    if (
      await page
        .locator('.tab', { hasText: 'Shared' })
        .first()
        .waitFor({ timeout: 5_000 })
        .then(
          () => true,
          () => false,
        )
    )
      break;
  }
  await page
    .frameLocator('iframe.webview.ready >> nth=-1')
    .frameLocator('#active-frame')
    .locator('#readonly:not([hidden])')
    .first()
    .waitFor({ timeout: 15_000 })
    .catch(() => console.log('no .read-only element found in the tab'));
  await shot('07-read-only-tab.png');
  ok = true;
} catch (error) {
  console.error('UI drive failed:', error);
  await shot('99-error.png').catch(() => undefined);
} finally {
  if (errors.length) console.log('browser console errors (first 10):\n  ' + errors.slice(0, 10).join('\n  '));
  other?.kill('SIGKILL');
  await ctx.close();
  server.stop();
  await peer.close();
  process.exit(ok ? 0 : 1);
}
