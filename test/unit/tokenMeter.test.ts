import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { foldSession } from '../../src/core/session';
import type { SessionEvent } from '../../src/core/sessionEvents';
import type { WindowFact } from '../../src/core/modelFacts';
import { settingsWindow } from '../../src/core/modelFactResolver';
import { computeGauge, gaugeText, gaugeTooltipLines } from '../../src/core/tokenMeter';
import { formatTokens } from '../../src/core/gaugeFormat';

const settings = { contextWindows: {}, warningPercent: 70, errorPercent: 90 };
/** gpt-4o as a dataset would give it. */
const window128k: WindowFact = {
  tokens: 128_000,
  maxOutput: 16_384,
  source: { kind: 'dataset', detail: 'a test table' },
};
let seq = 0;
const at = () => new Date(Date.UTC(2026, 0, 1, 0, 0, seq)).toISOString();
const ev = (e: Record<string, unknown>) => ({ seq: ++seq, at: at(), ...e }) as SessionEvent;
const created = (model = 'gpt-4o') =>
  ev({
    type: 'session_created',
    sessionId: 's1',
    sessionType: 'scout',
    source: 'own',
    title: 'Map auth',
    model,
    endpointHost: '127.0.0.1:9',
    systemPrompt: 'sys',
  });

describe('formatTokens', () => {
  it('formats like a status bar should', () => {
    assert.equal(formatTokens(950), '950');
    assert.equal(formatTokens(12_400), '12.4k');
    assert.equal(formatTokens(12_000), '12k');
    assert.equal(formatTokens(128_000), '128k');
    assert.equal(formatTokens(1_047_576), '1.05M');
    assert.equal(formatTokens(2_000_000), '2M');
  });
});

describe('computeGauge', () => {
  it('is an estimate before the first reply, marked with ~', () => {
    const state = foldSession([
      created(),
      ev({
        type: 'user_message',
        turnId: 't1',
        text: 'hi',
        estimate: { systemTokens: 10, conversationTokens: 1190, encoding: 'o200k_base' },
      }),
    ]);
    const gauge = computeGauge(state, window128k, settings);
    assert.equal(gauge.measured, false);
    assert.equal(gauge.used, 1200);
    assert.equal(gaugeText(gauge), 'Scout ~1.2k/128k 1%');
  });

  it('uses the provider usage of the last reply, to the token', () => {
    const state = foldSession([
      created(),
      ev({
        type: 'user_message',
        turnId: 't1',
        text: 'hi',
        estimate: { systemTokens: 10, conversationTokens: 20, encoding: 'o200k_base' },
      }),
      ev({
        type: 'usage_reported',
        turnId: 't1',
        usage: { promptTokens: 12_000, completionTokens: 400, totalTokens: 12_400 },
      }),
      ev({ type: 'turn_completed', turnId: 't1', finishReason: 'stop' }),
    ]);
    const gauge = computeGauge(state, window128k, settings);
    assert.equal(gauge.measured, true);
    assert.equal(gauge.used, 12_400);
    assert.equal(gaugeText(gauge), 'Scout 12.4k/128k 10%');
    assert.equal(gauge.breakdown.lastCompletionTokens, 400);
    assert.equal(gauge.breakdown.systemTokens + gauge.breakdown.conversationTokens, 12_000);
    assert.equal(gauge.breakdown.reservedForOutput, 16_384);
    assert.equal(gauge.breakdown.free, 128_000 - 12_400 - 16_384);
  });

  it('colours at the thresholds', () => {
    const at = (prompt: number) =>
      computeGauge(
        foldSession([
          created(),
          ev({ type: 'user_message', turnId: 't1', text: 'x' }),
          ev({
            type: 'usage_reported',
            turnId: 't1',
            usage: { promptTokens: prompt, completionTokens: 0, totalTokens: prompt },
          }),
        ]),
        window128k,
        settings,
      ).level;
    assert.equal(at(88_000), 'normal');
    assert.equal(at(89_600), 'warning');
    assert.equal(at(115_200), 'error');
  });

  it('says when the window is unknown instead of guessing', () => {
    const state = foldSession([
      created('my-local-model'),
      ev({
        type: 'user_message',
        turnId: 't1',
        text: 'x',
        estimate: { systemTokens: 1, conversationTokens: 9, encoding: 'o200k_base' },
      }),
    ]);
    const gauge = computeGauge(state, undefined, settings);
    assert.equal(gauge.window, undefined);
    assert.equal(gaugeText(gauge), 'Scout ~10/?');
    assert.match(gaugeTooltipLines(gauge, state).join('\n'), /unknown for "my-local-model"/);
    const set = computeGauge(state, settingsWindow('my-local-model', { 'My-Local-Model': 1000 }), settings);
    assert.equal(gaugeText(set), 'Scout ~10/1k 1%');
    assert.match(gaugeTooltipLines(set, state).join('\n'), /Window set in agentSessions\.contextWindows/);
  });

  it('keeps the last measured number when the latest turn failed without usage', () => {
    const state = foldSession([
      created(),
      ev({ type: 'user_message', turnId: 't1', text: 'x' }),
      ev({
        type: 'usage_reported',
        turnId: 't1',
        usage: { promptTokens: 500, completionTokens: 12, totalTokens: 512 },
      }),
      ev({ type: 'turn_completed', turnId: 't1', finishReason: 'stop' }),
      ev({ type: 'user_message', turnId: 't2', text: 'y' }),
      ev({ type: 'turn_failed', turnId: 't2', kind: 'auth', message: 'bad key' }),
    ]);
    const gauge = computeGauge(state, window128k, settings);
    assert.equal(gauge.measured, true);
    assert.equal(gauge.used, 512);
  });
});
