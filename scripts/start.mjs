#!/usr/bin/env node
// npm start: build, then open a real VS Code with this extension (as a development extension) on
// test/sample-workspace. Desktop `code` when it is on PATH; otherwise a local code-server on 127.0.0.1
// (installed on first use into .vscode-host/, newest, else oldest) whose URL is printed; it stays in
// the foreground until Ctrl-C, which stops its whole process group.
// usage: npm start [-- --watch]   (--watch: rebuild on change; then "Developer: Reload Window")
// env: PORT (first port tried, default 8080), ASM_START_HOST=newest|oldest
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, startCodeServer } from './host/codeServer.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspace = path.join(repo, 'test', 'sample-workspace');
const hostRoot = path.join(repo, '.vscode-host');
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

const peerCli = path.join(repo, 'out/test/peer/cli.js');
const peerHint = () => {
  if (!fs.existsSync(peerCli)) return;
  console.log(
    `Demo model endpoint (Chat Completions on loopback, scripted replies): node ${path.relative(process.cwd(), peerCli) || peerCli} --port 8765`,
  );
  console.log('  then "Agent Sessions: Set Endpoint" -> http://127.0.0.1:8765/v1 (no API key needed)');
};

if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  peerHint();
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
  const server = await startCodeServer({
    bin: codeServerBin(hostRoot, which),
    port,
    userDataDir: path.join(dir, 'user-data'),
    extensionsDir: path.join(dir, 'extensions'),
    logFile,
    settings: JSON.parse(fs.readFileSync(path.join(repo, 'scripts/host/quiet-settings.json'), 'utf8')),
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
  peerHint();
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
