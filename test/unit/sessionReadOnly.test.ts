import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ModelClient, SessionStore } from '../../src/core/ports';
import { TrashUnavailableError } from '../../src/core/ports';
import { SessionService } from '../../src/core/sessionService';
import { toSessionView } from '../../src/core/sessionView';
import { readOnlyMessage } from '../../src/core/readOnly';
import { StorageError } from '../../src/core/modelStep';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { MemoryStore } from '../support/memoryStore';
import { RecordingFs } from '../support/recordingFs';
import { scriptedClient } from '../support/scriptedClient';

const counter = { count: async (text: string) => ({ tokens: Math.ceil(text.length / 4), encoding: 'o200k_base' }) };
const spec = { sessionType: 'scout' as const, title: 'Shared', model: 'gpt-4o', endpointHost: 'h', systemPrompt: '' };
const finishing = () =>
  scriptedClient([
    { kind: 'delta', text: 'ok' },
    { kind: 'finish', reason: 'stop' },
  ]);

function service(store: SessionStore, client: ModelClient = finishing()) {
  return new SessionService({ store, counter, newSessionId: () => 's1', clientFor: async () => client });
}

/** A session whose last turn is still streaming, as a live window leaves it. */
async function streamingSession(store: MemoryStore): Promise<string> {
  const s = await service(store).create(spec);
  store.logs.get(s.id)!.push({ seq: 2, at: new Date().toISOString(), type: 'user_message', turnId: 't1', text: 'q' });
  return s.id;
}

describe('SessionService with a log another window writes', () => {
  it('loads it read-only: no interrupt, no append, and every change is refused naming the window', async () => {
    const store = new MemoryStore();
    const id = await streamingSession(store);
    store.lockedBy.set(id, { pid: 4242, host: 'box' });
    const svc = service(store);
    const reports = await svc.loadAll();
    assert.deepEqual(
      reports.map((r) => [r.readOnly, r.interruptedTurns]),
      [[{ pid: 4242, host: 'box' }, 0]],
    );
    assert.equal(svc.get(id)!.turns[0].status, 'streaming');
    assert.deepEqual(svc.readOnly(id), { pid: 4242, host: 'box' });
    const message = /"Shared" is open in another VS Code window \(pid 4242 on box\); close it there to edit here\.$/;
    await assert.rejects(svc.send(id, 'hi'), message);
    await assert.rejects(svc.resend(id, 't1'), message);
    await assert.rejects(svc.rename(id, 'New'), message);
    await assert.rejects(svc.delete(id), message);
    assert.equal(store.logs.get(id)!.length, 2, 'nothing appended');
    assert.ok(store.logs.has(id));
    const gauge = { contextWindows: {}, warningPercent: 80, errorPercent: 95 };
    const view = toSessionView(svc.get(id)!, {}, gauge, false, undefined, readOnlyMessage('Shared', svc.readOnly(id)));
    assert.match(view.readOnlyReason ?? '', message, 'the tab is told why it is read-only');
  });

  it('re-reads it on the next loadAll and takes it over once the lock is free', async () => {
    const store = new MemoryStore();
    const id = await streamingSession(store);
    store.lockedBy.set(id, { pid: 4242, host: 'box' });
    const svc = service(store);
    await svc.loadAll();
    store.logs
      .get(id)!
      .push({ seq: 3, at: new Date().toISOString(), type: 'assistant_delta', turnId: 't1', text: 'more' });
    assert.deepEqual(await svc.loadAll(), [], 'a still read-only session is re-read quietly');
    assert.equal(svc.get(id)!.turns[0].assistantText, 'more');
    store.lockedBy.delete(id);
    const reports = await svc.loadAll();
    assert.deepEqual(
      reports.map((r) => r.interruptedTurns),
      [1],
    );
    assert.equal(svc.readOnly(id), undefined);
    assert.equal(svc.get(id)!.turns[0].status, 'interrupted');
    await svc.send(id, 'again');
    assert.equal(svc.get(id)!.turns[1].status, 'done');
  });

  it('forgets a read-only session the other window deleted', async () => {
    const store = new MemoryStore();
    const id = await streamingSession(store);
    store.lockedBy.set(id, { pid: 4242, host: 'box' });
    const svc = service(store);
    await svc.loadAll();
    const removed: string[] = [];
    svc.onDidRemove((r) => removed.push(r));
    store.logs.delete(id);
    await svc.loadAll();
    assert.deepEqual(removed, [id]);
    assert.equal(svc.get(id), undefined);
  });
});

describe('SessionService delete and storage errors', () => {
  it('keeps the session (writable, locked) when the trash is unavailable, and deletes permanently when asked', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-trash-'));
    try {
      const dir = path.join(root, 'sessions');
      const trashed: string[] = [];
      let trashWorks = false;
      const trash = async (file: string) => {
        if (!trashWorks) throw new TrashUnavailableError('no trash here');
        trashed.push(path.basename(file));
        fs.rmSync(file);
      };
      const svc = service(createEventLogStore(dir, { trash }));
      const s = await svc.create(spec);
      await assert.rejects(svc.delete(s.id), TrashUnavailableError);
      assert.ok(svc.get(s.id));
      assert.ok(fs.existsSync(path.join(dir, 's1.lock')), 'the lock is held again');
      await svc.rename(s.id, 'Still here');
      await svc.delete(s.id, { permanent: true });
      assert.equal(svc.get(s.id), undefined);
      assert.deepEqual(fs.readdirSync(dir), ['index.json']);
      assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')).sessions, []);
      trashWorks = true;
      const t = await svc.create(spec);
      await svc.delete(t.id);
      assert.deepEqual(trashed, ['s1.jsonl']);
      assert.deepEqual(fs.readdirSync(dir), ['index.json']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('surfaces a full disk during a reply as a StorageError in plain words, and the log stays whole', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-full-'));
    try {
      const rec = new RecordingFs();
      const store = createEventLogStore(path.join(root, 'sessions'), { fs: rec });
      const svc = service(
        store,
        scriptedClient([
          { kind: 'delta', text: 'a' },
          { kind: 'delta', text: 'b' },
          { kind: 'finish', reason: 'stop' },
        ]),
      );
      const s = await svc.create(spec);
      // the write of the second delta fails part-way (after user_message, request_started and the first delta)
      rec.faults.push({ match: /^write s1\.jsonl$/, code: 'ENOSPC', partialBytes: 7, skip: 3 });
      await assert.rejects(
        svc.send(s.id, 'go'),
        (e: unknown) =>
          e instanceof StorageError &&
          e.message ===
            'Could not save session "Shared": Disk full: the last reply was not saved. Free some space and resend.',
      );
      await svc.dispose();
      const opened = await createEventLogStore(path.join(root, 'sessions')).open('s1');
      assert.deepEqual(opened.recovery, { tornBytes: 0, droppedLines: 0, seqGaps: 0, seqRepeats: 0 });
      // the failed delta is cut back; the short closing record fitted, so the turn ends failed (storage)
      assert.deepEqual(
        opened.records.map((r) => r.type),
        ['session_created', 'user_message', 'request_started', 'assistant_delta', 'turn_failed'],
      );
      assert.deepEqual(
        opened.records.map((r) => r.seq),
        [1, 2, 3, 4, 5],
      );
      await opened.log!.close();
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
