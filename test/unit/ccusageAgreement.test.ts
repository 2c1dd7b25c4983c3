import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import { TranscriptIndex } from '../../src/node/transcripts/transcriptIndex';
import type { Layout } from '../support/transcriptLayout';
import { FIXTURES, ccusageSessions, emptyLayout, fixtureLayout } from '../support/transcriptLayout';

const settings = { contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 };

async function ourSessions(layout: Layout): Promise<SessionSummary[]> {
  const index = new TranscriptIndex({
    roots: () => ({ claude: [layout.claudeConfig], codex: [layout.codexHome] }),
    scope: () => ({ mode: 'all', folders: [] }),
    settings: () => settings,
    log: (m) => assert.fail(m),
  });
  await index.update();
  return index.summaries();
}

function totalsOf(s: SessionSummary) {
  const m = s.totals?.main;
  const a = s.totals?.subagents;
  if (!m || !a) throw new Error(`no totals for ${s.key}`);
  return {
    inputTokens: m.input + a.input,
    outputTokens: m.output + a.output,
    cacheCreationTokens: m.cacheCreation + a.cacheCreation,
    cacheReadTokens: m.cacheRead + a.cacheRead,
    totalTokens: m.total + a.total,
  };
}

/** Dollars to the cent; a cost we could not price stays undefined, so it never equals one ccusage priced. */
const cents = (usd: number | undefined) => (usd === undefined ? undefined : Math.round(usd * 100));

async function assertAgreement(layout: Layout): Promise<number> {
  const ours = await ourSessions(layout);
  let compared = 0;
  for (const agent of ['claude', 'codex'] as const) {
    const theirs = await ccusageSessions(layout, agent);
    const source = agent === 'claude' ? 'claude-code' : 'codex';
    const mine = ours.filter((s) => s.source === source);
    for (const s of mine) {
      // ccusage names Claude sessions by file uuid and Codex sessions by path under sessions/, without .jsonl.
      const name =
        agent === 'claude'
          ? path.basename(s.path ?? '', '.jsonl')
          : path.relative(path.join(layout.codexHome, 'sessions'), s.path ?? '').replace(/\.jsonl$/, '');
      const match = theirs.find((t) => t.sessionId === name);
      const expected = match
        ? {
            inputTokens: match.inputTokens,
            outputTokens: match.outputTokens,
            cacheCreationTokens: match.cacheCreationTokens,
            cacheReadTokens: match.cacheReadTokens,
            totalTokens: match.totalTokens,
          }
        : { inputTokens: 0, outputTokens: 0, cacheCreationTokens: 0, cacheReadTokens: 0, totalTokens: 0 };
      assert.deepEqual(totalsOf(s), expected, `${agent} session ${name}`);
      const cost = match ? (match.totalCost ?? match.costUSD) : 0;
      assert.equal(typeof cost, 'number', `ccusage prices ${agent} session ${name}`);
      assert.equal(
        cents(s.totals?.costUsd),
        cents(cost),
        `${agent} session ${name}: cost $${s.totals?.costUsd} vs $${cost}`,
      );
      compared++;
    }
    for (const t of theirs)
      assert.ok(
        mine.some((s) => (s.path ?? '').includes(path.basename(t.sessionId))),
        `we list ccusage's ${agent} session ${t.sessionId}`,
      );
  }
  return compared;
}

const layouts: Layout[] = [];
after(() => layouts.forEach((l) => fs.rmSync(l.dir, { recursive: true, force: true })));

describe('totals and costs agree with ccusage 20.0.24, run on the same files', () => {
  it('on every fixture session, with subagents, a resumed session and Opus 4.6 1h cache writes', async () => {
    const layout = fixtureLayout();
    layouts.push(layout);
    const compared = await assertAgreement(layout);
    assert.equal(compared, 6 + 3);
  });

  it('on the growing sessions after their second turn', async () => {
    const layout = emptyLayout();
    layouts.push(layout);
    fs.copyFileSync(
      path.join(FIXTURES, 'claude-code/growing/turn-2.jsonl'),
      path.join(layout.claudeProject, '3fb74381-1bf4-475e-8c6f-442d872b1bcf.jsonl'),
    );
    fs.copyFileSync(
      path.join(FIXTURES, 'codex/growing/turn-2.jsonl'),
      path.join(layout.codexDay, 'rollout-2026-05-12T10-00-00-growing.jsonl'),
    );
    assert.equal(await assertAgreement(layout), 2);
  });

  it('on sessions with damaged lines (cut short, trailing garbage, a byte overwritten), which both skip', async () => {
    const layout = fixtureLayout();
    layouts.push(layout);
    let seed = 11;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const damage = (line: string) => {
      const r = rand();
      const at = Math.floor(rand() * line.length);
      if (r < 0.06) return line.slice(0, at);
      if (r < 0.1) return `${line.slice(0, at)}}${line.slice(at + 1)}`;
      if (r < 0.14) return `${line} x`;
      return line;
    };
    let damaged = 0;
    for (const dir of [layout.claudeProject, layout.codexDay])
      for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !entry.name.endsWith('.jsonl')) continue;
        const file = path.join(entry.parentPath, entry.name);
        const lines = fs.readFileSync(file, 'utf8').split('\n');
        // a Codex session whose every model line is lost is priced by ccusage as gpt-5 and by us not at
        // all: a pricing question, not this one
        const out = lines.map((l) => (l && !l.includes('"turn_context"') ? damage(l) : l));
        damaged += out.filter((l, i) => l !== lines[i]).length;
        fs.writeFileSync(file, out.join('\n'));
      }
    assert.ok(damaged > 20, `${damaged} lines damaged`);
    assert.equal(await assertAgreement(layout), 6 + 3);
  });
});
