import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldSession } from '../../src/core/session';
import type { SessionEvent, SessionEventPayload } from '../../src/core/sessionEvents';
import { rulesNote, toolsLine, toSessionView } from '../../src/core/sessionView';

function log(payloads: SessionEventPayload[]): SessionEvent[] {
  return payloads.map((p, i) => ({ ...p, seq: i + 1, at: `2026-12-02T10:00:${String(i).padStart(2, '0')}Z` }));
}

const created = (
  extra: Partial<Extract<SessionEventPayload, { type: 'session_created' }>> = {},
): SessionEventPayload => ({
  type: 'session_created',
  sessionId: 's1',
  sessionType: 'builder',
  source: 'own',
  title: 'Fix it',
  model: 'gpt-4o',
  endpointHost: 'h',
  systemPrompt: 'You are Builder.',
  schema: 2,
  root: '/w',
  ...extra,
});

const gauge = { warningPercent: 70, errorPercent: 90 };

describe('the session tab view of an agent turn', () => {
  it('shows each call with its subject, an approval card only while pending, the diff, secrets redacted', () => {
    const key = 'sk-proj-' + 'a'.repeat(40);
    const state = foldSession(
      log([
        created(),
        { type: 'user_message', turnId: 't1', text: 'go' },
        {
          type: 'tool_call_requested',
          turnId: 't1',
          callId: 't1.c1',
          name: 'edit_file',
          arguments: '{"path":"a.js","search":"x","replace":"y"}',
        },
        { type: 'tool_started', turnId: 't1', callId: 't1.c1' },
        {
          type: 'tool_result',
          turnId: 't1',
          callId: 't1.c1',
          ok: true,
          output: 'Edited a.js (+1 -1)',
          change: { path: 'a.js', created: false, diff: '-x\n+y\n', before: 'x\n' },
        },
        {
          type: 'tool_call_requested',
          turnId: 't1',
          callId: 't1.c2',
          name: 'run_command',
          arguments: JSON.stringify({ argv: ['curl', '-H', `Authorization: Bearer ${key}`, 'x'] }),
        },
        {
          type: 'approval_requested',
          turnId: 't1',
          callId: 't1.c2',
          subject: `curl ${key}`,
          reason: 'Run a command',
          key: 'k',
        },
      ]),
    );
    const view = toSessionView(state, {}, { contextWindows: {}, ...gauge }, false);
    const items = view.turns[0].items;
    assert.deepEqual(
      items.map((i) => i.kind),
      ['tool', 'tool'],
    );
    const [edit, command] = items;
    assert.ok(edit.kind === 'tool' && command.kind === 'tool');
    assert.equal(edit.subject, 'a.js');
    assert.deepEqual(edit.change, { path: 'a.js', created: false, diff: '-x\n+y\n' });
    assert.equal(edit.approval, undefined);
    assert.equal(command.status, 'awaiting_approval');
    assert.equal(command.approval?.rememberable, true);
    assert.doesNotMatch(JSON.stringify(command), /sk-proj-a{40}/, 'the key is redacted in the card');
    assert.match(command.subject, /^curl -H /);
  });

  it('says which tools a session has', () => {
    const base = (extra: SessionEventPayload[] = [], c = created()) => foldSession(log([c, ...extra]));
    assert.match(toolsLine(base()), /read, edit, validate/);
    assert.match(toolsLine(base([], created({ sessionType: 'scout' }))), /read-only/);
    assert.match(toolsLine(base([{ type: 'plan_mode_set', on: true }])), /^Plan mode/);
    assert.match(toolsLine(base([], created({ root: undefined }))), /no workspace folder/);
  });

  it('notes rules files past 2,000 tokens, and not below', () => {
    const short = foldSession(log([created({ rules: [{ path: 'AGENTS.md', text: 'Run npm test.' }] })]));
    assert.equal(rulesNote(short), undefined);
    const long = foldSession(log([created({ rules: [{ path: 'AGENTS.md', text: 'word '.repeat(3000) }] })]));
    assert.match(rulesNote(long) ?? '', /^AGENTS\.md: about 3,750 tokens.*runbook, not a manifesto/);
    const counted = foldSession(
      log([
        created({ rules: [{ path: 'AGENTS.md', text: 'word '.repeat(3000) }] }),
        {
          type: 'user_message',
          turnId: 't1',
          text: 'go',
          estimate: { systemTokens: 3100, rulesTokens: 3001, conversationTokens: 5, encoding: 'o200k_base' },
        },
      ]),
    );
    assert.match(rulesNote(counted) ?? '', /^AGENTS\.md: 3,001 tokens/);
    const view = toSessionView(counted, {}, { contextWindows: {}, ...gauge }, false);
    assert.match(view.gauge.tooltip, /of which rules files: 3,001/);
  });
});
