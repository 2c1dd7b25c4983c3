import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldSession, streamingTurn } from '../../src/core/session';
import type { SessionEvent, UnknownRecord } from '../../src/core/sessionEvents';

let seq = 0;
const ev = (e: Record<string, unknown>) =>
  ({ seq: ++seq, at: new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString(), ...e }) as SessionEvent;

describe('session reducer', () => {
  const created = ev({
    type: 'session_created',
    sessionId: 's1',
    sessionType: 'planner',
    source: 'own',
    title: 'Plan it',
    model: 'gpt-4o',
    endpointHost: 'h',
    systemPrompt: 's',
  });

  it('folds a streamed turn into text and status', () => {
    const state = foldSession([
      created,
      ev({ type: 'user_message', turnId: 't1', text: 'hello' }),
      ev({ type: 'assistant_delta', turnId: 't1', text: 'Hel' }),
      ev({ type: 'assistant_delta', turnId: 't1', text: 'lo!' }),
      ev({ type: 'turn_completed', turnId: 't1', finishReason: 'stop' }),
    ]);
    assert.equal(state.id, 's1');
    assert.equal(state.sessionType, 'planner');
    assert.equal(state.turns.length, 1);
    assert.equal(state.turns[0].assistantText, 'Hello!');
    assert.equal(state.turns[0].status, 'done');
    assert.equal(streamingTurn(state), undefined);
  });

  it('leaves a turn streaming when the log ends mid-reply, keeping the partial text', () => {
    const state = foldSession([
      created,
      ev({ type: 'user_message', turnId: 't1', text: 'q' }),
      ev({ type: 'assistant_delta', turnId: 't1', text: 'part' }),
    ]);
    assert.equal(streamingTurn(state)?.assistantText, 'part');
    const after = foldSession([
      created,
      ev({ type: 'user_message', turnId: 't1', text: 'q' }),
      ev({ type: 'assistant_delta', turnId: 't1', text: 'part' }),
      ev({ type: 'turn_interrupted', turnId: 't1', reason: 'host_died', message: 'VS Code stopped' }),
    ]);
    assert.equal(after.turns[0].status, 'interrupted');
    assert.equal(after.turns[0].assistantText, 'part');
  });

  it('checks what it reads back: a reported cost that is not a sane number, or a bad window, is dropped', () => {
    const usage = (costUsd: unknown) => ({ promptTokens: 10, completionTokens: 2, totalTokens: 12, costUsd });
    const state = foldSession([
      created,
      ...['0.5', -1, 1e9, null, 0.25].flatMap((cost, i) => [
        ev({ type: 'user_message', turnId: `t${i}`, text: 'q' }),
        ev({ type: 'usage_reported', turnId: `t${i}`, usage: usage(cost) }),
      ]),
      ev({ type: 'turn_failed', turnId: 't4', kind: 'context_length_exceeded', message: 'full', contextWindow: 4096 }),
      ev({ type: 'user_message', turnId: 't5', text: 'q' }),
      ev({
        type: 'turn_failed',
        turnId: 't5',
        kind: 'context_length_exceeded',
        message: 'full',
        contextWindow: '8192',
      }),
    ]);
    assert.deepEqual(
      state.turns.map((t) => t.usage?.costUsd),
      [undefined, undefined, undefined, undefined, 0.25, undefined],
    );
    assert.equal(state.turns[0].usage?.promptTokens, 10, 'the rest of the usage is kept');
    assert.equal(state.learnedWindow?.tokens, 4096, 'a window that is not a count leaves the learnt one');
  });

  it('counts and ignores records of unknown types, and renames', () => {
    const unknown: UnknownRecord = {
      seq: ++seq,
      at: new Date().toISOString(),
      type: 'tool_call_v9',
      payload: { x: 1 },
    };
    const state = foldSession([created, unknown, ev({ type: 'renamed', title: 'New name' })]);
    assert.equal(state.unknownRecords, 1);
    assert.equal(state.title, 'New name');
    assert.equal(state.lastSeq, seq);
  });

  it('distinguishes failed, stopped and incomplete turns', () => {
    const state = foldSession([
      created,
      ev({ type: 'user_message', turnId: 't1', text: 'a' }),
      ev({ type: 'turn_failed', turnId: 't1', kind: 'auth', message: 'check key' }),
      ev({ type: 'user_message', turnId: 't2', text: 'b' }),
      ev({ type: 'turn_stopped', turnId: 't2' }),
      ev({ type: 'user_message', turnId: 't3', text: 'c' }),
      ev({ type: 'turn_interrupted', turnId: 't3', reason: 'incomplete_stream', message: 'no finish' }),
    ]);
    assert.deepEqual(
      state.turns.map((t) => t.status),
      ['failed', 'stopped', 'incomplete'],
    );
    assert.equal(state.turns[0].error?.kind, 'auth');
  });
});
