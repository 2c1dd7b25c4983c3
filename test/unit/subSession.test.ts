import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest, ModelStreamEvent } from '../../src/core/ports';
import { foldSession } from '../../src/core/session';
import { SessionService } from '../../src/core/sessionService';
import type { NewSession, SessionServiceDeps } from '../../src/core/sessionService';
import { recoveryEvents } from '../../src/core/crashRecovery';
import type { SessionEvent } from '../../src/core/sessionEvents';
import type { PriceFact } from '../../src/core/modelFacts';
import { toolCalls } from '../../src/core/turnItems';
import { costSpent, tokensSpent } from '../../src/core/guards/budgetUse';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { finish, repliesClient, toolsDouble } from '../support/agentDoubles';
import { MemoryStore } from '../support/memoryStore';

const counter = createTiktokenCounter(packageRanks);
const callEv = (id: string, name: string, args: unknown): ModelStreamEvent => ({
  kind: 'tool_call',
  call: { id, name, arguments: JSON.stringify(args) },
});
const text = (t: string): ModelStreamEvent => ({ kind: 'delta', text: t });

const QUESTION = 'Where is the price rounded?\nContext budget:\n- Read only other/ first.';

interface Extra {
  scoutSpec?: () => NewSession;
  priceFor?: SessionServiceDeps['priceFor'];
}

function setup(parentReplies: ModelStreamEvent[][], scoutReplies: ModelStreamEvent[][], extra: Extra = {}) {
  const parentRequests: ChatRequest[] = [];
  const scoutRequests: ChatRequest[] = [];
  const parentClient = repliesClient(parentReplies, parentRequests);
  const scoutClient = repliesClient(scoutReplies, scoutRequests);
  const store = new MemoryStore();
  let n = 0;
  const reads: string[] = [];
  const { tools } = toolsDouble([]);
  tools.files.run = async (c) => {
    if (c.name === 'read_file') reads.push(c.args.path);
    return { ok: true, output: `text of ${'path' in c.args ? c.args.path : ''}: ROUND_HALF_EVEN on line 12` };
  };
  const scoutSpec = (_parent: unknown, question: string): NewSession => ({
    sessionType: 'scout',
    title: `Scout: ${question.split('\n')[0]}`,
    model: 'scout-model',
    endpointHost: 'h',
    systemPrompt: '',
    root: '/elsewhere', // what the settings say is overridden: the Scout works in the parent's folder
    budget: { maxToolCalls: 10 },
  });
  const svc = new SessionService({
    store,
    counter,
    newSessionId: () => `s${++n}`,
    clientFor: async (state) => (state.parent ? scoutClient : parentClient),
    toolsFor: (state) => ({ ...tools, root: state.root ?? '' }),
    scoutSpec: extra.scoutSpec ?? scoutSpec,
    priceFor: extra.priceFor,
  });
  return { svc, store, parentRequests, scoutRequests, reads };
}

describe('ask_scout: a sub-session that returns only its conclusion', () => {
  it('runs a fresh Scout in its own log under the parent, inside the parent read scope; only the answer comes back', async () => {
    const { svc, store, parentRequests, scoutRequests, reads } = setup(
      [
        [callEv('p1', 'ask_scout', { question: QUESTION }), finish()],
        [text('Thanks.'), finish('stop')],
      ],
      [
        [callEv('c1', 'read_file', { path: 'other/x.js' }), finish()],
        [callEv('c2', 'read_file', { path: 'src/price.js' }), finish()],
        [text('Reading on.'), callEv('c3', 'list_dir', { path: 'src' }), finish()],
        [text('It is rounded in src/price.js line 12 (ROUND_HALF_EVEN).'), finish('stop')],
      ],
    );
    await svc.create({
      sessionType: 'builder',
      title: 'Fix',
      model: 'builder-model',
      endpointHost: 'h',
      systemPrompt: 'role',
      root: '/w',
      budget: { readScope: ['src/'] },
    });
    await svc.send('s1', 'Fix the rounding');
    const parent = svc.get('s1')!;
    const child = svc.get('s2')!;
    assert.equal(parent.turns[0].status, 'done');
    // the child: a Scout with its own log, linked to the asking call, in the parent's folder and scope
    assert.equal(child.sessionType, 'scout');
    assert.deepEqual(child.parent, { sessionId: 's1', callId: 't1.c1', readScope: ['src/'] });
    assert.equal(child.root, '/w');
    assert.equal(child.model, 'scout-model');
    assert.deepEqual(child.budget.readScope, ['src/'], "the question's budget block did not widen the scope");
    assert.deepEqual(reads, ['src/price.js'], 'the read outside the inherited scope was refused');
    assert.equal(toolCalls(child.turns[0].items)[0].status, 'refused');
    assert.ok(!scoutRequests[0].tools?.some((t) => t.name === 'ask_scout'), 'a Scout cannot ask a Scout');
    assert.ok(store.logs.get('s2')!.length > 5);
    // the parent's next request holds the Scout's final answer and nothing of its reads
    const next = JSON.stringify(parentRequests[1].messages);
    assert.equal(
      parentRequests[1].messages.at(-1)!.content,
      'It is rounded in src/price.js line 12 (ROUND_HALF_EVEN).',
    );
    assert.ok(!next.includes('text of src/price.js') && !next.includes('Reading on.'));
    const call = toolCalls(parent.turns[0].items)[0];
    assert.equal(call.status, 'done');
    // on disk: the link survives a reload
    const reread = foldSession(store.logs.get('s2')!);
    assert.deepEqual(reread.parent, child.parent);
    const result = store.logs.get('s1')!.find((r) => r.type === 'tool_result') as { subSession?: string };
    assert.equal(result.subSession, 's2');
  });

  it('says why when the Scout gives no answer, and the parent goes on', async () => {
    const { svc, parentRequests } = setup(
      [
        [callEv('p1', 'ask_scout', { question: 'Where?' }), finish()],
        [text('I will look myself.'), finish('stop')],
      ],
      Array.from({ length: 12 }, (_, i) => [callEv(`c${i}`, 'list_dir', { path: `src/d${i}` }), finish()]),
    );
    await svc.create({
      sessionType: 'planner',
      title: 'P',
      model: 'm',
      endpointHost: 'h',
      systemPrompt: '',
      root: '/w',
    });
    await svc.send('s1', 'Plan it');
    assert.equal(svc.get('s2')!.turns[0].status, 'halted');
    assert.match(parentRequests[1].messages.at(-1)!.content, /^The Scout session gave no answer: .*Tool calls/);
    assert.equal(svc.get('s1')!.turns[0].status, 'done');
  });

  it("counts the Scout's tokens in the parent's budget, and gives the Scout no more than the parent has left", async () => {
    const { svc, store } = setup(
      [
        [callEv('p1', 'ask_scout', { question: 'Where?' }), finish()],
        [text('Done.'), finish('stop')],
      ],
      [
        [callEv('c1', 'read_file', { path: 'src/a.js' }), finish()],
        [text('In src/a.js.'), finish('stop')],
      ],
    );
    await svc.create({
      sessionType: 'builder',
      title: 'B',
      model: 'm',
      endpointHost: 'h',
      systemPrompt: '',
      root: '/w',
      budget: { maxTokens: 50_000 },
    });
    await svc.send('s1', 'Fix it');
    const parent = svc.get('s1')!;
    const child = svc.get('s2')!;
    const childTokens = tokensSpent(child);
    assert.ok(childTokens > 0);
    const call = toolCalls(parent.turns[0].items)[0];
    assert.deepEqual(call.subSpend, { tokens: childTokens }, 'no price: tokens only');
    assert.equal(parent.spend.subTokens, childTokens);
    const own = tokensSpent({ ...parent, spend: { ...parent.spend, subTokens: 0 } });
    assert.equal(tokensSpent(parent), own + childTokens, "the parent's token limit counts the Scout's tokens");
    assert.ok(child.budget.maxTokens! < 50_000 && child.budget.maxTokens! > 40_000, `${child.budget.maxTokens}`);
    assert.equal(tokensSpent(foldSession(store.logs.get('s1')!)), tokensSpent(parent), 'the same after a reload');
  });

  it('stopping the asking turn stops the Scout, and the asking turn ends stopped', async () => {
    const parentRequests: ChatRequest[] = [];
    const parentClient = repliesClient([[callEv('p1', 'ask_scout', { question: 'Where?' }), finish()]], parentRequests);
    let scoutStarted!: () => void;
    const started = new Promise<void>((resolve) => (scoutStarted = resolve));
    const scoutClient = {
      async *stream(request: ChatRequest): AsyncIterable<ModelStreamEvent> {
        yield text('Looking');
        scoutStarted();
        await new Promise((resolve) => request.signal?.addEventListener('abort', resolve, { once: true }));
      },
    };
    let n = 0;
    const svc = new SessionService({
      store: new MemoryStore(),
      counter,
      newSessionId: () => `s${++n}`,
      clientFor: async (state) => (state.parent ? scoutClient : parentClient),
      toolsFor: (state) => ({ ...toolsDouble([]).tools, root: state.root ?? '' }),
      scoutSpec: () => ({ sessionType: 'scout', title: 'S', model: 'm', endpointHost: 'h', systemPrompt: '' }),
    });
    await svc.create({
      sessionType: 'builder',
      title: 'B',
      model: 'm',
      endpointHost: 'h',
      systemPrompt: '',
      root: '/w',
    });
    const sending = svc.send('s1', 'Fix it');
    await started;
    svc.stop('s1');
    await sending;
    assert.equal(svc.get('s2')!.turns[0].status, 'stopped');
    assert.equal(svc.get('s1')!.turns[0].status, 'stopped');
    assert.match(toolCalls(svc.get('s1')!.turns[0].items)[0].output ?? '', /gave no answer/);
  });

  const builder = (budget = {}) => ({
    sessionType: 'builder' as const,
    title: 'B',
    model: 'builder-model',
    endpointHost: 'h',
    systemPrompt: '',
    root: '/w',
    budget,
  });
  const ask = [callEv('p1', 'ask_scout', { question: 'Where?' }), finish()];

  it('a Scout whose creation fails: the call fails with why, the asking turn goes on', async () => {
    const { svc, parentRequests } = setup([ask, [text('Fine.'), finish('stop')]], [], {
      scoutSpec: () => {
        throw new Error('ENOSPC: no space left on device');
      },
    });
    await svc.create(builder());
    await svc.send('s1', 'Fix it');
    assert.equal(svc.get('s1')!.turns[0].status, 'done');
    assert.equal(
      parentRequests[1].messages.at(-1)!.content,
      'The Scout session could not start: ENOSPC: no space left on device',
    );
    assert.equal(svc.get('s2'), undefined);
  });

  it('no Scout starts when the asking session has nothing left, and the Scout gets at most what is left', async () => {
    const used = setup([ask, [text('Fine.'), finish('stop')]], []);
    await used.svc.create(builder({ maxToolCalls: 1 }));
    await used.svc.send('s1', 'Fix it');
    assert.equal(used.svc.get('s2'), undefined, 'no session was created');
    assert.match(used.parentRequests[1].messages.at(-1)!.content, /^No Scout was started: .*no tool calls left/);
    const some = setup([ask, [text('Fine.'), finish('stop')]], [[text('Here.'), finish('stop')]], {});
    await some.svc.create(builder({ maxToolCalls: 4, maxMinutes: 5 }));
    await some.svc.send('s1', 'Fix it');
    const child = some.svc.get('s2')!;
    assert.equal(child.budget.maxToolCalls, 3, "the Scout's 10 capped at the 3 the parent has left");
    assert.ok(child.budget.maxMinutes! <= 5 && child.budget.maxMinutes! > 4.9);
  });

  it('fail-closed on US$ through a Scout: under a cap an unpriced Scout stops before it spends; its unknown cost is unknown in the asking session', async () => {
    const price: PriceFact = { price: { input: 1, output: 1 }, source: { kind: 'settings' } };
    const priceFor = (state: { model: string }) => (state.model === 'builder-model' ? price : undefined);
    const capped = setup([ask, [text('Fine.'), finish('stop')]], [[text('Here.'), finish('stop')]], { priceFor });
    await capped.svc.create(builder({ maxCostUsd: 5 }));
    await capped.svc.send('s1', 'Fix it');
    assert.match(capped.svc.get('s2')!.turns[0].halt!.message, /no known price/);
    assert.deepEqual(toolCalls(capped.svc.get('s1')!.turns[0].items)[0].subSpend, { tokens: 0, usd: 0 });
    assert.match(
      capped.parentRequests[1].messages.at(-1)!.content,
      /^The Scout session gave no answer: .*no known price/,
    );
    // no cap: the Scout runs unpriced, and the asking session's US$ is unknown from then on
    const open = setup([ask, [text('Fine.'), finish('stop')]], [[text('Here.'), finish('stop')]], { priceFor });
    await open.svc.create(builder());
    await open.svc.send('s1', 'Fix it');
    const parent = open.svc.get('s1')!;
    assert.equal(toolCalls(parent.turns[0].items)[0].subSpend?.usd, undefined);
    assert.equal(costSpent(parent, price).known, false, 'a cap set now would stop the next request');
  });

  it("a sub-session's read scope holds from its first record, before its budget_set is on disk", () => {
    const created = {
      type: 'session_created',
      seq: 1,
      at: '2026-12-04T00:00:00Z',
      sessionId: 's2',
      sessionType: 'scout',
      source: 'own',
      title: 'S',
      model: 'm',
      endpointHost: 'h',
      systemPrompt: '',
      schema: 2,
      root: '/w',
      parent: { sessionId: 's1', callId: 't1.c1', readScope: ['src/'] },
    } as unknown as SessionEvent;
    assert.deepEqual(foldSession([created]).budget.readScope, ['src/']);
  });

  it('after a crash while a Scout answered, the lost call says where its work is', () => {
    const state = foldSession([
      {
        type: 'session_created',
        seq: 1,
        at: 'a',
        sessionId: 's1',
        sessionType: 'builder',
        source: 'own',
        title: 'B',
        model: 'm',
        endpointHost: 'h',
        systemPrompt: '',
        schema: 2,
        root: '/w',
      },
      { type: 'user_message', seq: 2, at: 'a', turnId: 't1', text: 'x' },
      {
        type: 'tool_call_requested',
        seq: 3,
        at: 'a',
        turnId: 't1',
        callId: 't1.c1',
        name: 'ask_scout',
        arguments: '{}',
      },
      { type: 'tool_started', seq: 4, at: 'a', turnId: 't1', callId: 't1.c1' },
    ] as unknown as SessionEvent[]);
    const lost = recoveryEvents(state).find((e) => e.type === 'tool_lost') as { message: string };
    assert.match(lost.message, /the Scout was answering; its partial work is in its own session/);
  });
});
