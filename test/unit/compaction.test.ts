import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { carriedFacts, carriedText } from '../../src/core/compaction/carriedFacts';
import { fitted, summarizerMessages } from '../../src/core/compaction/summarizerRequest';
import type { ChatRequest, ModelClient, ModelStreamEvent } from '../../src/core/ports';
import { foldSession } from '../../src/core/session';
import { computeGauge } from '../../src/core/tokenMeter';
import { SessionService } from '../../src/core/sessionService';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { finish, toolsDouble } from '../support/agentDoubles';
import { MemoryStore } from '../support/memoryStore';

const counter = createTiktokenCounter(packageRanks);
const text = (t: string): ModelStreamEvent => ({ kind: 'delta', text: t });
const callEv = (id: string, name: string, args: unknown): ModelStreamEvent => ({
  kind: 'tool_call',
  call: { id, name, arguments: JSON.stringify(args) },
});
const NARRATIVE = '## Decisions and why\nRound half even, as billing/README says.\n## Next step\nFix rounding.ts.';
const BIG = 'x'.repeat(30_000);

/** A session whose agent replies are scripted and whose summarizer answers `summary` (or fails). */
function setup(summary: () => ModelStreamEvent[] | Promise<never>, agent: ModelStreamEvent[][]) {
  const requests: ChatRequest[] = [];
  const summarizerRequests: ChatRequest[] = [];
  const client: ModelClient = {
    async *stream(request) {
      if (request.messages[0].content.startsWith('You write the narrative')) {
        summarizerRequests.push(request);
        yield* await summary();
        return;
      }
      requests.push(request);
      yield* agent.shift() ?? [text('ok'), finish('stop')];
    },
  };
  const { tools } = toolsDouble([]);
  tools.files.run = async (c) => ({ ok: true, output: c.name === 'read_file' ? BIG : 'listing' });
  const store = new MemoryStore();
  let n = 0;
  const svc = new SessionService({
    store,
    counter,
    newSessionId: () => `id${++n}`,
    clientFor: async () => client,
    toolsFor: () => tools,
  });
  return { svc, store, requests, summarizerRequests };
}

async function twoTurns(s: ReturnType<typeof setup>) {
  await s.svc.create({
    sessionType: 'scout',
    title: 'T',
    model: 'gpt-4o',
    endpointHost: 'h',
    systemPrompt: 'role',
    root: '/w',
  });
  await s.svc.send('id1', 'Map the billing module\nand say where rounding happens.');
  await s.svc.send('id1', 'Now look at the ledger too.');
}

describe('compaction: preview, edit, apply', () => {
  it('an applied, edited summary is exactly what the next request carries, every user message verbatim', async () => {
    const s = setup(
      () => [text(NARRATIVE), finish('stop')],
      [
        [callEv('a', 'read_file', { path: 'billing/rounding.ts' }), finish()],
        [text('Rounding is in rounding.ts.'), finish('stop')],
      ],
    );
    await twoTurns(s);
    await s.svc.proposeCompaction('id1', { focus: 'the rounding bug' });
    const proposal = s.svc.get('id1')!.compactions.proposal!;
    assert.ok(proposal, 'a proposal is recorded');
    assert.ok(proposal.tokensAfter < proposal.tokensBefore / 5, `${proposal.tokensBefore} -> ${proposal.tokensAfter}`);
    assert.match(s.summarizerRequests[0].messages[1].content, /Focus on what the user asked for: the rounding bug/);
    assert.equal(s.svc.get('id1')!.context.length > 1, true, 'a proposal does not touch the context');
    // it survives a reload
    assert.deepEqual(foldSession(s.store.logs.get('id1')!).compactions.proposal, proposal);
    const edited = `${proposal.carried}\n\n${proposal.narrative}\n\nUSER EDIT: the ledger is out of scope.`;
    await s.svc.applyCompaction('id1', proposal.proposalId, edited);
    // the gauge tells of the compacted context now, not of the last request's
    const gauge = computeGauge(s.svc.get('id1')!, { tokens: 128_000, source: { kind: 'settings' } } as never, {
      warningPercent: 70,
      errorPercent: 90,
    });
    assert.equal(gauge.used, s.svc.get('id1')!.compactions.applied[0].tokensAfter);
    assert.equal(gauge.measured, false);
    assert.ok(gauge.used < proposal.tokensBefore);
    await s.svc.send('id1', 'Go on.');
    const sent = s.requests.at(-1)!.messages;
    const all = JSON.stringify(sent);
    assert.ok(all.includes('USER EDIT: the ledger is out of scope.'));
    assert.ok(!all.includes(BIG.slice(0, 1000)), 'the dropped tool output is not sent');
    assert.ok(all.includes(JSON.stringify('Map the billing module\n  and say where rounding happens.').slice(1, -1)));
    assert.ok(all.includes('Now look at the ledger too.'));
    assert.deepEqual(
      sent.map((m) => m.role),
      ['system', 'user', 'user'],
      'system, the summary, the new message',
    );
    // the transcript keeps every turn, with a divider after the last one compacted
    const state = s.svc.get('id1')!;
    assert.equal(state.turns.length, 3);
    assert.equal(state.compactions.applied[0].afterTurn, 't2');
    assert.equal(state.compactions.proposal, undefined);
    assert.deepEqual(foldSession(s.store.logs.get('id1')!).context, state.context, 'the same after a reload');
  });

  it('records nothing and says why when the summarizer fails, returns nothing, or is not smaller', async () => {
    for (const [summary, why] of [
      [() => Promise.reject(new Error('503 upstream')), /could not be made.*503 upstream.*unchanged/],
      [() => [text('   '), finish('stop')], /returned nothing; the context is unchanged/],
      [() => [text('partial')], /stopped before it finished/],
      [() => [text('y'.repeat(120_000)), finish('stop')], /not smaller than the context/],
    ] as const) {
      const s = setup(summary as () => ModelStreamEvent[], [
        [callEv('a', 'read_file', { path: 'a.ts' }), finish()],
        [text('done'), finish('stop')],
      ]);
      await twoTurns(s);
      const before = s.store.logs.get('id1')!.length;
      await assert.rejects(s.svc.proposeCompaction('id1'), why);
      assert.equal(s.store.logs.get('id1')!.length, before, 'nothing recorded');
    }
  });

  it('discard drops the proposal and leaves the context; a stale proposal id is refused', async () => {
    const s = setup(() => [text(NARRATIVE), finish('stop')], [[callEv('a', 'read_file', { path: 'a.ts' }), finish()]]);
    await twoTurns(s);
    await s.svc.proposeCompaction('id1');
    const { proposalId } = s.svc.get('id1')!.compactions.proposal!;
    const context = s.svc.get('id1')!.context;
    await assert.rejects(s.svc.applyCompaction('id1', 'other'), /no longer pending/);
    await s.svc.discardCompaction('id1', proposalId);
    assert.equal(s.svc.get('id1')!.compactions.proposal, undefined);
    assert.equal(s.svc.get('id1')!.context, context);
    await assert.rejects(s.svc.applyCompaction('id1', proposalId), /no longer pending/);
  });
});

describe('the parts of a summary the runner carries', () => {
  it('lists every instruction (done or open), files read and changed, validation and stops', async () => {
    const s = setup(
      () => [text(NARRATIVE), finish('stop')],
      [[callEv('a', 'read_file', { path: 'billing/a.ts' }), finish()]],
    );
    await twoTurns(s);
    const facts = carriedFacts(s.svc.get('id1')!);
    assert.deepEqual(
      facts.instructions.map((i) => [i.text, i.done]),
      [
        ['Map the billing module\nand say where rounding happens.', true],
        ['Now look at the ledger too.', true],
      ],
    );
    assert.deepEqual(facts.filesRead, ['billing/a.ts']);
    const md = carriedText(facts);
    assert.match(md, /- \[done\] Map the billing module\n {2}and say where rounding happens\./);
    assert.match(md, /### Files read\n- billing\/a\.ts/);
  });
});

describe("the summarizer's request fits its window", () => {
  it('cuts the oldest tool outputs first, then the oldest messages, over generated conversations', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n) + 0;
    for (let round = 0; round < 200; round++) {
      const parts = Array.from({ length: 1 + rand(40) }, (_, i) =>
        i % 3 === 1 ? `[tool result c${i}]\n${'t'.repeat(rand(50_000))}` : `[user]\n${'u'.repeat(rand(3000))}`,
      );
      const max = 500 + rand(60_000);
      const out = fitted(parts, max);
      const size = out.reduce((n, p) => n + p.length + 2, 0);
      assert.ok(size <= max + 2, `round ${round}: ${size} > ${max}`);
      assert.ok(out.length > 0);
    }
    const messages = summarizerMessages([{ role: 'user', content: 'u'.repeat(1_000_000) }], 10_000);
    const chars = messages.reduce((n, m) => n + m.content.length, 0);
    assert.ok(chars / 3 <= 10_000, `${chars / 3} estimated tokens`);
  });
});
