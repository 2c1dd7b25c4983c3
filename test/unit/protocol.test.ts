import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isHostToWebview, parseWebviewMessage } from '../../src/shared/protocol';

describe('host <-> webview protocol', () => {
  it('accepts well-formed intents', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parseWebviewMessage({ type: 'send', text: 'hi', extra: 1 }), { type: 'send', text: 'hi' });
    assert.deepEqual(parseWebviewMessage({ type: 'stop' }), { type: 'stop' });
    assert.deepEqual(parseWebviewMessage({ type: 'resend', turnId: 't2' }), { type: 'resend', turnId: 't2' });
    const takeOver = parseWebviewMessage({ type: 'takeOver', sessionId: 'other' });
    assert.deepEqual(takeOver, { type: 'takeOver' }, 'no id from the webview');
    for (const decision of ['approve', 'approve_always', 'deny'])
      assert.deepEqual(parseWebviewMessage({ type: 'decide', callId: 't1.c1', decision }), {
        type: 'decide',
        callId: 't1.c1',
        decision,
      });
    assert.deepEqual(parseWebviewMessage({ type: 'openDiff', turnId: 't1', callId: 't1.c2', path: '/etc' }), {
      type: 'openDiff',
      turnId: 't1',
      callId: 't1.c2',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'setPlanMode', on: true }), { type: 'setPlanMode', on: true });
  });
  it('drops unknown types and wrong shapes without throwing', () => {
    for (const bad of [
      undefined,
      null,
      42,
      'send',
      [],
      {},
      { type: 'rm -rf' },
      { type: 'send' },
      { type: 'send', text: 7 },
      { type: 'send', text: '   ' },
      { type: 'send', text: 'x'.repeat(1_000_001) },
      { type: 'resend' },
      { type: 'resend', turnId: {} },
      { type: '__proto__' },
      { type: 'decide', callId: 't1.c1' },
      { type: 'decide', callId: 't1.c1', decision: 'approve_everything' },
      { type: 'decide', callId: '', decision: 'approve' },
      { type: 'decide', callId: 'x'.repeat(201), decision: 'approve' },
      { type: 'decide', decision: 'deny' },
      { type: 'openDiff', turnId: 't1' },
      { type: 'openDiff', turnId: 1, callId: 'c' },
      { type: 'setPlanMode', on: 'yes' },
      { type: 'setPlanMode' },
    ]) {
      assert.equal(parseWebviewMessage(bad), undefined, JSON.stringify(bad)?.slice(0, 40));
    }
  });
  it('lets the webview check snapshots', () => {
    assert.equal(isHostToWebview({ type: 'snapshot', session: { turns: [] } }), true);
    assert.equal(isHostToWebview({ type: 'snapshot', session: null }), false);
    assert.equal(isHostToWebview({ type: 'other' }), false);
  });
});
