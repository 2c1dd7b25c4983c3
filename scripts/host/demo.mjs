// The demo parts of `npm start`: the loopback model endpoint with its scripted Builder loop, a fresh
// git copy of the sample workspace, and the development instance's endpoint setting.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

const ENDPOINT_KEY = 'agentSessions.endpoint.baseUrl';

/** Bundles test/peer/cli.ts and starts it with --demo on `port`; resolves once it prints its URL. */
export async function startDemoEndpoint(repo, dir, port) {
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, 'demo-endpoint.js');
  await build({
    entryPoints: [path.join(repo, 'test/peer/cli.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
  });
  const child = spawn(process.execPath, [outfile, '--demo', '--port', String(port)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.on('exit', () => child.exitCode === null && child.kill('SIGTERM'));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = /PEER_URL=(\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once('exit', (code) => reject(new Error(`it exited (${code})`)));
  });
  return { child, url };
}

/**
 * A fresh copy of test/sample-workspace at `target` (same path every time, so its Workspace Trust is
 * remembered), made a git repository with one commit so a Reviewer session has a base to diff against.
 */
export function freshSampleWorkspace(repo, target) {
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(path.join(repo, 'test', 'sample-workspace'), target, { recursive: true });
  const git = (...args) => spawnSync('git', args, { cwd: target, stdio: 'ignore' }).status === 0;
  if (git('init', '-q'))
    git('-c', 'user.name=Demo', '-c', 'user.email=demo@localhost', 'commit', '-q', '--allow-empty', '-m', 'init') &&
      git('add', '-A') &&
      git('-c', 'user.name=Demo', '-c', 'user.email=demo@localhost', 'commit', '-q', '-m', 'Sample project');
  return target;
}

/**
 * Points the instance at the demo endpoint when no endpoint is set, or when the one set is the demo's
 * own from an earlier start (its port may differ now). An endpoint the user set is kept. Returns whether
 * the demo endpoint is the one in use.
 */
export function demoSettings(settingsFile, dir, url, defaults) {
  const marker = path.join(dir, 'demo-endpoint.url');
  const previous = fs.existsSync(marker) ? fs.readFileSync(marker, 'utf8').trim() : undefined;
  let settings = defaults;
  if (fs.existsSync(settingsFile)) {
    try {
      settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    } catch {
      return false; // hand-edited (comments): left alone
    }
  }
  const current = settings[ENDPOINT_KEY];
  if (current && current !== previous) return current === url;
  settings[ENDPOINT_KEY] = url;
  fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2));
  fs.writeFileSync(marker, url);
  return true;
}
