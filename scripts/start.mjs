#!/usr/bin/env node
// npm start: build, start the demo model endpoint (the loopback peer with its scripted Builder loop,
// test/peer/demoResponder.ts), then open a real VS Code with this extension (as a development extension)
// on a fresh copy of test/sample-workspace (a git repository, in .vscode-host/start/sample-workspace).
// Desktop `code` when it is on PATH; otherwise a local code-server on 127.0.0.1 (installed on first use
// into .vscode-host/, newest, else oldest) whose URL is printed, with its endpoint set to the demo one
// unless the user set another; it stays in the foreground until Ctrl-C, which stops its process group.
// usage: npm start [-- --watch]   (--watch: rebuild on change; then "Developer: Reload Window")
// env: PORT (first port tried, default 8080), ASM_START_HOST=newest|oldest
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, startCodeServer } from './host/codeServer.mjs';
import { startDemoEndpoint, demoSettings, freshSampleWorkspace } from './host/demo.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const hostRoot = path.join(repo, '.vscode-host');
const workspace = freshSampleWorkspace(repo, path.join(hostRoot, 'start', 'sample-workspace'));
const watch = process.argv.includes('--watch');
const fail = (what) => {
  console.error(`npm start: ${what} failed`);
  process.exit(1);
};

if (spawnSync(process.execPath, [path.join(repo, 'scripts/build.mjs')], { stdio: 'inherit', cwd: repo }).status !== 0)
  fail('build');
const children = [];
if (watch)
  children.push(
    spawn(process.execPath, [path.join(repo, 'scripts/build.mjs'), '--watch'], { stdio: 'inherit', cwd: repo }),
  );

const demo = await startDemoEndpoint(repo, path.join(hostRoot, 'start'), await freePort(8765)).catch((e) =>
  fail(`starting the demo endpoint (${e.message})`),
);
children.push(demo.child);
const peerHint = (set) =>
  console.log(
    `Demo model endpoint (Chat Completions on loopback, scripted Builder loop, no key): ${demo.url}` +
      (set
        ? '\n  set as the endpoint of this instance (unless you set another).'
        : '\n  set it with "Agent Sessions: Set Endpoint".'),
  );

if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  peerHint(false);
  const child = spawn('code', [`--extensionDevelopmentPath=${repo}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => {
    if (!watch) process.exit(code ?? 0);
  });
} else {
  const installed = (which) =>
    spawnSync('bash', [path.join(repo, 'scripts/install-host.sh'), which], { stdio: 'inherit' }).status === 0;
  const preferred = process.env.ASM_START_HOST === 'oldest' ? ['oldest'] : ['newest', 'oldest'];
  const which = preferred.find(installed);
  if (!which) fail('installing code-server');
  const port = await freePort(Number(process.env.PORT ?? 8080));
  const dir = path.join(hostRoot, 'start');
  const logFile = path.join(dir, `code-server-${which}.log`);
  fs.mkdirSync(dir, { recursive: true });
  const userDataDir = path.join(dir, 'user-data');
  const quiet = JSON.parse(fs.readFileSync(path.join(repo, 'scripts/host/quiet-settings.json'), 'utf8'));
  const endpointSet = demoSettings(path.join(userDataDir, 'User', 'settings.json'), dir, demo.url, quiet);
  const server = await startCodeServer({
    bin: codeServerBin(hostRoot, which),
    port,
    userDataDir,
    extensionsDir: path.join(dir, 'extensions'),
    logFile,
  }).catch((e) => fail(`starting code-server (${e.message})`));
  children.push(server.child);
  let stopping = false;
  const stop = (code = 0) => {
    if (stopping) return;
    stopping = true;
    server.stop(); // SIGTERM to code-server's process group
    for (const c of children) if (c !== server.child && c.exitCode === null) c.kill('SIGTERM');
    const force = setTimeout(() => {
      try {
        process.kill(-server.child.pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      process.exit(code);
    }, 5000);
    server.child.once('exit', () => {
      clearTimeout(force);
      process.exit(code);
    });
    if (server.child.exitCode !== null) process.exit(code);
  };
  process.on('SIGINT', () => stop(0));
  process.on('SIGTERM', () => stop(0));
  server.child.on('exit', (code) => {
    if (!stopping) {
      console.error(`code-server exited (${code}); log: ${logFile}`);
      process.exit(code || 1);
    }
  });
  console.log(
    `\nVS Code (code-server, ${which}) with Agent Session Manager as a development extension. Open:\n\n  ${server.url(workspace, repo)}\n`,
  );
  peerHint(endpointSet);
  console.log('Try: Agent Sessions: New Builder Session, then "fix the failing tests".');
  console.log(
    `After a rebuild${watch ? ' (watching)' : ' (npm run build, or npm start -- --watch)'}, run "Developer: Reload Window" to load it.`,
  );
  console.log('The first time, the folder opens in Restricted Mode (sessions cannot start): "Manage" -> Trust.');
  console.log(`Ctrl-C stops it. Log: ${logFile}`);
}

/** The first port from `start` on that nothing listens on at 127.0.0.1. */
async function freePort(start) {
  for (let port = start; port < start + 50; port++) {
    const free = await new Promise((resolve) => {
      const probe = net
        .createServer()
        .once('error', () => resolve(false))
        .once('listening', () => probe.close(() => resolve(true)));
      probe.listen(port, '127.0.0.1');
    });
    if (free) return port;
  }
  fail(`finding a free port from ${start}`);
}
