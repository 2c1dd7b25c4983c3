import { describe, it, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { describeSource } from '../../src/core/modelFacts';
import { readEndpointInfo } from '../../src/node/endpointInfoReader';
import { startPeer } from '../peer/openaiPeer';
import type { ModelInfoScript, Peer } from '../peer/openaiPeer';

// Each server kind answered by the loopback peer with that server's response shapes, read through the real
// fetch and the origin guard: the right window (and price) comes back, named by where it came from.
let peer: Peer;
before(async () => {
  peer = await startPeer();
});
after(async () => {
  await peer.close();
});
beforeEach(() => {
  peer.modelInfoRequests.length = 0;
});

async function read(script: ModelInfoScript, apiKey?: string) {
  peer.setModelInfo(script);
  const log: string[] = [];
  const facts = await readEndpointInfo({ baseUrl: peer.baseUrl, model: script.model, apiKey, log: (l) => log.push(l) });
  return { facts, log, paths: peer.modelInfoRequests.map((r) => `${r.method} ${r.path}`) };
}

const window = (facts: Awaited<ReturnType<typeof read>>['facts']) =>
  facts.window && {
    tokens: facts.window.tokens,
    from: describeSource(facts.window.source, 'agentSessions.contextWindows'),
  };

describe('the endpoint’s own word, per server kind', () => {
  it('vLLM: max_model_len from /v1/models, nothing else asked', async () => {
    const r = await read({ kind: 'vllm', model: 'Qwen/Qwen3-8B', window: 32_768 });
    assert.deepEqual(window(r.facts), { tokens: 32_768, from: 'from the endpoint (vLLM /v1/models max_model_len)' });
    assert.equal(r.facts.price, undefined);
    assert.deepEqual(r.paths, ['GET /v1/models']);
    assert.equal(r.log.length, 1);
    assert.match(r.log[0], /window 32,768 \(vLLM \/v1\/models max_model_len\)/);
  });

  it('OpenRouter: context_length, max_completion_tokens and pricing (USD per token) from the models list', async () => {
    const r = await read({
      kind: 'openrouter',
      model: 'anthropic/claude-opus-4.6',
      window: 1_000_000,
      maxOutput: 128_000,
      price: { input: 0.000005, output: 0.000025, cacheRead: 0.0000001, cacheWrite: 0.00000625 },
    });
    assert.deepEqual(window(r.facts), { tokens: 1_000_000, from: 'from the endpoint (/models context_length)' });
    assert.equal(r.facts.window?.maxOutput, 128_000);
    assert.deepEqual(r.facts.price?.price, { input: 5, output: 25, cacheRead: 0.1, cacheWrite: 6.25 });
    assert.deepEqual(r.facts.price?.source, { kind: 'endpoint', detail: '/models pricing' });
    assert.deepEqual(r.paths, ['GET /v1/models']);
  });

  it('llama.cpp: the slot’s n_ctx from /props at the server root (not the model’s n_ctx_train)', async () => {
    const r = await read({ kind: 'llamacpp', model: 'qwen2.5-coder-1.5b', window: 8192 });
    assert.deepEqual(window(r.facts), { tokens: 8192, from: 'from the endpoint (llama.cpp /props n_ctx)' });
    assert.deepEqual(r.paths, ['GET /v1/models', 'GET /props']);
  });

  it('LiteLLM: max_input_tokens and costs from /v1/model/info of the proxy that named itself', async () => {
    const r = await read({
      kind: 'litellm',
      model: 'team-gpt',
      window: 128_000,
      maxOutput: 16_384,
      price: { input: 0.0000025, output: 0.00001, cacheRead: 0.00000125 },
    });
    assert.deepEqual(window(r.facts), {
      tokens: 128_000,
      from: 'from the endpoint (LiteLLM /model/info max_input_tokens)',
    });
    assert.equal(r.facts.window?.maxOutput, 16_384);
    assert.deepEqual(r.facts.price?.price, { input: 2.5, output: 10, cacheRead: 1.25 });
    assert.deepEqual(r.paths, ['GET /v1/models', 'GET /v1/model/info']);
  });

  it('LM Studio: the loaded instance’s context, else the model’s maximum', async () => {
    const loaded = await read({ kind: 'lmstudio', model: 'qwen2.5-7b-instruct', window: 32_768, loadedContext: 4096 });
    assert.deepEqual(window(loaded.facts), {
      tokens: 4096,
      from: 'from the endpoint (LM Studio loaded_context_length)',
    });
    const idle = await read({ kind: 'lmstudio', model: 'qwen2.5-7b-instruct', window: 32_768 });
    assert.deepEqual(window(idle.facts), { tokens: 32_768, from: 'from the endpoint (LM Studio max_context_length)' });
    assert.ok(idle.paths.includes('GET /api/v0/models/qwen2.5-7b-instruct'), idle.paths.join(', '));
  });

  it('Ollama: the loaded runner’s context first, then num_ctx, then the model’s maximum (said to be one)', async () => {
    const base = { kind: 'ollama' as const, model: 'llama3.2', window: 131_072 };
    const loaded = await read({ ...base, ollama: { loaded: 8192, numCtx: 4096 } });
    assert.deepEqual(window(loaded.facts), {
      tokens: 8192,
      from: 'from the endpoint (Ollama /api/ps context_length (loaded))',
    });
    const numCtx = await read({ ...base, ollama: { numCtx: 16_384 } });
    assert.deepEqual(window(numCtx.facts), { tokens: 16_384, from: 'from the endpoint (Ollama /api/show num_ctx)' });
    assert.ok(numCtx.paths.includes('POST /api/show'), numCtx.paths.join(', '));
    const max = await read(base);
    assert.equal(max.facts.window?.tokens, 131_072);
    assert.match(
      window(max.facts)!.from,
      /llama\.context_length, the model's maximum: the server may run it with less/,
    );
  });

  it('sends the key, when there is one, with every read: only to the endpoint’s origin', async () => {
    const r = await read({ kind: 'ollama', model: 'llama3.2', window: 131_072 }, 'sk-local');
    assert.ok(peer.modelInfoRequests.length >= 3);
    for (const request of peer.modelInfoRequests) assert.equal(request.authorization, 'Bearer sk-local');
    assert.equal(r.facts.window?.tokens, 131_072);
    const without = await read({ kind: 'vllm', model: 'm', window: 4096 });
    assert.equal(without.facts.window?.tokens, 4096);
    assert.equal(peer.modelInfoRequests.at(-1)?.authorization, undefined);
  });

  it('a model the list does not hold gets no window from another model’s entry', async () => {
    peer.setModelInfo({ kind: 'vllm', model: 'served-name', window: 4096 });
    const log: string[] = [];
    const facts = await readEndpointInfo({ baseUrl: peer.baseUrl, model: 'served', log: (l) => log.push(l) });
    assert.deepEqual(facts, {});
    assert.equal(log.length, 1);
    assert.match(log[0], /nothing said for "served".*vLLM does not list "served"/);
  });
});
