import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { contextOf } from '../../src/core/contextOf';
import { recoveryEvents } from '../../src/core/crashRecovery';
import { judgeRecord, KNOWN_EVENT_TYPES } from '../../src/core/eventGuards';
import { nextWork } from '../../src/core/nextWork';
import { checkPlan } from '../../src/core/planShape';
import { foldSession } from '../../src/core/session';
import type { SessionEvent, SessionEventPayload } from '../../src/core/sessionEvents';

function log(payloads: SessionEventPayload[]): SessionEvent[] {
  return payloads.map((p, i) => ({ ...p, seq: i + 1, at: `2026-12-02T10:00:${String(i).padStart(2, '0')}Z` }));
}

const created: SessionEventPayload = {
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
  rules: [{ path: 'AGENTS.md', text: 'Run npm test.' }],
};

const toolTurn: SessionEventPayload[] = [
  created,
  { type: 'user_message', turnId: 't1', text: 'fix the test' },
  { type: 'assistant_delta', turnId: 't1', text: 'Reading. ' },
  { type: 'tool_call_requested', turnId: 't1', callId: 't1.c1', name: 'read_file', arguments: '{"path":"a.js"}' },
  { type: 'tool_call_requested', turnId: 't1', callId: 't1.c2', name: 'nope', arguments: '{}' },
  { type: 'tool_started', turnId: 't1', callId: 't1.c1' },
  { type: 'tool_result', turnId: 't1', callId: 't1.c1', ok: true, output: 'let a = 1;' },
  { type: 'tool_call_refused', turnId: 't1', callId: 't1.c2', reason: 'there is no tool "nope"' },
  { type: 'assistant_delta', turnId: 't1', text: 'Done.' },
  { type: 'turn_completed', turnId: 't1', finishReason: 'stop' },
];

describe('the agent fold', () => {
  it('keeps a turn as items and builds the request from the context fold, rules first', () => {
    const state = foldSession(log(toolTurn));
    const turn = state.turns[0];
    assert.deepEqual(
      turn.items.map((i) => i.kind),
      ['text', 'tool', 'tool', 'text'],
    );
    assert.equal(turn.assistantText, 'Reading. Done.');
    const messages = contextOf(state);
    assert.deepEqual(
      messages.map((m) => m.role),
      ['system', 'user', 'assistant', 'tool', 'tool', 'assistant'],
    );
    const system = messages[0].content;
    assert.ok(system.indexOf('Run npm test.') < system.indexOf('You are Builder.'), 'the rules file comes first');
    const assistant = messages[2];
    assert.ok(assistant.role === 'assistant' && assistant.toolCalls?.length === 2);
    assert.deepEqual(
      messages.slice(3, 5).map((m) => (m.role === 'tool' ? m.toolCallId : '')),
      ['t1.c1', 't1.c2'],
    );
    assert.match(messages[4].content, /^Not run: there is no tool "nope"/);
  });

  it('answers a call the turn never ran, so the request stays valid', () => {
    const cut = toolTurn.slice(0, 6); // c1 started, c2 requested, then the host died
    const state = foldSession(log([...cut, ...recoveryEvents(foldSession(log(cut)))]));
    assert.equal(state.turns[0].status, 'interrupted');
    const call = state.turns[0].items.find((i) => i.kind === 'tool' && i.callId === 't1.c1');
    assert.equal(call?.kind === 'tool' && call.status, 'lost');
    assert.match(state.turns[0].error?.message ?? '', /read_file \(t1\.c1\) was running; it was not run again/);
    const tools = contextOf(state).filter((m) => m.role === 'tool');
    assert.equal(tools.length, 2, 'every call of the assistant message has an answer');
    assert.match(tools[0].content, /not run again/);
    assert.match(tools[1].content, /Not run: the turn ended/);
  });

  it('leaves a pending approval pending after a crash, and remembers "allow for this session"', () => {
    const pending = log([
      created,
      { type: 'user_message', turnId: 't1', text: 'run it' },
      { type: 'tool_call_requested', turnId: 't1', callId: 't1.c1', name: 'run_command', arguments: '{"argv":["ls"]}' },
      {
        type: 'approval_requested',
        turnId: 't1',
        callId: 't1.c1',
        subject: 'ls',
        reason: 'Run a command',
        key: '["ls"]',
      },
    ]);
    const state = foldSession(pending);
    assert.equal(state.turns[0].status, 'awaiting_approval');
    assert.deepEqual(recoveryEvents(state), [], 'nothing is appended: the approval stays pending');
    assert.deepEqual(nextWork(state.turns[0], { validation: true }), { kind: 'wait' });
    const granted = foldSession([
      ...pending,
      { type: 'approval_granted', turnId: 't1', callId: 't1.c1', remember: true, seq: 5, at: 'x' },
    ]);
    assert.equal(granted.turns[0].status, 'streaming');
    assert.deepEqual(granted.allowed, ['["ls"]']);
    assert.equal(nextWork(granted.turns[0], { validation: true }).kind, 'run');
  });

  it('asks for validation after a change set, and counts failures', () => {
    const changed = log([
      created,
      { type: 'user_message', turnId: 't1', text: 'fix' },
      { type: 'tool_call_requested', turnId: 't1', callId: 't1.c1', name: 'write_file', arguments: '{}' },
      { type: 'tool_started', turnId: 't1', callId: 't1.c1' },
      {
        type: 'tool_result',
        turnId: 't1',
        callId: 't1.c1',
        ok: true,
        output: 'wrote a.js',
        change: { path: 'a.js', created: true, diff: '+x' },
      },
    ]);
    const state = foldSession(changed);
    assert.equal(nextWork(state.turns[0], { validation: true }).kind, 'validate');
    assert.equal(nextWork(state.turns[0], { validation: false }).kind, 'continue');
    const failed = foldSession([
      ...changed,
      {
        type: 'validation_run',
        turnId: 't1',
        ok: false,
        steps: [{ argv: ['npm', 'test'], exitCode: 1, timedOut: false, durationMs: 5 }],
        failureOutput: 'FAIL a.test.js',
        seq: 6,
        at: 'x',
      },
    ]);
    assert.equal(failed.turns[0].validationFailures, 1);
    assert.equal(nextWork(failed.turns[0], { validation: true }).kind, 'continue');
    const runner = contextOf(failed).at(-1);
    assert.equal(runner?.role, 'user');
    assert.match(
      runner?.content ?? '',
      /Validation failed: `npm test` exited with 1 \(the first failure only\)\.\nFAIL/,
    );
  });

  it('checks every stored record against its type: a bad one is counted, not folded', () => {
    const records = log(toolTurn);
    (records[6] as unknown as Record<string, unknown>).ok = 'yes';
    assert.equal(judgeRecord(records[6]), 'invalid');
    assert.equal(judgeRecord({ seq: 1, at: 'x', type: 'from_the_future' }), 'unknown');
    const state = foldSession(records);
    assert.equal(state.invalidRecords, 1);
    assert.ok(KNOWN_EVENT_TYPES.includes('tool_started') && KNOWN_EVENT_TYPES.includes('session_created'));
  });
});

describe('the plan shape', () => {
  const plan = [
    '## Root cause',
    'The parser drops the last line.',
    '## Files expected to change',
    '- src/parse.ts',
    '**Invariants:** records stay in order',
    '### Risks',
    'Windows line endings.',
    'Validation:',
    '`npm test`',
  ].join('\n');

  it('finds the five parts under markdown, bold and colon headings', () => {
    const check = checkPlan(plan);
    assert.ok(check.ok);
    assert.equal(check.plan.files, '- src/parse.ts');
    assert.equal(check.plan.invariants, 'records stay in order');
    assert.equal(check.plan.validation, '`npm test`');
  });

  it('names the parts that are missing or empty', () => {
    const check = checkPlan(plan.replace('Windows line endings.', '').replace('## Root cause', '## Summary'));
    assert.deepEqual(check.ok ? [] : check.missing, ['Root cause', 'Risks']);
  });
});
