import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelStreamEvent } from '../../src/core/ports';
import { createOpenAIClient } from '../../src/node/openaiClient';
import { startPeer } from '../peer/openaiPeer';
import type { Peer } from '../peer/openaiPeer';

let peer: Peer;
before(async () => {
  peer = await startPeer();
});
after(async () => {
  await peer.close();
});

export async function collect(stream: AsyncIterable<ModelStreamEvent>): Promise<ModelStreamEvent[]> {
  const out: ModelStreamEvent[] = [];
  for await (const e of stream) out.push(e);
  return out;
}

const request = (signal = new AbortController().signal) => ({
  model: 'gpt-4o',
  messages: [{ role: 'user' as const, content: 'hello' }],
  signal,
});

describe('openai client: streaming through the real SDK', () => {
  it('yields the streamed text, then the provider usage exactly, then the finish reason', async () => {
    peer.enqueue({ chunks: ['Hel', 'lo', '!'], usage: { prompt: 1234, completion: 5, cached: 1000, reasoning: 2 } });
    const client = createOpenAIClient({ baseURL: peer.baseUrl, idleTimeoutMs: 5000, maxRetryWaitMs: 30_000 });
    const events = await collect(client.stream(request()));
    assert.deepEqual(events, [
      { kind: 'delta', text: 'Hel' },
      { kind: 'delta', text: 'lo' },
      { kind: 'delta', text: '!' },
      {
        kind: 'usage',
        usage: { promptTokens: 1234, completionTokens: 5, totalTokens: 1239, cachedTokens: 1000, reasoningTokens: 2 },
      },
      { kind: 'finish', reason: 'stop' },
    ]);
    const sent = peer.requests.at(-1)!;
    assert.equal(sent.body.stream, true);
    assert.deepEqual(sent.body.stream_options, { include_usage: true });
    assert.equal(sent.headers.authorization, undefined, 'no key, no Authorization header');
  });

  it('sends the API key as a Bearer token when one is set', async () => {
    peer.enqueue({ chunks: ['ok'] });
    const client = createOpenAIClient({
      baseURL: peer.baseUrl,
      apiKey: 'sk-test-123',
      idleTimeoutMs: 5000,
      maxRetryWaitMs: 30_000,
    });
    await collect(client.stream(request()));
    assert.equal(peer.requests.at(-1)!.headers.authorization, 'Bearer sk-test-123');
  });

  it('yields a tool call after the text, whole, and still finishes', async () => {
    peer.enqueue({
      chunks: ['Calling'],
      toolCalls: [{ name: 'read_file', arguments: '{"path":"src/a.ts"}' }],
      finishReason: 'tool_calls',
    });
    const client = createOpenAIClient({ baseURL: peer.baseUrl, idleTimeoutMs: 5000, maxRetryWaitMs: 30_000 });
    const events = await collect(client.stream(request()));
    assert.deepEqual(
      events.filter((e) => e.kind !== 'usage'),
      [
        { kind: 'delta', text: 'Calling' },
        { kind: 'tool_call', call: { id: 'call_0', name: 'read_file', arguments: '{"path":"src/a.ts"}' } },
        { kind: 'finish', reason: 'tool_calls' },
      ],
    );
  });

  it('stops when the caller aborts, with an AbortError', async () => {
    peer.enqueue({ chunks: ['a', 'b', 'c'], hangAfterChunks: 1 });
    const client = createOpenAIClient({ baseURL: peer.baseUrl, idleTimeoutMs: 60_000, maxRetryWaitMs: 30_000 });
    const abort = new AbortController();
    const seen: ModelStreamEvent[] = [];
    await assert.rejects(
      async () => {
        for await (const e of client.stream(request(abort.signal))) {
          seen.push(e);
          abort.abort();
        }
      },
      (e: Error) => e.name === 'AbortError',
    );
    assert.deepEqual(seen, [{ kind: 'delta', text: 'a' }]);
  });
});
