import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ModelError } from '../../src/core/ports';
import type { ModelClient } from '../../src/core/ports';
import { SessionService } from '../../src/core/sessionService';
import { StorageError } from '../../src/core/modelStep';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { MemoryStore } from '../support/memoryStore';
import { scriptedClient } from '../support/scriptedClient';

const counter = createTiktokenCounter(packageRanks);
const spec = {
  sessionType: 'scout' as const,
  title: 'Map it',
  model: 'gpt-4o',
  endpointHost: '127.0.0.1:1',
  systemPrompt: 'You are Scout.',
};

function service(store: MemoryStore, client: ModelClient | ModelError) {
  let n = 0;
  return new SessionService({ store, counter, newSessionId: () => `s${++n}`, clientFor: async () => client });
}

describe('SessionService', () => {
  it('persists each event before telling listeners, and folds a full turn', async () => {
    const store = new MemoryStore();
    const svc = service(
      store,
      scriptedClient([
        { kind: 'delta', text: 'Hi' },
        { kind: 'delta', text: ' there' },
        { kind: 'usage', usage: { promptTokens: 40, completionTokens: 2, totalTokens: 42 } },
        { kind: 'finish', reason: 'stop' },
      ]),
    );
    const seen: number[] = [];
    svc.onDidChange((state) => {
      const onDisk = store.logs.get(state.id)?.length ?? 0;
      assert.ok(onDisk >= state.lastSeq, `event ${state.lastSeq} told before it was stored (${onDisk} on disk)`);
      seen.push(state.lastSeq);
    });
    const created = await svc.create(spec);
    await svc.send(created.id, 'map the repo');
    const state = svc.get(created.id)!;
    assert.equal(state.turns[0].assistantText, 'Hi there');
    assert.equal(state.turns[0].status, 'done');
    assert.equal(state.turns[0].usage?.totalTokens, 42);
    assert.ok(
      state.turns[0].estimate && state.turns[0].estimate.conversationTokens > 0,
      'an estimate was recorded with the message',
    );
    assert.deepEqual(
      store.logs.get(created.id)!.map((r) => r.type),
      [
        'session_created',
        'user_message',
        'request_started',
        'assistant_delta',
        'assistant_delta',
        'usage_reported',
        'turn_completed',
      ],
    );
    assert.deepEqual(
      store.index.map((e) => e.id),
      [created.id],
    );
    assert.ok(seen.length >= 6);
    assert.equal(svc.isBusy(created.id), false);
  });

  it('marks a turn left streaming by a dead host as interrupted, on disk, and reports it', async () => {
    const store = new MemoryStore();
    const first = service(store, scriptedClient([{ kind: 'delta', text: 'partial' }]));
    const s = await first.create(spec);
    // simulate the host dying mid-stream: the log holds the message and a delta, nothing else
    store.logs
      .get(s.id)!
      .push(
        { seq: 2, at: new Date().toISOString(), type: 'user_message', turnId: 't1', text: 'q' },
        { seq: 3, at: new Date().toISOString(), type: 'assistant_delta', turnId: 't1', text: 'partial' },
      );
    const second = service(store, scriptedClient([]));
    const reports = await second.loadAll();
    assert.deepEqual(
      reports.map((r) => [r.sessionId, r.interruptedTurns]),
      [[s.id, 1]],
    );
    const turn = second.get(s.id)!.turns[0];
    assert.equal(turn.status, 'interrupted');
    assert.equal(turn.assistantText, 'partial');
    assert.equal(store.logs.get(s.id)!.at(-1)!.type, 'turn_interrupted');
  });

  it('records why a turn could not run, and classifies stream endings', async () => {
    const cases: Array<[ModelClient | ModelError, string]> = [
      [new ModelError('not_configured', 'No endpoint'), 'failed'],
      [
        scriptedClient([{ kind: 'delta', text: 'a' }, new ModelError('idle_timeout', 'silent for 60 s')]),
        'interrupted',
      ],
      [scriptedClient([{ kind: 'delta', text: 'a' }]), 'incomplete'],
      [scriptedClient([new ModelError('auth', 'check the key')]), 'failed'],
      [scriptedClient([new ModelError('context_length_exceeded', 'full')]), 'failed'],
    ];
    for (const [client, status] of cases) {
      const svc = service(new MemoryStore(), client);
      const s = await svc.create(spec);
      await svc.send(s.id, 'go');
      assert.equal(svc.get(s.id)!.turns[0].status, status);
    }
  });

  it('stops a streaming reply on request', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const client: ModelClient = {
      async *stream(request) {
        yield { kind: 'delta', text: 'first' };
        await gate;
        if (request.signal.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
        yield { kind: 'finish', reason: 'stop' };
      },
    };
    const svc = service(new MemoryStore(), client);
    const s = await svc.create(spec);
    const sending = svc.send(s.id, 'go');
    await new Promise<void>((resolve) => svc.onDidChange((st) => st.turns[0]?.assistantText === 'first' && resolve()));
    assert.equal(svc.isBusy(s.id), true);
    await assert.rejects(svc.send(s.id, 'again'), /still replying/);
    svc.stop(s.id);
    release();
    await sending;
    assert.equal(svc.get(s.id)!.turns[0].status, 'stopped');
    assert.equal(svc.get(s.id)!.turns[0].assistantText, 'first');
  });

  it('surfaces storage failures as StorageError instead of recording a model failure', async () => {
    const store = new MemoryStore();
    const svc = service(
      store,
      scriptedClient([
        { kind: 'delta', text: 'a' },
        { kind: 'finish', reason: 'stop' },
      ]),
    );
    const s = await svc.create(spec);
    store.failAppends = true;
    await assert.rejects(svc.send(s.id, 'go'), (e: unknown) => e instanceof StorageError && /ENOSPC/.test(e.message));
    assert.equal(svc.isBusy(s.id), false);
  });

  it('ends a turn whose reply could not be saved as failed (storage), so it can be resent', async () => {
    const store = new MemoryStore();
    const svc = service(
      store,
      scriptedClient([
        { kind: 'delta', text: 'a' },
        { kind: 'finish', reason: 'stop' },
      ]),
    );
    const s = await svc.create(spec);
    store.failTypes.add('assistant_delta');
    await assert.rejects(svc.send(s.id, 'go'), (e: unknown) => e instanceof StorageError && /ENOSPC/.test(e.message));
    const turn = svc.get(s.id)!.turns[0];
    assert.equal(turn.status, 'failed');
    assert.equal(turn.error?.kind, 'storage');
    assert.match(turn.error?.message ?? '', /ENOSPC/);
    assert.equal(store.logs.get(s.id)!.at(-1)?.type, 'turn_failed', 'the closing record is on disk');
  });

  it('resends an interrupted turn as a new turn and keeps the old one', async () => {
    const store = new MemoryStore();
    const svc = service(
      store,
      scriptedClient([
        { kind: 'delta', text: 'ok' },
        { kind: 'finish', reason: 'stop' },
      ]),
    );
    const s = await svc.create(spec);
    store.logs
      .get(s.id)!
      .push({ seq: 2, at: new Date().toISOString(), type: 'user_message', turnId: 't1', text: 'first question' });
    const reloaded = service(
      store,
      scriptedClient([
        { kind: 'delta', text: 'ok' },
        { kind: 'finish', reason: 'stop' },
      ]),
    );
    await reloaded.loadAll();
    await reloaded.resend(s.id, 't1');
    const turns = reloaded.get(s.id)!.turns;
    assert.deepEqual(
      turns.map((t) => [t.id, t.status, t.userText]),
      [
        ['t1', 'interrupted', 'first question'],
        ['t2', 'done', 'first question'],
      ],
    );
  });

  it('renames (rejecting empty titles) and deletes', async () => {
    const store = new MemoryStore();
    const svc = service(store, scriptedClient([]));
    const s = await svc.create(spec);
    await svc.rename(s.id, '  Better name ');
    assert.equal(svc.get(s.id)!.title, 'Better name');
    await assert.rejects(svc.rename(s.id, '   '), /cannot be empty/);
    const removed: string[] = [];
    svc.onDidRemove((id) => removed.push(id));
    await svc.delete(s.id);
    assert.equal(svc.get(s.id), undefined);
    assert.deepEqual(removed, [s.id]);
    assert.equal(store.logs.has(s.id), false);
    assert.deepEqual(store.index, []);
  });
});

describe('SessionService loading', () => {
  it('loads the other sessions when one log cannot be opened, and reports it', async () => {
    const store = new MemoryStore();
    const svc = service(store, scriptedClient([]));
    const good = await svc.create(spec);
    store.logs.set('broken', []);
    const open = store.open.bind(store);
    store.open = async (id: string) =>
      id === 'broken' ? Promise.reject(new Error('EACCES: permission denied')) : open(id);
    const fresh = service(store, scriptedClient([]));
    const reports = await fresh.loadAll();
    assert.deepEqual(
      reports.map((r) => [r.sessionId, r.error]),
      [['broken', 'EACCES: permission denied']],
    );
    assert.ok(fresh.get(good.id));
  });
});
