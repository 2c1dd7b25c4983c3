import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  estimateNextPrompt,
  MESSAGE_OVERHEAD_TOKENS,
  REPLY_PRIMING_TOKENS,
  unmeasuredReplyText,
} from '../../src/core/contextEstimate';
import { foldSession } from '../../src/core/session';
import type { SessionEvent } from '../../src/core/sessionEvents';

let seq = 0;
const ev = (e: Record<string, unknown>) =>
  ({ seq: ++seq, at: new Date(Date.UTC(2026, 0, 1)).toISOString(), ...e }) as SessionEvent;
const created = ev({
  type: 'session_created',
  sessionId: 's',
  sessionType: 'scout',
  source: 'own',
  title: 't',
  model: 'gpt-4o',
  endpointHost: 'h',
  systemPrompt: 'sys',
});

describe('estimateNextPrompt', () => {
  it('starts from the system prompt and the first message', () => {
    const e = estimateNextPrompt(
      foldSession([created]),
      { systemTokens: 10, newMessageTokens: 5, unmeasuredReplyTokens: 0 },
      'o200k_base',
    );
    assert.equal(e.systemTokens, 10 + MESSAGE_OVERHEAD_TOKENS);
    assert.equal(e.conversationTokens, REPLY_PRIMING_TOKENS + 5 + MESSAGE_OVERHEAD_TOKENS);
  });

  it('continues from the measured usage plus only the new message', () => {
    const state = foldSession([
      created,
      ev({ type: 'user_message', turnId: 't1', text: 'a' }),
      ev({
        type: 'usage_reported',
        turnId: 't1',
        usage: { promptTokens: 1000, completionTokens: 200, totalTokens: 1200 },
      }),
      ev({ type: 'turn_completed', turnId: 't1', finishReason: 'stop' }),
    ]);
    const e = estimateNextPrompt(
      state,
      { systemTokens: 10, newMessageTokens: 50, unmeasuredReplyTokens: 0 },
      'o200k_base',
    );
    assert.equal(e.systemTokens + e.conversationTokens, 1200 + 50 + MESSAGE_OVERHEAD_TOKENS);
  });

  it('adds the unmeasured reply when the endpoint sends no usage', () => {
    const state = foldSession([
      created,
      ev({
        type: 'user_message',
        turnId: 't1',
        text: 'a',
        estimate: { systemTokens: 14, conversationTokens: 100, encoding: 'o200k_base' },
      }),
      ev({ type: 'assistant_delta', turnId: 't1', text: 'reply text' }),
      ev({ type: 'turn_completed', turnId: 't1', finishReason: 'stop' }),
    ]);
    assert.equal(unmeasuredReplyText(state), 'reply text');
    const e = estimateNextPrompt(
      state,
      { systemTokens: 10, newMessageTokens: 7, unmeasuredReplyTokens: 3 },
      'o200k_base',
    );
    assert.equal(e.conversationTokens, 100 + 3 + MESSAGE_OVERHEAD_TOKENS + 7 + MESSAGE_OVERHEAD_TOKENS);
  });
});
