import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ResolvedFacts } from '../../src/core/modelFactResolver';
import { ModelFactResolver } from '../../src/core/modelFactResolver';
import { readEndpointInfo } from '../../src/node/endpointInfoReader';
import { startPeer } from '../peer/openaiPeer';
import type { ModelInfoFault, ModelInfoKind } from '../peer/modelInfoRoutes';
import type { Peer } from '../peer/openaiPeer';

// A slow, missing or malformed answer falls back quietly to the dataset: one log line, no throw, and the
// window the dataset holds (here a fixed one, named so the test can tell it from the endpoint's).
let peer: Peer;
before(async () => {
  peer = await startPeer();
});
after(async () => {
  await peer.close();
});

const fromDataset: ResolvedFacts = { window: { tokens: 12_345, source: { kind: 'dataset', detail: 'test dataset' } } };
const overrides = { contextWindows: {}, prices: {} };

async function resolveWith(kind: ModelInfoKind, fault: ModelInfoFault | undefined, timeoutMs = 2000) {
  const model = `model-${kind}`;
  peer.setModelInfo({ kind, model, window: 65_536, ollama: { numCtx: 65_536 }, fault });
  const log: string[] = [];
  let datasetReads = 0;
  const resolver = new ModelFactResolver({
    endpoint: (baseUrl, m) => readEndpointInfo({ baseUrl, model: m, timeoutMs, log: (l) => log.push(l) }),
    dataset: async () => (datasetReads++, fromDataset),
    log: (l) => log.push(l),
  });
  let changes = 0;
  resolver.onDidChange(() => changes++);
  const query = { model, endpoint: peer.baseUrl };
  assert.deepEqual(resolver.resolve(query, overrides), {}, 'nothing is known before the reads land');
  await resolver.settled();
  return { facts: resolver.resolve(query, overrides), log, datasetReads, changes };
}

const kinds: ModelInfoKind[] = ['vllm', 'openrouter', 'lmstudio', 'ollama', 'llamacpp', 'litellm'];

describe('an endpoint that says nothing usable: the dataset is used', () => {
  it('a healthy endpoint of each kind is believed (the control for the faults below)', async () => {
    for (const kind of kinds) {
      const r = await resolveWith(kind, undefined);
      assert.equal(r.facts.window?.tokens, 65_536, kind);
      assert.equal(r.facts.window?.source.kind, 'endpoint', kind);
      assert.equal(
        r.datasetReads,
        r.facts.price?.source.kind === 'endpoint' ? 0 : 1,
        `${kind}: read for the price only`,
      );
      assert.equal(r.log.length, 1, `${kind}: ${r.log.join(' | ')}`);
    }
  });

  for (const fault of ['notFound', 'malformed', 'wrongTypes'] as const) {
    it(`${fault}: every kind falls back, one line each`, async () => {
      for (const kind of kinds) {
        const r = await resolveWith(kind, fault);
        assert.deepEqual(r.facts, fromDataset, `${kind} ${fault}`);
        assert.equal(r.datasetReads, 1);
        assert.equal(r.log.length, 1, `${kind} ${fault}: ${r.log.join(' | ')}`);
        assert.match(r.log[0], /nothing said for .*; using the dataset$/);
        if (fault === 'notFound') assert.match(r.log[0], /HTTP 404/);
        if (fault === 'malformed') assert.match(r.log[0], /not JSON/);
        assert.equal(r.changes, 2, 'the views hear when the endpoint read lands and when the dataset does');
      }
    });
  }

  it('slow (past the timeout): gives up, falls back, one line naming the timeout', async () => {
    for (const kind of ['vllm', 'ollama'] as const) {
      const r = await resolveWith(kind, 'slow', 200);
      assert.deepEqual(r.facts, fromDataset, kind);
      assert.equal(r.log.length, 1, r.log.join(' | '));
      assert.match(r.log[0], /GET \/v1\/models: no answer within 0\.2 s/);
    }
  });

  it('an endpoint the http policy refuses is not asked at all', async () => {
    const log: string[] = [];
    const facts = await readEndpointInfo({ baseUrl: 'http://api.example.com/v1', model: 'm', log: (l) => log.push(l) });
    assert.deepEqual(facts, {});
    assert.deepEqual(log, []);
  });
});

describe('a hosted API that names no server', () => {
  it('is asked its models list only, not the routes of local servers', async () => {
    const asked: string[] = [];
    const fetchStub = (async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      asked.push(new URL(url).pathname);
      const body = url.endsWith('/v1/models') ? { data: [{ id: 'gpt-x', owned_by: 'system' }] } : { error: 'nope' };
      return new Response(JSON.stringify(body), { status: url.endsWith('/v1/models') ? 200 : 404 });
    }) as typeof fetch;
    const log: string[] = [];
    const facts = await readEndpointInfo({
      baseUrl: 'https://api.example.com/v1',
      model: 'gpt-x',
      fetch: fetchStub,
      log: (l) => log.push(l),
    });
    assert.deepEqual(facts, {});
    assert.deepEqual(asked, ['/v1/models']);
    assert.equal(log.length, 1);
  });
});
