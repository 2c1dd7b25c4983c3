#!/usr/bin/env node
// npm start: build, then open a real VS Code with this extension on test/sample-workspace.
// Desktop `code` when it is on PATH; otherwise a local code-server on 127.0.0.1 (installed on first use
// into .vscode-host/) whose URL is printed. Ctrl-C stops it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { codeServerBin, startCodeServer } from './host/codeServer.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const workspace = path.join(repo, 'test', 'sample-workspace');
const hostRoot = path.join(repo, '.vscode-host');
const must = (r, what) => { if (r.status !== 0) { console.error(`npm start: ${what} failed`); process.exit(1); } };

must(spawnSync(process.execPath, [path.join(repo, 'scripts/build.mjs')], { stdio: 'inherit', cwd: repo }), 'build');
must(spawnSync('npx', ['tsc', '-p', 'tsconfig.test.json'], { stdio: 'inherit', cwd: repo }), 'compiling the demo peer');
console.log(`Demo model endpoint (speaks Chat Completions on loopback): node ${path.relative(process.cwd(), path.join(repo, 'out/test/peer/cli.js'))} --port 8765`);
console.log('  then "Agent Sessions: Set Endpoint" -> http://127.0.0.1:8765/v1 (no API key needed)');

if (spawnSync('code', ['--version'], { stdio: 'ignore' }).status === 0) {
  const child = spawn('code', [`--extensionDevelopmentPath=${repo}`, workspace], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  must(spawnSync('bash', [path.join(repo, 'scripts/install-host.sh'), 'newest'], { stdio: 'inherit' }), 'installing code-server');
  const port = Number(process.env.PORT ?? 8080);
  const dir = path.join(hostRoot, 'start');
  fs.mkdirSync(dir, { recursive: true });
  const server = await startCodeServer({
    bin: codeServerBin(hostRoot, 'newest'), port, userDataDir: path.join(dir, 'user-data'), extensionsDir: path.join(dir, 'extensions'),
    logFile: path.join(dir, 'code-server.log'), settings: JSON.parse(fs.readFileSync(path.join(repo, 'scripts/host/quiet-settings.json'), 'utf8')),
  });
  console.log(`\nVS Code with Agent Session Manager is running. Open:\n  ${server.url(workspace, repo)}\n(Ctrl-C to stop; log: ${path.join(dir, 'code-server.log')})`);
  const stop = () => { server.stop(); process.exit(0); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  server.child.on('exit', (code) => process.exit(code ?? 0));
}
