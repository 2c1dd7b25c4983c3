import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { learnedWindow, ModelFactResolver } from '../../src/core/modelFactResolver';
import { classifyHttpError } from '../../src/core/modelErrors';
import { ownCost } from '../../src/core/ownCost';
import { SessionService } from '../../src/core/sessionService';
import { computeGauge, gaugeTooltipLines } from '../../src/core/tokenMeter';
import { readEndpointInfo } from '../../src/node/endpointInfoReader';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { createOpenAIClient } from '../../src/node/openaiClient';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { errorBodies, startPeer } from '../peer/openaiPeer';
import type { Peer } from '../peer/openaiPeer';

// What replies teach a session (llama.cpp's n_ctx in its context-full error, OpenRouter's usage.cost) goes
// through the real SDK into the real event log, and is still known after the log is read back.
let peer: Peer;
let folder: string;
before(async () => {
  peer = await startPeer();
  folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-learned-'));
});
after(async () => {
  await peer.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

const counter = createTiktokenCounter(packageRanks);
const thresholds = { warningPercent: 70, errorPercent: 90 };

function service(dir: string) {
  const log: string[] = [];
  const client = createOpenAIClient({
    baseURL: peer.baseUrl,
    idleTimeoutMs: 5000,
    maxRetryWaitMs: 0,
    log: (l) => log.push(l),
  });
  let n = 0;
  const svc = new SessionService({
    store: createEventLogStore(dir),
    counter,
    newSessionId: () => `s${++n}`,
    clientFor: async () => client,
  });
  return { svc, log };
}

const spec = (model: string) => ({
  sessionType: 'scout' as const,
  title: 'Learn',
  model,
  endpointHost: '127.0.0.1',
  systemPrompt: 'sys',
});

describe('what a reply teaches a session', () => {
  it('llama.cpp’s context overflow: context full, its n_ctx becomes the window (beating /props) and survives a reload', async () => {
    const dir = path.join(folder, 'overflow');
    const first = service(dir);
    const created = await first.svc.create(spec('qwen2.5-coder'));
    const before = peer.requests.length;
    peer.enqueue({ status: 400, errorBody: errorBodies.llamaCppContextSize });
    await first.svc.send(created.id, 'a long prompt');
    assert.equal(peer.requests.length - before, 1, 'not retried');
    const turn = first.svc.get(created.id)!.turns[0];
    assert.equal(turn.status, 'failed');
    assert.equal(turn.error?.kind, 'context_length_exceeded');
    assert.match(
      turn.error!.message,
      /context is full: the request has 9,000 tokens and the endpoint's window is 4,096/,
    );
    assert.doesNotMatch(turn.error!.message, /refused the request/);
    await first.svc.dispose();

    const second = service(dir);
    await second.svc.loadAll();
    const state = second.svc.get(created.id)!;
    assert.equal(state.learnedWindow?.tokens, 4096, 'read back from the failure event on disk');
    peer.setModelInfo({ kind: 'llamacpp', model: 'qwen2.5-coder', window: 8192 });
    const logLines: string[] = [];
    const resolver = new ModelFactResolver({
      endpoint: (baseUrl, model) => readEndpointInfo({ baseUrl, model, log: (l) => logLines.push(l) }),
      dataset: async () => ({}),
      log: (l) => logLines.push(l),
    });
    const query = { model: state.model, endpoint: peer.baseUrl };
    const none = { contextWindows: {}, prices: {} };
    resolver.resolve(query, none, learnedWindow(state));
    await resolver.settled();
    const facts = resolver.resolve(query, none, learnedWindow(state));
    assert.equal(facts.window?.tokens, 4096, 'the reply’s n_ctx wins over the endpoint’s /props');
    const tooltip = gaugeTooltipLines(computeGauge(state, facts.window, thresholds), state).join('\n');
    assert.match(tooltip, /Window from a reply \(n_ctx in the endpoint's context-full error of /);
    assert.equal(resolver.resolve(query, none).window?.tokens, 8192, 'without it, the endpoint’s word');
    peer.setModelInfo(undefined);
    await second.svc.dispose();
  });

  it('OpenRouter’s usage.cost is kept with the reply and wins over the price for it, across a reload', async () => {
    const dir = path.join(folder, 'cost');
    const first = service(dir);
    const created = await first.svc.create(spec('openai/gpt-4o'));
    peer.enqueue(
      { chunks: ['one'], usage: { prompt: 1000, completion: 100 }, usageExtra: { cost: 0.00123, is_byok: false } },
      { chunks: ['two'], usage: { prompt: 2000, completion: 100 } },
      // BYOK: OpenRouter's fee plus what the user's own provider key was charged
      {
        chunks: ['three'],
        usage: { prompt: 10, completion: 10 },
        usageExtra: { cost: 0.0001, is_byok: true, cost_details: { upstream_inference_cost: 0.002 } },
      },
      { chunks: ['four'], usage: { prompt: 10, completion: 10 }, usageExtra: { cost: 'free' } },
    );
    for (const text of ['a', 'b', 'c', 'd']) await first.svc.send(created.id, text);
    await first.svc.dispose();
    const second = service(dir);
    await second.svc.loadAll();
    const state = second.svc.get(created.id)!;
    assert.deepEqual(
      state.turns.map((t) => t.usage?.costUsd),
      [0.00123, undefined, 0.0021, undefined],
      'a cost that is not a number is not kept',
    );
    const price = {
      price: { input: 2.5, output: 10 },
      source: { kind: 'endpoint' as const, detail: '/models pricing' },
    };
    const cost = ownCost(state, price);
    assert.equal(cost.reported, 2);
    assert.equal(cost.priced, 2);
    const computed = (2000 * 2.5 + 100 * 10 + 10 * 2.5 + 10 * 10) / 1e6;
    assert.ok(Math.abs(cost.usd - (0.00123 + 0.0021 + computed)) < 1e-12, String(cost.usd));
    const line = gaugeTooltipLines(computeGauge(state, undefined, thresholds), state, price).at(-1)!;
    assert.match(
      line,
      /^Cost: \$0\.0095 \(2 replies reported by the endpoint \(usage\.cost\); 2 replies at the price from the endpoint \(\/models pricing\)\)$/,
    );
    const noPrice = gaugeTooltipLines(computeGauge(state, undefined, thresholds), state).at(-1)!;
    assert.match(noPrice, /^Cost: at least \$0\.0033 .*2 replies without a cost: no price for "openai\/gpt-4o"/);
    await second.svc.dispose();
  });

  it('an overflow body whose numbers are not numbers is still context full, but teaches no window', () => {
    const error = { ...errorBodies.llamaCppContextSize.error, n_ctx: '4096', n_prompt_tokens: -3 };
    const c = classifyHttpError(
      { status: 400, headers: {}, body: error, message: `400 ${error.message}` },
      { maxRetryWaitMs: 0 },
    );
    assert.equal(c.kind, 'context_length_exceeded');
    assert.equal(c.facts, undefined);
    const terse = { type: 'exceed_context_size_error', message: 'n/a', n_ctx: null };
    const byType = classifyHttpError(
      { status: 400, headers: {}, body: terse, message: '400 n/a' },
      { maxRetryWaitMs: 0 },
    );
    assert.equal(byType.kind, 'context_length_exceeded', 'the type alone says context full');
    const good = classifyHttpError(
      {
        status: 400,
        headers: {},
        body: { ...errorBodies.llamaCppContextSize.error, n_prompt_tokens: undefined },
        message: '400',
      },
      { maxRetryWaitMs: 0 },
    );
    assert.deepEqual(good.facts, { contextWindow: 4096 });
    assert.match(good.message, /^The context is full: the endpoint's window is 4,096 tokens \(its n_ctx\)\./);
  });
});
