import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EndpointFacts } from '../../src/core/endpointInfo/endpointFacts';
import type { PriceFact, WindowFact } from '../../src/core/modelFacts';
import type { ResolvedFacts } from '../../src/core/modelFactResolver';
import { learnedWindow, ModelFactResolver } from '../../src/core/modelFactResolver';
import { foldSession } from '../../src/core/session';
import type { SessionEvent } from '../../src/core/sessionEvents';

const win = (tokens: number, kind: 'endpoint' | 'dataset'): WindowFact => ({ tokens, source: { kind, detail: kind } });
const price = (input: number, kind: 'endpoint' | 'dataset'): PriceFact => ({
  price: { input, output: input * 4 },
  source: { kind, detail: kind },
});

function setup(endpointSays: EndpointFacts, datasetSays: ResolvedFacts) {
  const calls = { endpoint: [] as string[], dataset: [] as string[] };
  const log: string[] = [];
  const resolver = new ModelFactResolver({
    endpoint: async (baseUrl, model) => (calls.endpoint.push(`${baseUrl} ${model}`), endpointSays),
    dataset: async (model, hint) => (calls.dataset.push(`${model} ${hint.apiUrl}`), datasetSays),
    log: (l) => log.push(l),
  });
  return { resolver, calls, log };
}

const none = { contextWindows: {}, prices: {} };
const query = { model: 'm', endpoint: 'http://127.0.0.1:1/v1' };

async function resolved(r: ModelFactResolver, overrides = none, learned?: WindowFact, q = query) {
  r.resolve(q, overrides, learned);
  await r.settled();
  return r.resolve(q, overrides, learned);
}

describe('the order of a window’s and a price’s sources', () => {
  it('settings > a reply > the endpoint > the dataset > unknown', async () => {
    const t = setup({ window: win(8192, 'endpoint'), price: price(1, 'endpoint') }, { window: win(4096, 'dataset') });
    const settings = { contextWindows: { M: 1000 }, prices: { m: { input: 9, output: 9 } } };
    const reply: WindowFact = { tokens: 2048, source: { kind: 'reply', detail: 'n_ctx' } };
    assert.equal((await resolved(t.resolver, settings, reply)).window?.tokens, 1000);
    assert.equal((await resolved(t.resolver, settings, reply)).price?.source.kind, 'settings');
    assert.equal((await resolved(t.resolver, none, reply)).window?.tokens, 2048);
    const endpoint = await resolved(t.resolver);
    assert.equal(endpoint.window?.tokens, 8192);
    assert.equal(endpoint.price?.price.input, 1);
    const noEndpoint = await resolved(t.resolver, none, undefined, { ...query, endpoint: '' });
    assert.equal(noEndpoint.window?.tokens, 4096);
    assert.equal(noEndpoint.price, undefined, 'no price anywhere: none, never a guess');
    const unknown = setup({}, {});
    assert.deepEqual(await resolved(unknown.resolver), {});
  });

  it('asks the endpoint once per (endpoint, model) and the dataset only for what the endpoint left out', async () => {
    const t = setup({ window: win(8192, 'endpoint') }, { window: win(4096, 'dataset'), price: price(2, 'dataset') });
    const facts = await resolved(t.resolver);
    assert.equal(facts.window?.tokens, 8192, 'the endpoint’s window beats the dataset’s');
    assert.equal(facts.price?.source.kind, 'dataset', 'the dataset fills in the price');
    await resolved(t.resolver);
    await resolved(t.resolver, none, undefined, { ...query, model: 'other' });
    assert.deepEqual(t.calls.endpoint, ['http://127.0.0.1:1/v1 m', 'http://127.0.0.1:1/v1 other']);
    assert.deepEqual(t.calls.dataset, ['m http://127.0.0.1:1/v1', 'other http://127.0.0.1:1/v1']);
    const full = setup({ window: win(8192, 'endpoint'), price: price(1, 'endpoint') }, {});
    await resolved(full.resolver);
    assert.deepEqual(full.calls.dataset, [], 'the dataset is not loaded when the endpoint said it all');
    const set = setup({}, {});
    await resolved(set.resolver, { contextWindows: { m: 5 }, prices: { m: { input: 1, output: 1 } } });
    assert.deepEqual([set.calls.endpoint, set.calls.dataset], [[], []], 'settings say it all: nothing is read');
  });

  it('tells listeners when a read lands, and asks the endpoint again after forgetEndpoints', async () => {
    const t = setup({ window: win(8192, 'endpoint') }, {});
    let changes = 0;
    t.resolver.onDidChange(() => changes++);
    assert.deepEqual(t.resolver.resolve(query, none), {}, 'unknown until the read lands');
    await t.resolver.settled();
    assert.equal(changes, 2, 'the endpoint read, then the dataset read for the price');
    t.resolver.forgetEndpoints();
    await resolved(t.resolver);
    assert.equal(t.calls.endpoint.length, 2);
  });

  it('a dataset that throws is one log line and no facts, never an exception; the next resolve asks again', async () => {
    const log: string[] = [];
    let running = false;
    const resolver = new ModelFactResolver({
      endpoint: async () => ({}),
      dataset: async () => {
        if (!running) throw new Error('the transcript worker is not running');
        return { window: win(4096, 'dataset') };
      },
      log: (l) => log.push(l),
    });
    assert.deepEqual(await resolved(resolver), {});
    assert.deepEqual(await resolved(resolver), {});
    assert.deepEqual(log, ['model facts: the transcript worker is not running'], 'said once');
    await resolver.settled(); // the read the last resolve started fails too
    running = true; // the worker was started again
    assert.equal((await resolved(resolver)).window?.tokens, 4096);
  });

  it('a setting that is not a positive number, or a price without input and output, is ignored', async () => {
    const t = setup({}, { window: win(4096, 'dataset') });
    const bad = { contextWindows: { m: -1 }, prices: { m: { input: 1 } as never } };
    const facts = await resolved(t.resolver, bad);
    assert.equal(facts.window?.tokens, 4096);
    assert.equal(facts.price, undefined);
  });

  it('the window a reply taught the session comes from its fold', () => {
    const at = '2026-03-01T10:20:30.000Z';
    const state = foldSession([
      {
        seq: 1,
        at,
        type: 'session_created',
        sessionId: 's',
        sessionType: 'scout',
        source: 'own',
        title: 't',
        model: 'm',
        endpointHost: 'h',
        systemPrompt: '',
      },
      { seq: 2, at, type: 'user_message', turnId: 't1', text: 'x' },
      {
        seq: 3,
        at,
        type: 'turn_failed',
        turnId: 't1',
        kind: 'context_length_exceeded',
        message: 'full',
        contextWindow: 4096,
      },
    ] as SessionEvent[]);
    assert.deepEqual(learnedWindow(state), {
      tokens: 4096,
      source: { kind: 'reply', detail: "n_ctx in the endpoint's context-full error of 2026-03-01 10:20" },
    });
  });
});
