import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BoundKeyStore } from '../../src/core/boundKeyStore';
import type { KeyChoice } from '../../src/core/keyOrigin';
import type { ModelClient } from '../../src/core/ports';
import { ModelError } from '../../src/core/ports';
import { endpointClient } from '../../src/node/endpointClient';
import { startPeer } from '../peer/openaiPeer';
import type { Peer } from '../peer/openaiPeer';

// The key was entered for `home`; `other` is another origin (another port on 127.0.0.1).
let home: Peer;
let other: Peer;
before(async () => {
  [home, other] = await Promise.all([startPeer(), startPeer()]);
});
after(async () => {
  await Promise.all([home.close(), other.close()]);
});

async function setup(answer: KeyChoice, legacyKey?: string) {
  const secrets = new Map<string, string>(legacyKey ? [['legacy', legacyKey]] : []);
  const log: string[] = [];
  const keys = new BoundKeyStore({
    secrets: {
      get: async (n) => secrets.get(n),
      store: async (n, v) => void secrets.set(n, v),
      delete: async (n) => void secrets.delete(n),
    },
    names: { bound: 'bound', legacy: 'legacy' },
    log: (l) => log.push(l),
  });
  if (!legacyKey) await keys.set('sk-home', new URL(home.baseUrl).origin);
  const asked: string[] = [];
  const clientFor = (baseUrl: string) =>
    endpointClient({
      baseUrl,
      keys,
      idleTimeoutMs: 5000,
      maxRetryWaitMs: 0,
      log: (l) => log.push(l),
      confirm: async (keyOrigin, endpointOrigin) => {
        asked.push(`${keyOrigin} -> ${endpointOrigin}`);
        return answer;
      },
    });
  return { keys, log, asked, clientFor };
}

async function turn(client: ModelClient | ModelError): Promise<void> {
  assert.ok(!(client instanceof ModelError), String(client));
  for await (const _ of client.stream({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
    signal: new AbortController().signal,
  })) {
    // drained
  }
}

describe('endpoint client: the key goes only where it was entered for', () => {
  it('the bound origin gets the key in the Authorization header, without a question', async () => {
    const t = await setup(undefined);
    await turn(await t.clientFor(home.baseUrl));
    assert.equal(home.requests.at(-1)!.headers.authorization, 'Bearer sk-home');
    assert.deepEqual(t.asked, []);
  });

  it('another origin, question dismissed: an auth failure naming both origins, and no request at all', async () => {
    const t = await setup(undefined);
    const before = other.received();
    const client = await t.clientFor(other.baseUrl);
    assert.ok(client instanceof ModelError);
    assert.equal(client.kind, 'auth');
    assert.match(
      client.message,
      new RegExp(`entered for ${new URL(home.baseUrl).origin} and was not sent to ${new URL(other.baseUrl).origin}`),
    );
    assert.deepEqual(t.asked, [`${new URL(home.baseUrl).origin} -> ${new URL(other.baseUrl).origin}`]);
    assert.equal(other.received(), before);
  });

  it('another origin, "Continue Without Key": the request carries no Authorization header', async () => {
    const t = await setup('without');
    await turn(await t.clientFor(other.baseUrl));
    assert.equal(other.requests.at(-1)!.headers.authorization, undefined);
  });

  it('another origin, "Send Key": sent there, and rebound to it', async () => {
    const t = await setup('send');
    await turn(await t.clientFor(other.baseUrl));
    assert.equal(other.requests.at(-1)!.headers.authorization, 'Bearer sk-home');
    assert.equal((await t.keys.current())?.origin, new URL(other.baseUrl).origin);
  });

  it('a plain key of the earlier version, with no endpoint to bind it to, is sent nowhere without asking', async () => {
    const t = await setup(undefined, 'sk-legacy');
    const before = home.requests.length;
    const refused = await t.clientFor(home.baseUrl);
    assert.ok(refused instanceof ModelError && refused.kind === 'auth', 'dismissed: the turn fails, nothing is sent');
    assert.equal(home.requests.length, before);
    assert.equal(t.log.filter((l) => /now bound to/.test(l)).length, 1);
  });

  it('plain http to a public host fails before anything is sent or asked, saying to use https', async () => {
    const t = await setup('send');
    const client = await t.clientFor('http://api.example.com/v1');
    assert.ok(client instanceof ModelError);
    assert.equal(client.kind, 'not_configured');
    assert.match(client.message, /Use https:\/\/api\.example\.com\/v1/);
    assert.deepEqual(t.asked, []);
  });

  it('no endpoint: not configured', async () => {
    const t = await setup('send');
    const client = await t.clientFor('');
    assert.ok(client instanceof ModelError && client.kind === 'not_configured');
  });
});
