import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSessionKey, ownIdOf, parseSessionKey, sessionKey } from '../../src/shared/sessionKey';
import { formatCount, formatTokens, gaugeLevel, gaugeLine, usageText } from '../../src/core/gaugeFormat';

describe('session keys', () => {
  it('round-trip every source, ids with colons included', () => {
    for (const [source, id] of [
      ['own', 'a1b2'],
      ['claude-code', '3fb74381-1bf4-475e-8c6f-442d872b1bcf'],
      ['codex', '2026/02/23/rollout-x:y'],
    ] as const)
      assert.deepEqual(parseSessionKey(sessionKey(source, id)), { source, id });
  });

  it('refuse what is not a key: a bare id, an unknown source, an empty id, a non-string', () => {
    for (const value of ['a1b2', 'cursor:x', ':x', 'own:', 42, undefined])
      assert.equal(parseSessionKey(value), undefined, String(value));
    assert.equal(isSessionKey('codex-file:/x.jsonl'), false);
  });

  it('name an own session by key or bare id, and nothing else', () => {
    assert.equal(ownIdOf('own:abc'), 'abc');
    assert.equal(ownIdOf('abc'), 'abc');
    assert.equal(ownIdOf('claude-code:abc'), undefined);
    assert.equal(ownIdOf('weird:abc'), undefined);
  });
});

describe('gauge format (one for every source)', () => {
  it('levels at the thresholds, normal when the window is unknown', () => {
    const t = { warningPercent: 70, errorPercent: 90 };
    assert.deepEqual(
      [undefined, 69, 70, 89, 90, 140].map((p) => gaugeLevel(p, t)),
      ['normal', 'normal', 'warning', 'warning', 'error', 'error'],
    );
  });

  it('writes used/window percent, ~ for estimates, ? for an unknown window', () => {
    assert.equal(
      gaugeLine('Scout', { used: 12_400, window: 128_000, percent: 10, measured: true }),
      'Scout 12.4k/128k 10%',
    );
    assert.equal(usageText({ used: 1_200, window: 128_000, percent: 1, measured: false }), '~1.2k/128k 1%');
    assert.equal(usageText({ used: 142_000, measured: true }), '142k/?');
    assert.equal(formatTokens(1_047_576), '1.05M');
    assert.equal(formatCount(1_234_567), '1,234,567');
  });
});
