import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DATASET, DatasetCatalog } from '../../src/node/datasetCatalog';
import { costOf } from '../../src/core/transcripts/pricing';
import { ownCost } from '../../src/core/ownCost';
import type { SessionState } from '../../src/core/session';
import { TranscriptIndex } from '../../src/node/transcripts/transcriptIndex';
import type { Layout } from '../support/transcriptLayout';
import { emptyLayout } from '../support/transcriptLayout';

const catalog = new DatasetCatalog();
const claude = { provider: 'anthropic' };
const usage = (input: number, output: number, cacheCreation = 0, cacheCreation1h = 0, cacheRead = 0) => ({
  input,
  output,
  cacheCreation,
  cacheCreation1h,
  cacheRead,
});

describe('windows and prices from the maintained dataset', () => {
  it('names the installed version of the dataset', () => {
    const manifest = path.resolve(__dirname, '../../../node_modules/@pydantic/genai-prices/package.json');
    assert.equal(DATASET.version, (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string }).version);
  });

  it('prices Claude Opus 4.6 at $5 / $25 per million (the old prefix table said $15 / $75)', () => {
    const fact = catalog.price('claude-opus-4-6', claude);
    assert.ok(fact);
    assert.deepEqual([fact.price.input, fact.price.output, fact.price.cacheRead], [5, 25, 0.5]);
    assert.equal(
      fact.source.kind === 'dataset' && fact.source.detail,
      '@pydantic/genai-prices 0.1.8, anthropic/claude-opus-4-6',
    );
    assert.equal(catalog.window('claude-opus-4-6', claude)?.tokens, 1_000_000);
  });

  it('takes the price in force on the day of the request, as the dataset dates it', () => {
    // Opus 4.6 had a long-context premium until 2026-03-13
    const before = catalog.price('claude-opus-4-6', { ...claude, at: '2026-02-20T10:00:00Z' });
    const after = catalog.price('claude-opus-4-6', { ...claude, at: '2026-04-01T10:00:00Z' });
    assert.ok(before && after);
    const long = usage(250_000, 1_000_000);
    assert.equal(costOf(long, before.price), (250_000 * 10 + 1_000_000 * 37.5) / 1e6);
    assert.equal(costOf(long, after.price), (250_000 * 5 + 1_000_000 * 25) / 1e6);
  });

  it('prices 1-hour cache writes and the tier above 200k input tokens from the data', () => {
    const sonnet = catalog.price('claude-sonnet-4-5-20250929', claude)?.price;
    assert.ok(sonnet);
    assert.equal(costOf(usage(0, 0, 100_000, 100_000), sonnet), 0.6);
    assert.equal(costOf(usage(0, 0, 100_000, 0), sonnet), 0.375);
    assert.equal(costOf(usage(250_000, 1_000_000), sonnet), 1.5 + 22.5);
    assert.equal(costOf(usage(150_000, 1_000_000), sonnet), 0.45 + 15, 'below the tier, the base price');
  });

  it('knows an id by the dataset’s rules only: no guess from a shorter prefix', () => {
    assert.ok(catalog.price('gpt-5.3-codex', { provider: 'openai' }));
    // the old table matched this by its "gpt-5.3-codex" prefix; the dataset matches gpt-5.3-codex exactly
    assert.equal(catalog.price('gpt-5.3-codex-ultra', { provider: 'openai' }), undefined);
    assert.equal(catalog.window('gpt-5.3-codex-ultra', { provider: 'openai' }), undefined);
    assert.equal(catalog.price('my-local-model'), undefined);
    assert.equal(catalog.window('my-local-model'), undefined);
    assert.equal(catalog.price('unknown', claude), undefined);
  });

  it('finds a provider by the endpoint’s URL and a "provider/model" id by its provider', () => {
    assert.match(
      JSON.stringify(catalog.price('openai/gpt-4o', { apiUrl: 'https://openrouter.ai/api/v1' })),
      /openrouter/,
    );
    assert.equal(catalog.price('anthropic/claude-opus-4-6')?.price.input, 5);
    assert.equal(catalog.window('claude-sonnet-4-5[1m]', claude)?.tokens, 1_000_000);
  });

  it('a dataset that fails to load is one log line, then no facts', () => {
    const lines: string[] = [];
    const broken = new DatasetCatalog(
      () => {
        throw new Error('cannot load');
      },
      (l) => lines.push(l),
    );
    assert.equal(broken.price('claude-opus-4-6', claude), undefined);
    assert.equal(broken.window('claude-opus-4-6', claude), undefined);
    assert.equal(broken.price('gpt-4o'), undefined);
    assert.equal(lines.length, 1);
    assert.match(lines[0], /cannot load/);
  });
});

describe('observed sessions of a model the dataset does not know', () => {
  const layouts: Layout[] = [];
  after(() => layouts.forEach((l) => fs.rmSync(l.dir, { recursive: true, force: true })));
  const reply = (model: string) =>
    JSON.stringify({
      type: 'assistant',
      timestamp: '2026-04-01T10:00:00.000Z',
      requestId: 'req_1',
      sessionId: 's',
      cwd: '/work/demo',
      message: { id: 'msg_1', model, usage: { input_tokens: 1000, output_tokens: 100 } },
    }) + '\n';

  async function summaryOf(model: string, settings = { contextWindows: {}, prices: {} }) {
    const layout = emptyLayout();
    layouts.push(layout);
    fs.writeFileSync(path.join(layout.claudeProject, '0b6f0f5e-7a4c-4d7e-9a63-2a1f7a4b3c21.jsonl'), reply(model));
    const index = new TranscriptIndex({
      roots: () => ({ claude: [layout.claudeConfig], codex: [] }),
      scope: () => ({ mode: 'all', folders: [] }),
      settings: () => ({ ...settings, warningPercent: 70, errorPercent: 90 }),
      log: (m) => assert.fail(m),
    });
    await index.update();
    const [summary] = index.summaries();
    assert.ok(summary);
    return summary;
  }

  it('says "no price" and "window unknown: set it", never a guessed number', async () => {
    const s = await summaryOf('glm-4.6-air-local');
    assert.equal(s.totals?.costUsd, undefined);
    assert.equal(s.context.window, undefined);
    assert.match(s.gaugeText, /\/\?$/);
    assert.ok(
      s.tooltip.includes('Context window: unknown for "glm-4.6-air-local": set it in agentSessions.contextWindows'),
    );
    assert.ok(s.tooltip.includes('Cost: no price for "glm-4.6-air-local": set it in agentSessions.prices'));
  });

  it('the user’s settings win, and the tooltip says where each number came from', async () => {
    const known = await summaryOf('claude-opus-4-6');
    assert.ok(
      known.tooltip.includes('Window: 1,000,000 (from @pydantic/genai-prices 0.1.8, anthropic/claude-opus-4-6)'),
    );
    assert.ok(known.tooltip.includes('Cost: $0.0075 (from @pydantic/genai-prices 0.1.8, anthropic/claude-opus-4-6)'));
    const set = await summaryOf('claude-opus-4-6', {
      contextWindows: { 'Claude-Opus-4-6': 200_000 },
      prices: { 'claude-opus-4-6': { input: 1, output: 1 } },
    });
    assert.equal(set.context.window, 200_000);
    assert.equal(set.totals?.costUsd, 0.0011);
    assert.ok(set.tooltip.includes('Window: 200,000 (set in agentSessions.contextWindows)'));
    assert.ok(set.tooltip.includes('Cost: $0.0011 (set in agentSessions.prices)'));
  });
});

describe('a Codex rollout is priced reply by reply', () => {
  it('applies a long-context tier to the replies that pass it, never to the session’s sum', async () => {
    const layout = emptyLayout();
    try {
      const lines = [
        { type: 'session_meta', payload: { id: '019c8a70-dda7-7f33-98ea-f30553347399', cwd: '/work/demo' } },
        { type: 'turn_context', payload: { model: 'gpt-5.4', cwd: '/work/demo' } },
      ];
      const turn = { input_tokens: 100_000, cached_input_tokens: 80_000, output_tokens: 2_000, total_tokens: 102_000 };
      const total = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, total_tokens: 0 };
      for (let i = 0; i < 20; i++) {
        for (const k of Object.keys(total) as Array<keyof typeof total>) total[k] += turn[k];
        lines.push({
          type: 'event_msg',
          payload: { type: 'token_count', info: { total_token_usage: { ...total }, last_token_usage: turn } },
        } as never);
      }
      const text = lines
        .map((l, i) => JSON.stringify({ timestamp: `2026-11-02T10:00:${String(i).padStart(2, '0')}.000Z`, ...l }))
        .join('\n');
      fs.writeFileSync(
        path.join(layout.codexDay, 'rollout-2026-11-02T10-00-00-019c8a70-dda7-7f33-98ea-f30553347399.jsonl'),
        text + '\n',
      );
      const index = new TranscriptIndex({
        roots: () => ({ claude: [], codex: [layout.codexHome] }),
        scope: () => ({ mode: 'all', folders: [] }),
        settings: () => ({ contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 }),
        log: (m) => assert.fail(m),
      });
      await index.update();
      const [summary] = index.summaries();
      const price = catalog.price('gpt-5.4', { provider: 'openai', at: '2026-11-02T10:00:00Z' })?.price;
      assert.ok(price?.tiers?.length, 'gpt-5.4 has a long-context tier in the dataset');
      // each reply is 100k tokens in: under the tier; the session's 2M in total is far over it
      const perReply = 20 * costOf(usage(20_000, 2_000, 0, 0, 80_000), price);
      assert.equal(summary.totals?.costUsd?.toFixed(6), perReply.toFixed(6));
    } finally {
      fs.rmSync(layout.dir, { recursive: true, force: true });
    }
  });
});

describe('our own sessions', () => {
  it('price each reply at the dataset’s price in force when it was asked for', () => {
    const fact = catalog.price('claude-opus-4-6', { apiUrl: 'https://api.anthropic.com/v1' });
    assert.ok(fact?.dated, 'Opus 4.6 has dated prices');
    const reply = (startedAt: string) => ({
      startedAt,
      usages: [{ promptTokens: 250_000, completionTokens: 0, totalTokens: 250_000 }],
    });
    const state = { turns: [reply('2026-02-20T10:00:00Z'), reply('2026-04-01T10:00:00Z')] } as unknown as SessionState;
    // before 2026-03-13 a prompt over 200k cost $10 per million, after it $5
    assert.equal(ownCost(state, fact).usd, 2.5 + 1.25);
  });
});
