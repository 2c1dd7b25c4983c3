import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Budget } from '../../src/core/budget';
import type { PriceFact } from '../../src/core/modelFacts';
import type { ChatRequest, ModelClient, ModelStreamEvent } from '../../src/core/ports';
import { foldSession } from '../../src/core/session';
import { SessionService } from '../../src/core/sessionService';
import type { AgentTools } from '../../src/core/toolStep';
import { toolCalls } from '../../src/core/turnItems';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { call, finish, repliesClient, toolsDouble } from '../support/agentDoubles';
import { MemoryStore } from '../support/memoryStore';

const counter = createTiktokenCounter(packageRanks);
const text = (t: string): ModelStreamEvent => ({ kind: 'delta', text: t });
const read = (path: string) => [call('read_file', { path }), finish()];
const write = (path: string, content = 'x') => [call('write_file', { path, content }), finish()];
const answer = (t = 'Done.') => [text(t), finish('stop')];

interface Setup {
  replies: ModelStreamEvent[][];
  budget?: Budget;
  tools?: AgentTools;
  now?: () => number;
  price?: PriceFact;
  sessionType?: 'builder' | 'scout';
}

async function run(setup: Setup, task = 'do it') {
  const requests: ChatRequest[] = [];
  const client: ModelClient = repliesClient(setup.replies, requests);
  const store = new MemoryStore();
  const tools = setup.tools ?? toolsDouble([]).tools;
  const svc = new SessionService({
    store,
    counter,
    newSessionId: () => 's1',
    clientFor: async () => client,
    toolsFor: () => tools,
    now: setup.now,
    priceFor: () => setup.price,
  });
  await svc.create({
    sessionType: setup.sessionType ?? 'builder',
    title: 'T',
    model: 'gpt-4o',
    endpointHost: 'h',
    systemPrompt: 'role',
    root: '/w',
    budget: setup.budget,
  });
  await svc.send('s1', task);
  const turn = () => svc.get('s1')!.turns[svc.get('s1')!.turns.length - 1];
  const types = () => store.logs.get('s1')!.map((r) => r.type);
  return { svc, requests, store, turn, types };
}

describe('budget limits, enforced by the runner', () => {
  it('stops at the tool-call limit with the limit on disk, and goes on once the user raises it', async () => {
    const { svc, turn, requests, store } = await run({
      budget: { maxToolCalls: 2 },
      replies: [read('a'), read('b'), read('c'), answer()],
    });
    assert.equal(turn().status, 'halted');
    assert.deepEqual(turn().halt?.limit, { key: 'maxToolCalls', value: 2, used: 3 });
    assert.deepEqual(
      toolCalls(turn().items).map((c) => c.status),
      ['done', 'done', 'refused'],
    );
    assert.match(turn().halt!.message, /this would be tool call 3 \(Tool calls: 3, the limit is 2\)\. Raise/);
    // the stop reads back from the log the same way
    const reread = foldSession(store.logs.get('s1')!);
    assert.deepEqual(reread.turns[0].halt, turn().halt);
    await assert.rejects(svc.raiseAndContinue('s1', turn().id, 'maxToolCalls', 2), /at least 3/);
    const sent = requests.length;
    await svc.raiseAndContinue('s1', turn().id, 'maxToolCalls', 3);
    assert.equal(turn().status, 'done');
    assert.equal(svc.get('s1')!.budget.maxToolCalls, 3);
    const last = JSON.stringify(requests[sent].messages);
    assert.match(last, /The user raised the limit \(Tool calls: 3\)/);
  });

  it('stops the same call with the same arguments the third time in a row (key order aside)', async () => {
    const same = (args: unknown) => [call('read_file', args), finish()];
    const { turn } = await run({
      replies: [
        same({ path: 'a', startLine: 1 }),
        same({ startLine: 1, path: 'a' }),
        same({ path: 'a', startLine: 1 }),
      ],
    });
    assert.equal(turn().status, 'halted');
    assert.deepEqual(turn().halt?.limit, { key: 'maxRepeats', value: 3, used: 3 });
    assert.deepEqual(
      toolCalls(turn().items).map((c) => c.status),
      ['done', 'done', 'refused'],
    );
  });

  it('refuses the edit of one file too many and stops, suggesting a Planner session', async () => {
    const { turn, store } = await run({
      budget: { maxChangedFiles: 1 },
      replies: [write('a.js'), write('a.js', 'y'), write('b.js'), answer()],
      tools: toolsDouble([0, 0, 0]).tools,
    });
    assert.equal(turn().status, 'halted');
    assert.deepEqual(turn().halt?.limit, { key: 'maxChangedFiles', value: 1, used: 2 });
    assert.match(turn().halt!.message, /b\.js.*Planner session/);
    assert.ok(
      !store.logs.get('s1')!.some((r) => r.type === 'tool_started' && r.callId === toolCalls(turn().items)[2].callId),
    );
  });

  it('stops before a validation run past the limit', async () => {
    const { turn } = await run({
      budget: { maxValidationRuns: 1 },
      replies: [write('a.js'), write('a.js', 'y'), answer()],
      tools: toolsDouble([1, 0]).tools,
    });
    assert.equal(turn().status, 'halted');
    assert.deepEqual(turn().halt?.limit, { key: 'maxValidationRuns', value: 1, used: 2 });
    assert.equal(turn().items.filter((i) => i.kind === 'validation').length, 1);
  });

  it('refuses and stops a run_validation call past the limit', async () => {
    const validate = [call('run_validation', {}), finish()];
    const { turn } = await run({
      budget: { maxValidationRuns: 1 },
      replies: [validate, validate, answer()],
      tools: toolsDouble([1, 1]).tools,
    });
    assert.equal(turn().status, 'halted');
    assert.deepEqual(turn().halt?.limit, { key: 'maxValidationRuns', value: 1, used: 2 });
    assert.deepEqual(
      toolCalls(turn().items).map((c) => c.status),
      ['failed', 'refused'],
    );
  });

  it('stops on the wall clock, which does not count an approval wait', async () => {
    let now = Date.now();
    const clock = () => now;
    const { turn, requests } = await run({
      budget: { maxMinutes: 1 },
      now: clock,
      replies: [read('a'), answer()],
      tools: (() => {
        const t = toolsDouble([]).tools;
        const inner = t.files.run;
        t.files.run = async (c, s) => {
          now += 2 * 60_000; // the read takes two minutes
          return inner(c, s);
        };
        return t;
      })(),
    });
    assert.equal(turn().status, 'halted');
    assert.equal(turn().halt?.limit?.key, 'maxMinutes');
    assert.equal(requests.length, 1, 'the second request was not sent');
  });

  it('does not send a request whose reserve passes the token limit', async () => {
    const { turn, requests, types } = await run({ budget: { maxTokens: 100 }, replies: [answer()] });
    assert.equal(requests.length, 0);
    assert.equal(turn().halt?.limit?.key, 'maxTokens');
    assert.ok(!types().includes('request_started'));
  });

  it('fails closed on a US$ limit with no known price, and holds to a priced one with the reply reserved', async () => {
    const unpriced = await run({ budget: { maxCostUsd: 1 }, replies: [answer()] });
    assert.equal(unpriced.requests.length, 0);
    assert.match(unpriced.turn().halt!.message, /no known price.*cannot be checked/);
    assert.equal(unpriced.turn().halt?.limit, undefined, 'nothing to raise: the limit cannot be checked');
    // $10 / $30 per million: the first request is reserved at well under a cent, the second passes $0.00001
    const price: PriceFact = { price: { input: 10, output: 30 }, source: { kind: 'settings' } };
    const priced = await run({ budget: { maxCostUsd: 0.05 }, price, replies: [answer('One.')] });
    assert.equal(priced.turn().status, 'done');
    const started = priced.store.logs.get('s1')!.find((r) => r.type === 'request_started') as { reservedUsd?: number };
    assert.ok(started.reservedUsd! > 0.03 && started.reservedUsd! < 0.05, `reserved ${started.reservedUsd}`);
    const tight = await run({ budget: { maxCostUsd: 0.02 }, price, replies: [answer()] });
    assert.equal(tight.requests.length, 0, 'the reply alone is reserved at 1024 tokens × $30 per million');
    assert.equal(tight.turn().halt?.limit?.key, 'maxCostUsd');
  });

  it('a task budget block: refuses reads outside the scope until a failing validation names the file', async () => {
    const tools = toolsDouble([]).tools;
    tools.commands.run = async (argv) => ({
      argv,
      exitCode: 1,
      timedOut: false,
      output: 'FAIL at /w/lib/money.js:12:3\n',
      truncated: false,
      durationMs: 1,
    });
    const task = 'Fix it.\n\nContext budget:\n- Read only billing/ first.\n- Be kind.\n';
    const { turn, svc } = await run(
      {
        tools,
        replies: [read('lib/money.js'), read('billing/a.js'), write('billing/a.js'), read('lib/money.js'), answer()],
      },
      task,
    );
    const [outside, inside, , named] = toolCalls(turn().items);
    assert.equal(outside.status, 'refused');
    assert.match(outside.output ?? '', /outside this session's read scope \(billing\/\)/);
    assert.equal(inside.status, 'done');
    assert.equal(named.status, 'done', 'the failing validation named lib/money.js');
    assert.deepEqual(svc.get('s1')!.budget.readScope, ['billing/']);
    assert.deepEqual(svc.get('s1')!.budgetNotes, ['Not enforced (advice to the model only): Be kind.']);
  });

  it('refuses a write before the N-bullet summary, and lets it run after', async () => {
    const { turn } = await run(
      {
        replies: [
          write('a.js'),
          [text('Findings:\n- one\n- two\n'), call('write_file', { path: 'a.js', content: 'y' }), finish()],
          answer(),
        ],
        tools: toolsDouble([0]).tools,
      },
      'Fix.\nContext budget:\n- Summarize findings in 2 bullets before editing.\n',
    );
    const [early, later] = toolCalls(turn().items);
    assert.equal(early.status, 'refused');
    assert.match(early.output ?? '', /summary of your findings in 2 bullets/);
    assert.equal(later.status, 'done');
  });
});

describe('the turn clock', () => {
  it('runs from the message, pauses while an approval waits and after a stop, and runs again on resume', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
    const t = { turnId: 't1' };
    const events = [
      { type: 'user_message', ...t, text: 'go' },
      { type: 'tool_call_requested', ...t, callId: 'c', name: 'run_command', arguments: '{}' },
      { type: 'approval_requested', ...t, callId: 'c', subject: 's', reason: 'r', key: '' },
      { type: 'approval_granted', ...t, callId: 'c', remember: false },
      { type: 'guard_tripped', ...t, guard: 'maxMinutes', message: 'm' },
      { type: 'turn_resumed', ...t, reason: 'raised' },
    ];
    const seconds = [0, 10, 20, 620, 650, 2000];
    const state = foldSession(events.map((e, i) => ({ ...e, seq: i + 1, at: at(seconds[i]) })) as never);
    const clock = state.turns[0].clock;
    // 20 s to the approval, 30 s after it, then running again since 2000 s
    assert.deepEqual(clock, { runMs: 50_000, since: at(2000) });
  });
});
