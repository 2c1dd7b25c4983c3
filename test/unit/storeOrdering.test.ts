import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { RecordingFs } from '../support/recordingFs';

let folder: string;
let rec: RecordingFs;
beforeEach(() => {
  folder = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'asm-order-')), 'sessions');
  rec = new RecordingFs();
});
afterEach(() => fs.rmSync(path.dirname(folder), { recursive: true, force: true }));

const delta = (text: string) => ({ type: 'assistant_delta' as const, turnId: 't1', text });
const renamed = (title: string) => ({ type: 'renamed' as const, title });

/** Every "ack" must come after a datasync of the log that follows the last write before it. */
function assertAckedAfterDatasync(ops: string[], log: string): void {
  let synced = true;
  for (const op of ops) {
    if (op === `write ${log}`) synced = false;
    else if (op === `datasync ${log}` || op === `fsync ${log}`) synced = true;
    else if (op.startsWith('ack')) assert.ok(synced, `${op} before its datasync:\n${ops.join('\n')}`);
  }
}

describe('store ordering (recorded real file system)', () => {
  it('acknowledges a durable append only after its datasync, also when appends overlap', async () => {
    const store = createEventLogStore(folder, { fs: rec });
    const log = await store.create('a');
    await Promise.all(
      [1, 2, 3].map((i) => log.append(renamed(`t${i}`), { durable: true }).then((e) => rec.mark(`ack ${e.seq}`))),
    );
    await log.close();
    const ops = rec.only(/a\.jsonl|^ack/);
    assert.equal(ops.filter((op) => op.startsWith('ack')).length, 3);
    assertAckedAfterDatasync(ops, 'a.jsonl');
  });

  it('makes a new log durable: created in append mode, then the folder fsynced before the first ack', async () => {
    const store = createEventLogStore(folder, { fs: rec });
    const log = await store.create('a');
    await log.append(renamed('x'), { durable: true });
    rec.mark('ack');
    await log.close();
    const ops = rec.only(/a\.jsonl|fsync-dir|^ack/);
    const created = ops.indexOf('open a.jsonl ax');
    assert.ok(created >= 0, ops.join('\n'));
    assert.ok(
      ops.indexOf('fsync-dir sessions', created) > created,
      `no folder fsync after the create:\n${ops.join('\n')}`,
    );
    assert.ok(ops.indexOf('fsync-dir sessions', created) < ops.indexOf('ack'), ops.join('\n'));
  });

  it('fsyncs the cut of a torn tail before the first new record is written', async () => {
    fs.mkdirSync(folder, { recursive: true });
    const whole = '{"seq":1,"at":"2026-01-01T00:00:00Z","type":"renamed","title":"one"}\n';
    fs.writeFileSync(path.join(folder, 'a.jsonl'), `${whole}{"seq":2,"at":"20`);
    const opened = await createEventLogStore(folder, { fs: rec }).open('a');
    await opened.log!.append(renamed('two'), { durable: true });
    await opened.log!.close();
    const ops = rec.only(/a\.jsonl/);
    const cut = ops.indexOf(`truncate a.jsonl ${whole.length}`);
    assert.ok(cut >= 0 && ops.indexOf('fsync a.jsonl', cut) > cut, ops.join('\n'));
    assert.ok(ops.indexOf('fsync a.jsonl', cut) < ops.indexOf('write a.jsonl'), ops.join('\n'));
  });

  it('fsyncs the folder after a delete, with the log held locked until then', async () => {
    const store = createEventLogStore(folder, { fs: rec });
    await (await store.create('a')).close();
    const from = rec.ops.length;
    await store.delete('a');
    const ops = rec.ops.slice(from).filter((op) => !op.startsWith('read') && !op.startsWith('close'));
    assert.deepEqual(ops, ['open a.lock wx', 'write a.lock', 'unlink a.jsonl', 'fsync-dir sessions', 'unlink a.lock']);
  });

  it('replaces the index only by write -> fsync(temp) -> rename -> fsync(folder)', async () => {
    const store = createEventLogStore(folder, { fs: rec });
    await store.writeIndex([{ id: 'a', title: 'A', createdAt: '' }]);
    assert.deepEqual(rec.only(/index\.json/).concat(rec.only(/fsync-dir/)), [
      'open .index.json.tmp wx',
      'write .index.json.tmp',
      'fsync .index.json.tmp',
      'close .index.json.tmp',
      'rename .index.json.tmp→index.json',
      'fsync-dir sessions',
    ]);
    assert.deepEqual(rec.ops.slice(-2), ['rename .index.json.tmp→index.json', 'fsync-dir sessions']);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(folder, 'index.json'), 'utf8')).sessions[0].id, 'a');
  });

  it('removes the temp file when an index write fails', async () => {
    const store = createEventLogStore(folder, { fs: rec });
    rec.faults.push({ match: /^fsync \.index\.json\.tmp$/, code: 'EIO' });
    await assert.rejects(store.writeIndex([]), /EIO/);
    assert.deepEqual(
      fs.readdirSync(folder).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('cuts a failed part-way write (ENOSPC) back and fsyncs before the next append; seq is not advanced', async () => {
    const store = createEventLogStore(folder, { fs: rec });
    const log = await store.create('a');
    await log.append(delta('one'), { durable: true });
    const good = fs.statSync(path.join(folder, 'a.jsonl')).size;
    rec.faults.push({ match: /^write a\.jsonl$/, code: 'ENOSPC', partialBytes: 10 });
    await assert.rejects(
      log.append(delta('lost'), { durable: true }),
      (e: Error) => e.message === 'Disk full: the last reply was not saved. Free some space and resend.',
    );
    const failedAt = rec.ops.length;
    const next = await log.append(delta('two'), { durable: true });
    assert.equal(next.seq, 2);
    await log.close();
    const after = rec.ops.slice(rec.ops.lastIndexOf('write a.jsonl', failedAt - 1) + 1);
    const cut = after.indexOf(`truncate a.jsonl ${good}`);
    assert.ok(cut >= 0, `not truncated back to ${good}:\n${after.join('\n')}`);
    assert.ok(
      after.indexOf('fsync a.jsonl') > cut && after.indexOf('fsync a.jsonl') < after.indexOf('write a.jsonl'),
      after.join('\n'),
    );
    const opened = await createEventLogStore(folder).open('a');
    assert.deepEqual(
      opened.records.map((r) => [r.seq, (r as { text?: string }).text]),
      [
        [1, 'one'],
        [2, 'two'],
      ],
    );
    assert.deepEqual(opened.recovery, { tornBytes: 0, droppedLines: 0, seqGaps: 0, seqRepeats: 0 });
    await opened.log!.close();
  });

  it('rolls back a failed datasync too, and refuses every append once the cut itself fails', async () => {
    const store = createEventLogStore(folder, { fs: rec });
    const log = await store.create('a');
    rec.faults.push({ match: /^datasync a\.jsonl$/, code: 'EIO' });
    await assert.rejects(log.append(renamed('x'), { durable: true }), /Disk error \(EIO\)/);
    assert.equal((await log.append(renamed('y'), { durable: true })).seq, 1);
    rec.faults.push(
      { match: /^write a\.jsonl$/, code: 'EFBIG', partialBytes: 5 },
      { match: /^truncate a\.jsonl/, code: 'EIO' },
    );
    await assert.rejects(log.append(renamed('z'), { durable: true }), /File too large.*could not be repaired/);
    const writes = rec.only(/^write a\.jsonl$/).length;
    await assert.rejects(log.append(renamed('w'), { durable: true }), /could not be repaired/);
    assert.equal(rec.only(/^write a\.jsonl$/).length, writes, 'nothing is written after a failed cut');
    await log.close();
    const opened = await createEventLogStore(folder).open('a');
    assert.deepEqual(
      opened.records.map((r) => (r as { title?: string }).title),
      ['y'],
    );
    assert.equal(opened.recovery.tornBytes, 5, 'the fragment is cut on the next open, never glued to');
    await opened.log!.close();
  });
});
