import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { currentBoot, processStartTime, startTimeFromStat } from '../../src/node/processIdentity';
import { RecordingFs } from '../support/recordingFs';

let folder: string;
beforeEach(() => {
  folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'asm-ident-')), 'sessions');
  fs.mkdirSync(folder);
});
afterEach(() => fs.rmSync(path.dirname(folder), { recursive: true, force: true }));

type Holder = { pid: number; host?: string; token?: string; boot?: string; start?: string };
const lockFile = (id: string) => path.join(folder, `${id}.lock`);
const readLock = (id: string) => JSON.parse(fs.readFileSync(lockFile(id), 'utf8')) as Required<Holder>;
const writeLock = (id: string, holder: Holder) =>
  fs.writeFileSync(
    lockFile(id),
    JSON.stringify({ host: os.hostname(), token: 'old', at: new Date().toISOString(), ...holder }),
  );
const RECORD = '{"seq":1,"at":"2026-01-01T00:00:00Z","type":"renamed","title":"one"}\n';
const seedLog = (id: string) => fs.writeFileSync(path.join(folder, `${id}.jsonl`), RECORD);
const parentStart = processStartTime(process.ppid);
const linuxOnly = { skip: parentStart === undefined ? 'no /proc here' : false };

describe('lock holder identity (pid reuse, reboot, start time)', () => {
  it('reads field 22 of /proc/<pid>/stat after the last ")" of the command name', () => {
    const fields = Array.from({ length: 40 }, (_v, i) => String(i + 3)); // fields 3.. as their own numbers
    assert.equal(startTimeFromStat(`77 (a) b) (c) ${fields.join(' ')}\n`), '22');
    assert.equal(startTimeFromStat('garbage'), undefined);
  });

  it('records our start time in the lock, and respects a live pid whose start time matches', linuxOnly, async () => {
    const log = await createEventLogStore(folder).create('a');
    assert.equal(readLock('a').start, processStartTime(process.pid));
    await log.close();
    seedLog('b');
    writeLock('b', { pid: process.ppid, start: parentStart });
    assert.equal((await createEventLogStore(folder).open('b')).readOnly?.pid, process.ppid);
  });

  it('breaks a lock whose pid is alive but started at another time (the pid was reused)', linuxOnly, async () => {
    seedLog('a');
    writeLock('a', { pid: process.ppid, start: `${Number(parentStart) + 1}` });
    const opened = await createEventLogStore(folder).open('a');
    assert.ok(opened.log, 'taken over');
    assert.equal(readLock('a').pid, process.pid);
    await opened.log.close();
  });

  const withBoot = { skip: !currentBoot() };
  it('breaks a lock of a live pid written before the last reboot (another boot id)', withBoot, async () => {
    seedLog('a');
    writeLock('a', { pid: process.ppid, boot: 'an-earlier-boot' });
    const opened = await createEventLogStore(folder).open('a');
    assert.ok(opened.log, 'taken over');
    await opened.log.close();
    seedLog('b');
    writeLock('b', { pid: process.ppid, boot: currentBoot() });
    assert.equal((await createEventLogStore(folder).open('b')).readOnly?.pid, process.ppid, 'this boot: respected');
  });
});

describe('lock release and break races', () => {
  it('release leaves alone a lock that was broken and retaken by another holder', async () => {
    const log = await createEventLogStore(folder).create('a');
    writeLock('a', { pid: process.ppid, token: 'new-holder' }); // ours was broken meanwhile, another took it
    await log.close();
    assert.equal(readLock('a').token, 'new-holder');
  });

  it('a breaker that stalled gives back a live lock another breaker took meanwhile', async () => {
    seedLog('a');
    writeLock('a', { pid: 2 ** 22 + 1, token: 'dead' }); // above pid_max: never alive
    const rec = new RecordingFs();
    let stalled = false;
    rec.before = (op) => {
      // just before our breaker removes the dead lock, it was broken and retaken by a live window
      if (!stalled && /^(unlink a\.lock|rename a\.lock→)/.test(op)) {
        stalled = true;
        writeLock('a', { pid: process.ppid, token: 'live' });
      }
    };
    const opened = await createEventLogStore(folder, { fs: rec }).open('a');
    assert.ok(stalled);
    assert.equal(opened.readOnly?.pid, process.ppid, 'the live lock was respected');
    assert.equal(readLock('a').token, 'live');
    assert.deepEqual(
      fs.readdirSync(folder).filter((n) => n.includes('.lock.')),
      [],
      'no aside or break file left',
    );
  });

  it('Take Over breaks the lock of the named holder only', async () => {
    seedLog('a');
    writeLock('a', { pid: process.ppid, token: 'live' });
    const store = createEventLogStore(folder);
    assert.equal(await store.breakLock('a', { pid: process.ppid + 1, host: os.hostname() }), false);
    assert.equal(readLock('a').token, 'live');
    assert.equal(await store.breakLock('a', { pid: process.ppid, host: os.hostname() }), true);
    const opened = await store.open('a');
    assert.ok(opened.log);
    assert.equal(await store.breakLock('a', { pid: process.pid, host: os.hostname() }), false, 'never our own');
    await opened.log.close();
    assert.deepEqual(fs.readdirSync(folder), ['a.jsonl']);
  });

  it('a second close waits for the first: the lock is gone when it resolves', async () => {
    const log = await createEventLogStore(folder).create('a');
    void log.close();
    await log.close();
    assert.equal(fs.existsSync(lockFile('a')), false);
  });
});
