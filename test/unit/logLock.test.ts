import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { RecordingFs } from '../support/recordingFs';

let folder: string;
beforeEach(() => {
  folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'asm-lock-')), 'sessions');
  fs.mkdirSync(folder);
});
afterEach(() => fs.rmSync(path.dirname(folder), { recursive: true, force: true }));

const renamed = (title: string) => ({ type: 'renamed' as const, title });
const lockFile = (id: string) => path.join(folder, `${id}.lock`);
const readLock = (id: string) =>
  JSON.parse(fs.readFileSync(lockFile(id), 'utf8')) as { pid: number; host: string; token: string };
const writeLock = (id: string, holder: { pid: number; host?: string; token?: string }) =>
  fs.writeFileSync(
    lockFile(id),
    JSON.stringify({ host: os.hostname(), token: 'old', at: new Date().toISOString(), ...holder }),
  );

/** The pid of a process that has exited (and been reaped). */
function deadPid(): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', '']);
    child.on('exit', () => resolve(child.pid!));
  });
}

/** A log with one record and a torn tail, as a writer mid-append leaves it. */
function seedLog(id: string): string {
  const content =
    '{"seq":1,"at":"2026-01-01T00:00:00Z","type":"renamed","title":"one"}\n{"seq":2,"at":"2026-01-01T00:00:00Z","ty';
  fs.writeFileSync(path.join(folder, `${id}.jsonl`), content);
  return content;
}

describe('log lock (one writer per log across processes)', () => {
  it('writes {pid, host, token, at} while a writer is open and removes it on close', async () => {
    const log = await createEventLogStore(folder).create('a');
    const held = readLock('a');
    assert.equal(held.pid, process.pid);
    assert.equal(held.host, os.hostname());
    assert.match(held.token, /^[0-9a-f-]{36}$/);
    await log.close();
    assert.equal(fs.existsSync(lockFile('a')), false);
  });

  it('opens read-only, cutting nothing, while a live process on this machine holds the lock', async () => {
    const content = seedLog('a');
    writeLock('a', { pid: process.ppid });
    const opened = await createEventLogStore(folder).open('a');
    assert.deepEqual(opened.readOnly, { pid: process.ppid, host: os.hostname() });
    assert.equal(opened.log, undefined);
    assert.equal(opened.records.length, 1);
    assert.equal(
      fs.readFileSync(path.join(folder, 'a.jsonl'), 'utf8'),
      content,
      'the torn tail of a live writer is not cut',
    );
    assert.equal(readLock('a').token, 'old');
  });

  it('respects a lock from another machine even when its pid is not alive here', async () => {
    seedLog('a');
    writeLock('a', { pid: await deadPid(), host: `not-${os.hostname()}` });
    const opened = await createEventLogStore(folder).open('a');
    assert.equal(opened.readOnly?.host, `not-${os.hostname()}`);
    await assert.rejects(createEventLogStore(folder).delete('a'), /open in another VS Code window/);
    assert.ok(fs.existsSync(path.join(folder, 'a.jsonl')));
  });

  it('takes over a lock whose pid is dead: cuts the torn tail and continues the seq', async () => {
    seedLog('a');
    writeLock('a', { pid: await deadPid() });
    const opened = await createEventLogStore(folder).open('a');
    assert.ok(opened.log, 'taken over');
    assert.equal(opened.recovery.tornBytes > 0, true);
    assert.equal(readLock('a').pid, process.pid);
    assert.notEqual(readLock('a').token, 'old');
    assert.equal((await opened.log.append(renamed('two'), { durable: true })).seq, 2);
    await opened.log.close();
  });

  it('treats a lock with our own pid but a token we do not hold as stale (pid reuse)', async () => {
    seedLog('a');
    writeLock('a', { pid: process.pid, token: 'from-an-earlier-life' });
    const opened = await createEventLogStore(folder).open('a');
    assert.ok(opened.log);
    await opened.log.close();
  });

  it('refuses a second store in this process (already has a writer, not read-only) while the first writes', async () => {
    const first = await createEventLogStore(folder).create('a');
    await first.append(renamed('one'), { durable: true });
    await assert.rejects(createEventLogStore(folder).open('a'), /already has a writer in this window/);
    await first.close();
    const third = await createEventLogStore(folder).open('a');
    assert.ok(third.log, 'free again after close');
    await third.log.close();
  });

  it('lets exactly one of many racing openers break a stale lock', async () => {
    seedLog('a');
    writeLock('a', { pid: await deadPid() });
    const stores = Array.from({ length: 12 }, () => createEventLogStore(folder));
    const settled = await Promise.allSettled(stores.map((s) => s.open('a')));
    const writers = settled.flatMap((o) => (o.status === 'fulfilled' && o.value.log ? [o.value] : []));
    assert.equal(writers.length, 1, `${writers.length} writers`);
    const refused = settled.filter((o) => o.status === 'rejected' && /already has a writer/.test(String(o.reason)));
    assert.equal(refused.length, 11, 'the others find our lock: refused, not a read-only view of ourselves');
    assert.deepEqual(
      fs.readdirSync(folder).filter((n) => n.endsWith('.break')),
      [],
    );
    await writers[0].log!.close();
  });

  it('re-reads the lock inside the break file and leaves it alone if a live process took it meanwhile', async () => {
    seedLog('a');
    writeLock('a', { pid: await deadPid() });
    const rec = new RecordingFs();
    rec.before = (op) => {
      // right as we start breaking the dead lock, another live process breaks it first and takes it
      if (op === 'open a.lock.break wx') writeLock('a', { pid: process.ppid, token: 'live' });
    };
    const opened = await createEventLogStore(folder, { fs: rec }).open('a');
    assert.equal(opened.readOnly?.pid, process.ppid, 'the live lock was respected');
    assert.equal(readLock('a').token, 'live');
  });

  it('clears a break file left by a dead breaker and then takes the stale lock', async () => {
    seedLog('a');
    writeLock('a', { pid: await deadPid() });
    fs.writeFileSync(
      `${lockFile('a')}.break`,
      JSON.stringify({ pid: await deadPid(), host: os.hostname(), token: 'b', at: '' }),
    );
    const opened = await createEventLogStore(folder).open('a');
    assert.ok(opened.log);
    await opened.log.close();
  });

  it('removes the lock after a delete, and refuses to delete a log a live process holds', async () => {
    const store = createEventLogStore(folder);
    await (await store.create('a')).close();
    await store.delete('a');
    assert.deepEqual(fs.readdirSync(folder), []);
    seedLog('b');
    writeLock('b', { pid: process.ppid });
    await assert.rejects(store.delete('b'), new RegExp(`pid ${process.ppid}`));
    assert.ok(fs.existsSync(path.join(folder, 'b.jsonl')));
  });
});
