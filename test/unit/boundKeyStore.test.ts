import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BoundKeyStore } from '../../src/core/boundKeyStore';
import type { KeyChoice } from '../../src/core/keyOrigin';
import { keyDecision, keyOriginQuestion, keyNotSentMessage, UNKNOWN_ORIGIN } from '../../src/core/keyOrigin';

const A = 'https://a.example';
const B = 'https://b.example';
const names = { bound: 'bound', legacy: 'legacy' };

function setup(initial: Record<string, string> = {}) {
  const secrets = new Map(Object.entries(initial));
  const log: string[] = [];
  const asked: Array<[string, string]> = [];
  const store = new BoundKeyStore({
    secrets: {
      get: async (n) => secrets.get(n),
      store: async (n, v) => void secrets.set(n, v),
      delete: async (n) => void secrets.delete(n),
    },
    names,
    log: (line) => log.push(line),
  });
  const answer = (choice: KeyChoice) => async (keyOrigin: string, endpointOrigin: string) => {
    asked.push([keyOrigin, endpointOrigin]);
    return choice;
  };
  return { secrets, log, asked, store, answer };
}

describe('the key bound to its origin', () => {
  it('decides: same origin sends, any other origin asks (scheme and port count)', () => {
    assert.equal(keyDecision(A, A), 'send');
    assert.equal(keyDecision(A, B), 'ask');
    assert.equal(keyDecision('https://a.example', 'http://a.example'), 'ask');
    assert.equal(keyDecision('http://127.0.0.1:1', 'http://127.0.0.1:2'), 'ask');
  });

  it('names both origins in the question and in the refusal', () => {
    assert.equal(
      keyOriginQuestion(A, B),
      'The API key was entered for https://a.example. Send it to https://b.example?',
    );
    assert.match(keyNotSentMessage(A, B), /entered for https:\/\/a\.example and was not sent to https:\/\/b\.example/);
  });

  it('gives a background read the key only for its own origin, never asking or rebinding', async () => {
    const t = setup();
    assert.equal(await t.store.keyIfBound(A), undefined, 'no key yet');
    await t.store.set('sk-a', A);
    assert.equal(await t.store.keyIfBound(A), 'sk-a');
    assert.equal(await t.store.keyIfBound(B), undefined);
    assert.deepEqual(t.asked, []);
    assert.equal(JSON.parse(t.secrets.get('bound')!).origin, A, 'still bound to A');
  });

  it('stores { key, origin } and sends it to that origin without asking', async () => {
    const t = setup();
    await t.store.set('  sk-a  ', A);
    assert.deepEqual(JSON.parse(t.secrets.get('bound')!), { key: 'sk-a', origin: A });
    assert.deepEqual(await t.store.keyFor(A, t.answer(undefined)), { kind: 'key', key: 'sk-a' });
    assert.deepEqual(t.asked, []);
  });

  it('another origin: dismissing the question declines, keeps the binding, and asks again next time', async () => {
    const t = setup();
    await t.store.set('sk-a', A);
    assert.deepEqual(await t.store.keyFor(B, t.answer(undefined)), { kind: 'declined', keyOrigin: A });
    assert.deepEqual(t.asked, [[A, B]]);
    assert.equal((await t.store.current())?.origin, A);
    await t.store.keyFor(B, t.answer(undefined));
    assert.equal(t.asked.length, 2);
  });

  it('another origin: "Send" sends and rebinds, so the old origin is asked about now', async () => {
    const t = setup();
    await t.store.set('sk-a', A);
    assert.deepEqual(await t.store.keyFor(B, t.answer('send')), { kind: 'key', key: 'sk-a' });
    assert.deepEqual(await t.store.current(), { key: 'sk-a', origin: B });
    assert.match(t.log.join('\n'), /entered for https:\/\/a\.example, is now bound to https:\/\/b\.example/);
    assert.deepEqual(await t.store.keyFor(A, t.answer(undefined)), { kind: 'declined', keyOrigin: B });
  });

  it('another origin: "Continue Without Key" sends none and is remembered until the key is set again', async () => {
    const t = setup();
    await t.store.set('sk-a', A);
    assert.deepEqual(await t.store.keyFor(B, t.answer('without')), { kind: 'none' });
    assert.deepEqual(await t.store.keyFor(B, t.answer('send')), { kind: 'none' });
    assert.equal(t.asked.length, 1);
    assert.equal((await t.store.current())?.origin, A);
    await t.store.set('sk-a2', A);
    assert.deepEqual(await t.store.keyFor(B, t.answer(undefined)), { kind: 'declined', keyOrigin: A });
  });

  it('turns that start together get one question', async () => {
    const t = setup();
    await t.store.set('sk-a', A);
    let release: ((c: KeyChoice) => void) | undefined;
    let questions = 0;
    const confirm = () => {
      questions++;
      return new Promise<KeyChoice>((r) => (release = r));
    };
    const both = Promise.all([t.store.keyFor(B, confirm), t.store.keyFor(B, confirm)]);
    await new Promise(setImmediate); // the secrets answer in microtasks: both calls are now at the question
    assert.equal(questions, 1);
    release!('send');
    assert.deepEqual(await both, [
      { kind: 'key', key: 'sk-a' },
      { kind: 'key', key: 'sk-a' },
    ]);
    assert.equal(questions, 1);
  });

  it('no key: nothing to send, nothing asked', async () => {
    const t = setup();
    assert.deepEqual(await t.store.keyFor(B, t.answer('send')), { kind: 'none' });
    assert.deepEqual(t.asked, []);
  });

  it('migrates a plain key of the earlier version once, bound to the origin configured then, with one log line', async () => {
    const t = setup({ legacy: 'sk-old' });
    await t.store.migrate(A);
    assert.deepEqual(JSON.parse(t.secrets.get('bound')!), { key: 'sk-old', origin: A });
    assert.equal(t.secrets.has('legacy'), false);
    assert.equal(t.log.length, 1);
    assert.match(t.log[0], /bound to https:\/\/a\.example/);
    await t.store.migrate(B);
    assert.equal(t.log.length, 1);
    assert.deepEqual(await t.store.keyFor(B, t.answer(undefined)), { kind: 'declined', keyOrigin: A });
  });

  it('binds a plain key to an unknown origin when none was configured: the first origin anywhere asks', async () => {
    const t = setup({ legacy: 'sk-old' });
    await t.store.migrate(undefined);
    assert.equal(t.secrets.has('legacy'), false);
    assert.equal(await t.store.endpointChanging(undefined, B, t.answer(undefined)), 'cancelled');
    assert.deepEqual(await t.store.keyFor(B, t.answer(undefined)), { kind: 'declined', keyOrigin: UNKNOWN_ORIGIN });
    assert.equal(t.asked.length, 2, 'both asked, naming the unknown origin');
  });

  it('a turn or Set Endpoint never binds a plain key to the origin it is about to use', async () => {
    for (const step of ['turn', 'endpoint'] as const) {
      const t = setup({ legacy: 'sk-old' });
      const outcome =
        step === 'turn'
          ? await t.store.keyFor(B, t.answer(undefined))
          : await t.store.endpointChanging(undefined, B, t.answer(undefined));
      assert.notDeepEqual(outcome, { kind: 'key', key: 'sk-old' }, step);
      assert.notEqual(outcome, 'unchanged', step);
      assert.equal(t.asked.length, 1, `${step}: asked first`);
    }
  });

  it('the first migration wins over one started later', async () => {
    const t = setup({ legacy: 'sk-old' });
    await Promise.all([t.store.migrate(A), t.store.migrate(undefined)]);
    assert.deepEqual(JSON.parse(t.secrets.get('bound')!), { key: 'sk-old', origin: A });
  });

  it('Set Endpoint to another origin asks now: send rebinds, without keeps, dismiss cancels', async () => {
    const t = setup();
    await t.store.set('sk-a', A);
    assert.equal(await t.store.endpointChanging(A, A, t.answer(undefined)), 'unchanged');
    assert.equal(await t.store.endpointChanging(A, B, t.answer(undefined)), 'cancelled');
    assert.equal((await t.store.current())?.origin, A);
    assert.equal(await t.store.endpointChanging(A, B, t.answer('without')), 'kept');
    assert.equal((await t.store.current())?.origin, A);
    assert.equal(await t.store.endpointChanging(A, B, t.answer('send')), 'rebound');
    assert.equal((await t.store.current())?.origin, B);
    assert.deepEqual(t.asked, [
      [A, B],
      [A, B],
      [A, B],
    ]);
  });

  it('an empty key removes it, and the plain one too', async () => {
    const t = setup({ legacy: 'sk-old' });
    await t.store.set('sk-a', A);
    await t.store.set('  ', A);
    assert.equal(t.secrets.size, 0);
    assert.deepEqual(await t.store.keyFor(A, t.answer('send')), { kind: 'none' });
  });
});
