import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelStreamEvent } from '../../src/core/ports';
import { ModelError } from '../../src/core/ports';
import { createOpenAIClient } from '../../src/node/openaiClient';
import { MAX_REDIRECTS, originFetch } from '../../src/node/originFetch';
import { startPeer } from '../peer/openaiPeer';
import type { Peer } from '../peer/openaiPeer';

// Two loopback servers on different ports: different origins, as an endpoint and a host it points to.
let endpoint: Peer;
let elsewhere: Peer;
before(async () => {
  [endpoint, elsewhere] = await Promise.all([startPeer(), startPeer()]);
});
after(async () => {
  await Promise.all([endpoint.close(), elsewhere.close()]);
});

async function turn(prompt = 'the secret plan') {
  const log: string[] = [];
  const client = createOpenAIClient({
    baseURL: endpoint.baseUrl,
    apiKey: 'sk-bound-key',
    idleTimeoutMs: 5000,
    maxRetryWaitMs: 30_000,
    log: (l) => log.push(l),
  });
  const events: ModelStreamEvent[] = [];
  try {
    for await (const e of client.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: prompt }],
      signal: new AbortController().signal,
    })) {
      events.push(e);
    }
    return { events, error: undefined, log };
  } catch (error) {
    return { events, error: error as ModelError, log };
  }
}

describe('openai client: redirects', () => {
  for (const status of [307, 308, 302]) {
    it(`a ${status} to another origin is not followed: nothing reaches it, and the turn names the target`, async () => {
      const target = `${elsewhere.baseUrl}/chat/completions?token=abc`;
      endpoint.enqueue({ status, headers: { location: target } });
      const before = elsewhere.received();
      const r = await turn();
      assert.ok(r.error instanceof ModelError, String(r.error));
      assert.equal(r.error.kind, 'redirect');
      assert.equal(
        r.error.message,
        `The endpoint redirected to ${elsewhere.baseUrl}/chat/completions; redirects to another origin` +
          ' are not followed. If you trust it, set the endpoint to that address.',
      );
      assert.equal(elsewhere.received(), before, 'no request (no key, no prompt) went to the other origin');
      assert.deepEqual(r.log, [`model request failed (redirect): ${r.error.message}`]);
      assert.equal(r.events.length, 0);
    });
  }

  it('a 307 to the same origin is followed with the same method, body and key', async () => {
    const next = endpoint.baseUrl.replace(/\/v1$/, '/moved/v1/chat/completions');
    endpoint.enqueue({ status: 307, headers: { location: next } }, { chunks: ['moved ', 'fine'] });
    const before = endpoint.requests.length;
    const r = await turn('follow me');
    assert.equal(r.error, undefined);
    assert.deepEqual(
      r.events.filter((e) => e.kind === 'delta').map((e) => (e as { text: string }).text),
      ['moved ', 'fine'],
    );
    const [first, second] = endpoint.requests.slice(before);
    assert.equal(endpoint.requests.length - before, 2);
    assert.deepEqual(second.body, first.body);
    assert.equal((second.body.messages as Array<{ content: string }>)[0].content, 'follow me');
    assert.equal(second.headers.authorization, 'Bearer sk-bound-key');
  });

  it(`stops after ${MAX_REDIRECTS} same-origin hops`, async () => {
    const self = `${endpoint.baseUrl}/chat/completions`;
    endpoint.enqueue(
      ...Array.from({ length: MAX_REDIRECTS + 1 }, () => ({ status: 308, headers: { location: self } })),
    );
    const before = endpoint.requests.length;
    const r = await turn();
    assert.equal(r.error?.kind, 'redirect');
    assert.match(r.error!.message, /more than 5 times/);
    assert.equal(endpoint.requests.length - before, MAX_REDIRECTS + 1);
  });

  it('refuses a request that does not start at the bound origin', async () => {
    const fetchFor = originFetch(new URL(endpoint.baseUrl).origin);
    const before = elsewhere.received();
    await assert.rejects(fetchFor(`${elsewhere.baseUrl}/models`), (e: ModelError) => e.kind === 'redirect');
    assert.equal(elsewhere.received(), before);
  });
});
