// What the screenshot scripts share: a fresh folder per host and theme, a git copy of the sample workspace, the
// build installed as an ordinary extension, code-server and a headless chromium, and the page helpers (a
// screenshot, a command from the palette, the active session tab's frame).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { codeServerBin, startCodeServer } from './codeServer.mjs';
import { freshSampleWorkspace } from './demo.mjs';

const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

/**
 * Starts code-server with `settings` (the theme added) for screenshots in .vscode-host/shots/<name>/<host>-<theme>/;
 * `basePort` is for the oldest host in the dark theme (light +1, newest +100).
 */
export async function openShotHost({ repo, name, which, theme, settings, basePort }) {
  if (!THEMES[theme]) throw new Error(`theme must be light or dark, not ${theme}`);
  const hostRoot = path.join(repo, '.vscode-host');
  const dir = path.join(hostRoot, `${name}-ui`, `${which}-${theme}`);
  const shots = path.join(hostRoot, 'shots', name, `${which}-${theme}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
  const workspace = freshSampleWorkspace(repo, path.join(dir, 'sample-workspace'));
  // installed as an ordinary extension (a copy of the build): with the development-path payload this
  // code-server loads no built-in themes at all, so only the default light one could be shot
  const installed = path.join(dir, 'ext', 'agent-session-manager.agent-session-manager-0.1.0');
  for (const part of ['package.json', 'dist', 'media'])
    fs.cpSync(path.join(repo, part), path.join(installed, part), { recursive: true });
  const userDataDir = path.join(dir, 'ud');
  const server = await startCodeServer({
    bin: codeServerBin(hostRoot, which),
    port: basePort + (which === 'oldest' ? 0 : 100) + (theme === 'light' ? 1 : 0),
    userDataDir,
    extensionsDir: path.join(dir, 'ext'),
    logFile: path.join(dir, 'cs.log'),
    settings: { ...settings, 'workbench.colorTheme': THEMES[theme] },
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
  const shot = (file) =>
    page.screenshot({ path: path.join(shots, file) }).then(() => console.log('screenshot', path.join(shots, file)));
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
  /** Opens the workspace and waits for the theme and the extension (they come a moment after the workbench). */
  async function open() {
    await page.goto(server.url(workspace, repo).replace(/&payload=.*$/, ''));
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page.locator(theme === 'dark' ? '.monaco-workbench.vs-dark' : '.monaco-workbench.vs').waitFor();
    await page.locator('.activitybar [aria-label^="Agent Sessions"]').first().waitFor({ timeout: 60_000 });
  }
  async function close() {
    await ctx.close();
    server.stop();
  }
  return { dir, shots, workspace, userDataDir, page, shot, command, tab, open, close };
}
