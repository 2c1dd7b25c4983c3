import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { editedBudget } from '../../src/core/budget';
import { haltView, toBudgetView } from '../../src/core/budgetView';
import type { SessionState, Turn } from '../../src/core/session';
import { emptySession } from '../../src/core/session';
import { parseWebviewMessage } from '../../src/shared/protocol';
import { toolShareLine } from '../../src/core/toolShare';

const turn = (over: Partial<Turn>): Turn => ({ id: 't1', status: 'done', items: [], ...over }) as unknown as Turn;
const session = (over: Partial<SessionState>): SessionState => ({ ...emptySession(), ...over });

describe('the budget in the session tab', () => {
  it('says when a Reviewer runs on the Builder model, and not otherwise', () => {
    const reviewer = session({ sessionType: 'reviewer', model: 'gpt-4o' });
    const same = toBudgetView(reviewer, { now: 0, builderModel: 'gpt-4o' });
    assert.equal(same.notes.length, 1);
    assert.match(same.notes[0], /runs on the Builder's model \(gpt-4o\).*agentSessions\.models\.reviewer/);
    assert.deepEqual(toBudgetView(reviewer, { now: 0, builderModel: 'gpt-4.1-mini' }).notes, []);
    assert.deepEqual(
      toBudgetView({ ...reviewer, sessionType: 'builder' }, { now: 0, builderModel: 'gpt-4o' }).notes,
      [],
    );
  });

  it('shows one meter per set limit; a US$ cap without a price reads "?" and says the next request stops', () => {
    const view = toBudgetView(session({ model: 'local', budget: { maxToolCalls: 10, maxCostUsd: 1 } }), { now: 0 });
    assert.deepEqual(
      view.meters.map((m) => [m.key, m.text]),
      [
        ['maxToolCalls', '0 / 10'],
        ['maxCostUsd', '? / $1.00'],
      ],
    );
    assert.match(view.meters[1].detail, /no known price: the next request stops/);
  });

  it('offers Raise on the last stop of a limit, and the escalation model only after two failed rounds', () => {
    const limit = { key: 'maxToolCalls' as const, value: 2, used: 3 };
    const halted = turn({ status: 'halted', halt: { guard: 'tool_calls', message: 'stop', limit } } as Partial<Turn>);
    assert.equal(haltView(halted, true, { now: 0 }, 'm')?.raise?.key, 'maxToolCalls');
    assert.ok((haltView(halted, true, { now: 0 }, 'm')?.raise?.to ?? 0) > 3);
    assert.equal(haltView(halted, false, { now: 0 }, 'm')?.raise, undefined, 'an older stop has no button');
    const twice = turn({ status: 'halted', halt: { guard: 'validation_failed_twice', message: 'x' } } as Partial<Turn>);
    assert.deepEqual(haltView(twice, true, { now: 0, escalationModel: 'big' }, 'm')?.escalate, { model: 'big' });
    assert.equal(haltView(twice, true, { now: 0, escalationModel: 'm' }, 'm')?.escalate, undefined, 'same model');
    assert.equal(haltView(twice, true, { now: 0 }, 'm')?.escalate, undefined, 'none set');
  });
});

describe('the tool-output share line', () => {
  it('names the exact characters under 1k and rounds to k above', () => {
    const withTool = (output: string) =>
      toolShareLine(
        session({
          turns: [turn({ status: 'done' })],
          context: [
            { kind: 'user', turnId: 't1', text: 'read it' },
            { kind: 'assistant', turnId: 't1', text: '', calls: [{ id: 'c1', name: 'read_file', arguments: '{}' }] },
            { kind: 'tool_result', turnId: 't1', callId: 'c1', text: output },
          ],
        }),
      );
    assert.match(withTool('x'.repeat(76)) ?? '', /\(76 characters\)$/);
    assert.match(withTool('x'.repeat(12_400)) ?? '', /\(12k characters\)$/);
  });
});

describe('the budget form and the new tab messages', () => {
  it('setBudget: any finite number or null per known limit passes the protocol; the host drops invalid values by name', () => {
    const msg = parseWebviewMessage({
      type: 'setBudget',
      limits: { maxToolCalls: 5, maxRepeats: 1, maxMinutes: null },
    });
    assert.deepEqual(msg, { type: 'setBudget', limits: { maxToolCalls: 5, maxRepeats: 1, maxMinutes: null } });
    assert.equal(parseWebviewMessage({ type: 'setBudget', limits: { maxWhatever: 5 } }), undefined);
    assert.equal(parseWebviewMessage({ type: 'setBudget', limits: { maxToolCalls: 'many' } }), undefined);
    assert.equal(parseWebviewMessage({ type: 'setBudget', limits: {}, readScope: 'src/' }), undefined);
    const edit = editedBudget({ maxMinutes: 30 }, { maxToolCalls: 5, maxRepeats: 1, maxMinutes: null });
    assert.deepEqual(edit.budget, { maxToolCalls: 5 });
    assert.deepEqual(edit.dropped, ['maxRepeats 1'], 'a repeat limit of 1 would stop every call');
  });

  it('openToolOutput and openSession carry only an id', () => {
    assert.deepEqual(parseWebviewMessage({ type: 'openToolOutput', id: 't1.c2', file: '/etc/passwd' }), {
      type: 'openToolOutput',
      id: 't1.c2',
    });
    assert.deepEqual(parseWebviewMessage({ type: 'openSession', sessionId: 's2' }), {
      type: 'openSession',
      sessionId: 's2',
    });
    assert.equal(parseWebviewMessage({ type: 'openToolOutput', id: '' }), undefined);
    assert.equal(parseWebviewMessage({ type: 'openSession', sessionId: 3 }), undefined);
  });
});
