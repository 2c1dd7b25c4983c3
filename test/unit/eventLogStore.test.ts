import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { spawn } from 'child_process';
import { killAndReopen } from '../support/killHarness';

let folder: string;
beforeEach(() => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-store-'));
});
afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));

const delta = (text: string) => ({ type: 'assistant_delta' as const, turnId: 't1', text });
const logFile = (id: string) => path.join(folder, 'sessions', `${id}.jsonl`);

describe('event log store', () => {
  it('appends one line per record and reads them back in order with their seq', async () => {
    const store = createEventLogStore(path.join(folder, 'sessions'));
    const log = await store.create('s1');
    await Promise.all([
      log.append(delta('a'), { durable: false }),
      log.append(delta('b'), { durable: true }),
      log.append(delta('c'), { durable: false }),
    ]);
    await log.close();
    const lines = fs.readFileSync(logFile('s1'), 'utf8').split('\n');
    assert.equal(lines.length, 4);
    assert.equal(lines[3], '');
    const opened = await store.open('s1');
    assert.deepEqual(
      opened.records.map((r) => [r.seq, (r as { text?: string }).text]),
      [
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ],
    );
    assert.deepEqual(opened.recovery, { tornBytes: 0, droppedLines: 0, seqGaps: 0, seqRepeats: 0 });
    const next = await opened.log!.append(delta('d'), { durable: true });
    assert.equal(next.seq, 4);
    await opened.log!.close();
  });

  it('cuts a torn tail back to the last newline and keeps appending cleanly', async () => {
    const store = createEventLogStore(path.join(folder, 'sessions'));
    const log = await store.create('s1');
    await log.append(delta('kept'), { durable: true });
    await log.close();
    fs.appendFileSync(logFile('s1'), '{"seq":2,"at":"2026-01-01T00:00:00Z","type":"assistant_del');
    const opened = await store.open('s1');
    assert.equal(opened.recovery.tornBytes, '{"seq":2,"at":"2026-01-01T00:00:00Z","type":"assistant_del'.length);
    assert.equal(opened.records.length, 1);
    await opened.log!.append(delta('after'), { durable: true });
    await opened.log!.close();
    const again = await store.open('s1');
    assert.deepEqual(
      again.records.map((r) => (r as { text?: string }).text),
      ['kept', 'after'],
    );
    assert.deepEqual(again.recovery, { tornBytes: 0, droppedLines: 0, seqGaps: 0, seqRepeats: 0 });
    await again.log!.close();
  });

  it('skips and counts an invalid line in the middle, keeps its neighbours and unknown record types', async () => {
    fs.mkdirSync(path.join(folder, 'sessions'));
    fs.writeFileSync(
      logFile('s1'),
      [
        '{"seq":1,"at":"2026-01-01T00:00:00Z","type":"renamed","title":"one"}',
        '{not json',
        '["an","array"]',
        '{"seq":4,"at":"2026-01-01T00:00:00Z","type":"from_the_future","payload":{"x":1}}',
        '{"seq":5,"at":"2026-01-01T00:00:00Z","type":"renamed","title":"five"}',
        '',
      ].join('\n'),
    );
    const opened = await createEventLogStore(path.join(folder, 'sessions')).open('s1');
    assert.equal(opened.recovery.droppedLines, 2);
    assert.deepEqual(
      opened.records.map((r) => r.type),
      ['renamed', 'from_the_future', 'renamed'],
    );
    assert.equal((await opened.log!.append(delta('x'), { durable: true })).seq, 6);
    await opened.log!.close();
    assert.match(fs.readFileSync(logFile('s1'), 'utf8'), /from_the_future/);
  });

  it('opens an empty log as a session with no records', async () => {
    fs.mkdirSync(path.join(folder, 'sessions'));
    fs.writeFileSync(logFile('empty'), '');
    const opened = await createEventLogStore(path.join(folder, 'sessions')).open('empty');
    assert.deepEqual(opened.records, []);
    assert.deepEqual(opened.recovery, { tornBytes: 0, droppedLines: 0, seqGaps: 0, seqRepeats: 0 });
    await opened.log!.close();
  });

  it('gives a clear error when the storage folder is not writable, and older sessions stay intact', async () => {
    const good = createEventLogStore(path.join(folder, 'sessions'));
    const log = await good.create('old');
    await log.append(delta('precious'), { durable: true });
    await log.close();
    // running as root, chmod cannot stop writes: make the storage path a regular file instead
    fs.writeFileSync(path.join(folder, 'blocked'), 'a file where a folder should be');
    const bad = createEventLogStore(path.join(folder, 'blocked', 'sessions'));
    await assert.rejects(bad.create('new'), /storage folder .*blocked.* is not writable/);
    const opened = await good.open('old');
    assert.equal((opened.records[0] as { text?: string }).text, 'precious');
    await opened.log!.close();
  });

  it('lists every session even when the index is missing or corrupt, in index order first', async () => {
    const dir = path.join(folder, 'sessions');
    const store = createEventLogStore(dir);
    for (const id of ['a', 'b', 'c']) await (await store.create(id)).close();
    await store.writeIndex([
      { id: 'c', title: 'C', createdAt: '' },
      { id: 'gone', title: 'G', createdAt: '' },
    ]);
    assert.deepEqual(await store.list(), ['c', 'a', 'b']);
    assert.deepEqual(
      fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')),
      [],
      'no temp files left behind',
    );
    fs.writeFileSync(path.join(dir, 'index.json'), '{"version":1,"sess');
    assert.deepEqual(await store.list(), ['a', 'b', 'c']);
    fs.rmSync(path.join(dir, 'index.json'));
    assert.deepEqual(await store.list(), ['a', 'b', 'c']);
  });

  it('refuses a second writer for one log, and ids that could escape the folder', async () => {
    const store = createEventLogStore(path.join(folder, 'sessions'));
    const log = await store.create('one');
    await assert.rejects(store.open('one'), /already has a writer/);
    await log.close();
    await assert.rejects(store.create('../escape'), /Invalid session id/);
    await assert.rejects(store.open('a/b'), /Invalid session id/);
  });

  it('deletes a log', async () => {
    const store = createEventLogStore(path.join(folder, 'sessions'));
    await (await store.create('doomed')).close();
    await store.delete('doomed');
    assert.equal(fs.existsSync(logFile('doomed')), false);
    assert.deepEqual(await store.list(), []);
  });

  it('reports seq gaps and repeats, keeps every record, and continues after the highest seq', async () => {
    fs.mkdirSync(path.join(folder, 'sessions'));
    const line = (seq: number, title: string) =>
      `{"seq":${seq},"at":"2026-01-01T00:00:00Z","type":"renamed","title":"${title}"}`;
    fs.writeFileSync(
      logFile('s1'),
      [line(1, 'a'), line(2, 'b'), line(2, 'b again'), line(5, 'c'), line(4, 'back'), ''].join('\n'),
    );
    const opened = await createEventLogStore(path.join(folder, 'sessions')).open('s1');
    assert.deepEqual(opened.recovery, { tornBytes: 0, droppedLines: 0, seqGaps: 1, seqRepeats: 2 });
    assert.deepEqual(
      opened.records.map((r) => (r as { title?: string }).title),
      ['a', 'b', 'b again', 'c', 'back'],
    );
    assert.equal((await opened.log!.append(delta('next'), { durable: true })).seq, 6);
    await opened.log!.close();
  });

  it("removes stale temp and break files on the first list(), never a live process's fresh temp or any log", async () => {
    const dir = path.join(folder, 'sessions');
    fs.mkdirSync(dir);
    const dead = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['-e', '']);
      child.on('exit', () => resolve(child.pid!));
    });
    const files = {
      deadTemp: `.index.json.${dead}.m1abc.tmp`,
      oldTemp: `.index.json.${process.ppid}.m1abd.tmp`,
      freshTemp: `.index.json.${process.ppid}.m1abe.tmp`,
      ownTemp: `.index.json.${process.pid}.m1abf.tmp`,
      deadBreak: 'a.lock.break',
      liveBreak: 'b.lock.break',
      log: 'a.jsonl',
    };
    for (const name of Object.values(files)) fs.writeFileSync(path.join(dir, name), name === 'a.jsonl' ? '' : '{}');
    const old = new Date(Date.now() - 2 * 60_000);
    fs.utimesSync(path.join(dir, files.oldTemp), old, old);
    fs.writeFileSync(
      path.join(dir, files.deadBreak),
      JSON.stringify({ pid: dead, host: os.hostname(), token: 't', at: '' }),
    );
    fs.writeFileSync(
      path.join(dir, files.liveBreak),
      JSON.stringify({ pid: process.ppid, host: os.hostname(), token: 't', at: '' }),
    );
    assert.deepEqual(await createEventLogStore(dir).list(), ['a']);
    assert.deepEqual(fs.readdirSync(dir).sort(), [files.freshTemp, files.ownTemp, files.log, files.liveBreak].sort());
  });

  it('loses no acknowledged event across 100 SIGKILLs of two writers racing for one log', async () => {
    const seed = 20261122;
    const summary = await killAndReopen(path.join(folder, 'sessions'), 100, seed);
    const context = `seed ${seed}: ${JSON.stringify(summary)}`;
    assert.equal(summary.lost, 0, context);
    assert.equal(summary.seqRepeats, 0, context);
    assert.equal(summary.duplicateAcks, 0, context);
    assert.equal(summary.seqGaps, 0, context);
    assert.equal(summary.droppedLines, 0, context);
    assert.equal(summary.reopened, summary.rounds);
    assert.ok(summary.takeovers > 0, 'a waiting writer took over a dead one');
    assert.ok(summary.records >= 100);
  });
});
