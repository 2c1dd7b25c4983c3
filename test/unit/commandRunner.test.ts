import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { CommandOptions } from '../../src/core/tools/toolPorts';
import { createCommandRunner } from '../../src/node/tools/commandRunner';

const runner = createCommandRunner();
const cwd = mkdtempSync(path.join(tmpdir(), 'asm-cmd-'));
const node = (script: string, ...args: string[]) => [process.execPath, '-e', script, ...args];
const options = (extra: Partial<CommandOptions> = {}): CommandOptions => ({
  cwd,
  timeoutMs: 20_000,
  outputCap: 64 * 1024,
  signal: new AbortController().signal,
  ...extra,
});

/** Whether a process has ended: no such pid, or a zombie (in a container nobody may reap it). */
function ended(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  try {
    return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

/** Resolves once the process has ended (checked on each turn of the event loop, bounded). */
async function gone(pid: number): Promise<boolean> {
  for (let i = 0; i < 20_000; i++) {
    if (ended(pid)) return true;
    await new Promise((resolve) => setImmediate(resolve));
  }
  return false;
}

describe('the command runner (real child processes)', () => {
  it('returns the exit code and stdout and stderr as they came', async () => {
    const r = await runner.run(node('console.log("out"); console.error("err"); process.exitCode = 3'), options());
    assert.equal(r.exitCode, 3);
    assert.equal(r.timedOut, false);
    assert.match(r.output, /out/);
    assert.match(r.output, /err/);
  });

  it('passes shell characters literally: there is no shell', async () => {
    const r = await runner.run(node('console.log(process.argv[1])', 'a;b|c $(x) `y` > z'), options());
    assert.equal(r.output.trim(), 'a;b|c $(x) `y` > z');
  });

  it('kills a command that never exits at its limit, with the grandchild it started', async () => {
    const script =
      'const c = require("child_process").spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "inherit" });' +
      'console.log("grandchild " + c.pid); setInterval(() => {}, 1000);';
    const r = await runner.run(node(script), options({ timeoutMs: 1500 }));
    assert.equal(r.timedOut, true);
    assert.equal(r.exitCode, null);
    const pid = Number(/grandchild (\d+)/.exec(r.output)?.[1]);
    assert.ok(pid > 0, r.output);
    assert.ok(await gone(pid), 'the grandchild was killed with the group');
  });

  it('keeps the head and the tail of a flood within the cap', async () => {
    const script =
      'process.stdout.write("START\\n"); setInterval(() => process.stdout.write("x".repeat(65536) + "\\n"), 0)';
    const r = await runner.run(node(script), options({ timeoutMs: 1000, outputCap: 10_000 }));
    assert.equal(r.truncated, true);
    assert.ok(r.output.startsWith('START'));
    assert.match(r.output, /bytes cut/);
    assert.ok(r.output.length < 10_100, `${r.output.length} chars`);
    assert.ok(r.output.endsWith('x') || r.output.endsWith('\n'));
  });

  it('keeps the last lines after a flood, and says exactly how much was cut', async () => {
    const script = 'process.stdout.write("START\\n" + "x".repeat(100000) + "\\nEND\\n")';
    const r = await runner.run(node(script), options({ outputCap: 10_000 }));
    assert.equal(r.exitCode, 0);
    assert.equal(r.truncated, true);
    assert.ok(r.output.startsWith('START\n'));
    assert.ok(r.output.endsWith('\nEND\n'), 'the tail, where test runners print their summary, is kept');
    const cut = Number(/\[(\d+) bytes cut\]/.exec(r.output)?.[1]);
    const kept = Buffer.byteLength(r.output.replace(/\n… \[\d+ bytes cut\] …\n/, ''));
    assert.equal(kept + cut, 6 + 100_000 + 5, 'kept + cut = everything the command wrote');
  });

  it(
    'returns when the command exits, even if a grandchild that left its group holds the pipes',
    { timeout: 15_000 },
    async () => {
      const script =
        'const c = require("child_process").spawn(process.execPath, ["-e", "setTimeout(() => {}, 30000)"],' +
        ' { stdio: "inherit", detached: true }); console.log("escaped " + c.pid); c.unref();';
      const r = await runner.run(node(script), options());
      const pid = Number(/escaped (\d+)/.exec(r.output)?.[1]);
      try {
        assert.equal(r.exitCode, 0);
        assert.equal(r.timedOut, false);
        assert.ok(r.durationMs < 10_000, `${r.durationMs} ms: it did not wait for the 30 s grandchild`);
      } finally {
        try {
          if (pid > 0) process.kill(pid, 'SIGKILL'); // still alive: the runner had to return without it
        } catch {
          /* already gone */
        }
      }
    },
  );

  it('gives a command that reads stdin end-of-file at once', async () => {
    const script =
      'process.stdin.on("data", () => {}); process.stdin.on("end", () => { console.log("eof"); process.exit(0); })';
    const r = await runner.run(node(script), options({ timeoutMs: 10_000 }));
    assert.equal(r.exitCode, 0);
    assert.equal(r.timedOut, false);
    assert.equal(r.output.trim(), 'eof');
  });

  it('stops on abort, without calling it a time limit', async () => {
    const abort = new AbortController();
    const pending = runner.run(
      node('console.log("up"); setInterval(() => {}, 1000)'),
      options({ signal: abort.signal }),
    );
    abort.abort();
    const r = await pending;
    assert.equal(r.exitCode, null);
    assert.equal(r.timedOut, false);
  });

  it('says when the program or the folder does not exist', async () => {
    const missing = await runner.run(['no-such-program-asm'], options());
    assert.equal(missing.exitCode, null);
    assert.match(missing.error ?? '', /no-such-program-asm: not found/);
    const folder = await runner.run(node('1'), options({ cwd: path.join(cwd, 'nope') }));
    assert.match(folder.error ?? '', /folder not found/);
  });
});
