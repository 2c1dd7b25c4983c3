// Starts code-server on 127.0.0.1 with this repo loaded as a development extension, and gives back
// the URL that opens a folder with it. Shared by `npm start` and the UI screenshot script.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export function codeServerBin(hostRoot, which) {
  return which === 'oldest'
    ? path.join(hostRoot, 'cs-4.100.3/node_modules/.bin/code-server')
    : path.join(hostRoot, 'code-server-newest');
}

export async function startCodeServer({
  bin,
  port,
  userDataDir,
  extensionsDir,
  env = {},
  logFile,
  settings,
  trustAll = false,
}) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (settings && !fs.existsSync(settingsFile)) fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(trustAll ? ['--disable-workspace-trust'] : []),
    // newer VS Code builds honour extensionDevelopmentPath from the URL payload only with the smoke-test driver on
    ...(/--vscode-option/.test(spawnSync(bin, ['--help'], { encoding: 'utf8' }).stdout ?? '')
      ? ['--vscode-option', 'enable-smoke-test-driver']
      : []),
  ];
  const child = spawn(bin, args, {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  const out = fs.createWriteStream(logFile);
  child.stdout.pipe(out);
  child.stderr.pipe(out);
  let exited = false;
  child.on('exit', () => (exited = true));
  for (let i = 0; i < 1200; i++) {
    if (exited) throw new Error(`code-server exited early; see ${logFile}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  };
  return { child, stop, url: (folder, devPath) => workbenchUrl(port, folder, devPath) };
}

/** The URL that opens `folder` with `devPath` loaded as a development extension (the payload code-server honours). */
export function workbenchUrl(port, folder, devPath) {
  const authority = `127.0.0.1:${port}`;
  const q = new URLSearchParams();
  q.set('folder', folder);
  q.set(
    'payload',
    JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${authority}${devPath}`],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ]),
  );
  return `http://${authority}/?${q}`;
}
