import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelStreamEvent } from '../../src/core/ports';
import { ModelError } from '../../src/core/ports';
import { createOpenAIClient } from '../../src/node/openaiClient';
import { errorBodies, startPeer } from '../peer/openaiPeer';
import type { Peer } from '../peer/openaiPeer';

let peer: Peer;
before(async () => {
  peer = await startPeer();
});
after(async () => {
  await peer.close();
});

/** Records the waits the client asks for and returns at once: the retry logic is tested, not the clock. */
function recordingSleep() {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

async function run(idleTimeoutMs = 5000) {
  const { waits, sleep } = recordingSleep();
  const log: string[] = [];
  const client = createOpenAIClient({
    baseURL: peer.baseUrl,
    idleTimeoutMs,
    maxRetryWaitMs: 30_000,
    sleep,
    log: (l) => log.push(l),
  });
  const events: ModelStreamEvent[] = [];
  const before = peer.requests.length;
  let error: unknown;
  try {
    for await (const e of client.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      signal: new AbortController().signal,
    }))
      events.push(e);
  } catch (e) {
    error = e;
  }
  return { events, error: error as ModelError | undefined, waits, requests: peer.requests.length - before, log };
}

describe('openai client: faults', () => {
  it('429 with Retry-After: 2 waits 2 s and retries', async () => {
    peer.enqueue(
      { status: 429, headers: { 'retry-after': '2' }, errorBody: errorBodies.rateLimited },
      { chunks: ['ok'] },
    );
    const r = await run();
    assert.equal(r.error, undefined);
    assert.deepEqual(r.waits, [2000]);
    assert.equal(r.events[0].kind, 'retry');
    assert.equal((r.events[0] as { delayMs: number }).delayMs, 2000);
    assert.deepEqual(
      r.events.filter((e) => e.kind === 'delta'),
      [{ kind: 'delta', text: 'ok' }],
    );
    assert.equal(r.requests, 2);
  });

  it('429 with Retry-After: 86400 does not sleep and says so', async () => {
    peer.enqueue({ status: 429, headers: { 'retry-after': '86400' }, errorBody: errorBodies.rateLimited });
    const r = await run();
    assert.equal(r.error?.kind, 'quota');
    assert.match(r.error!.message, /wait 24 h/);
    assert.deepEqual(r.waits, []);
    assert.equal(r.requests, 1);
  });

  it('429 with a quota message is reported, not retried', async () => {
    peer.enqueue({ status: 429, errorBody: errorBodies.quota });
    const r = await run();
    assert.equal(r.error?.kind, 'quota');
    assert.equal(r.requests, 1);
  });

  for (const status of [401, 403]) {
    it(`${status} is an auth error naming the command, never retried`, async () => {
      peer.enqueue({ status, errorBody: errorBodies.invalidKey });
      const r = await run();
      assert.equal(r.error?.kind, 'auth');
      assert.match(r.error!.message, /Agent Sessions: Set API Key/);
      assert.equal(r.requests, 1);
    });
  }

  it('500 then success retries with backoff', async () => {
    peer.enqueue({ status: 500, errorBody: errorBodies.server }, { chunks: ['fine'] });
    const r = await run();
    assert.equal(r.error, undefined);
    assert.deepEqual(r.waits, [1000]);
    assert.equal(r.requests, 2);
  });

  it('headers then silence ends in an idle timeout', async () => {
    peer.enqueue({ hangAfterHeaders: true });
    const r = await run(300);
    assert.equal(r.error?.kind, 'idle_timeout');
    assert.equal(r.requests, 1, 'silence is not retried');
    assert.deepEqual(r.log, [`model request failed (idle_timeout): ${r.error!.message}`]);
  });

  it('silence after some text keeps the partial text and ends in an idle timeout', async () => {
    peer.enqueue({ chunks: ['partial ', 'text', 'never'], hangAfterChunks: 2 });
    const r = await run(300);
    assert.deepEqual(r.events, [
      { kind: 'delta', text: 'partial ' },
      { kind: 'delta', text: 'text' },
    ]);
    assert.equal(r.error?.kind, 'idle_timeout');
  });

  it('a stream without finish_reason is incomplete, never finished', async () => {
    peer.enqueue({ chunks: ['a', 'b'], omitFinishReason: true });
    const r = await run();
    assert.equal(r.error?.kind, 'incomplete');
    assert.equal(
      r.events.some((e) => e.kind === 'finish'),
      false,
    );
  });

  it('a body cut mid-stream keeps the text before the cut', async () => {
    peer.enqueue({ chunks: ['one ', 'two ', 'three'], cutAfterChunks: 2 });
    const r = await run();
    assert.deepEqual(
      r.events.filter((e) => e.kind === 'delta').map((e) => (e as { text: string }).text),
      ['one ', 'two '],
    );
    assert.ok(r.error instanceof ModelError);
    assert.ok(['incomplete', 'network'].includes(r.error.kind), r.error.kind);
  });

  it('a malformed SSE line fails the turn with a clear message', async () => {
    peer.enqueue({ chunks: ['a', 'b'], malformedLine: true });
    const r = await run();
    assert.equal(r.error?.kind, 'server');
    assert.match(r.error!.message, /malformed/);
  });

  for (const [name, body] of [
    ['OpenAI', errorBodies.openaiContextLength],
    ['an Anthropic-compatible proxy', errorBodies.anthropicProxyContextLength],
    ['vLLM', errorBodies.vllmContextLength],
  ] as const) {
    it(`context_length_exceeded in the wording of ${name} says the context is full`, async () => {
      peer.enqueue({ status: 400, errorBody: body });
      const r = await run();
      assert.equal(r.error?.kind, 'context_length_exceeded');
      assert.match(r.error!.message, /context is full/);
      assert.equal(r.requests, 1);
    });
  }
});
