import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ClaudeCodeTranscript } from '../../src/core/transcripts/claudeCodeTranscript';
import { CodexTranscript } from '../../src/core/transcripts/codexTranscript';
import type { TranscriptFold } from '../../src/core/transcripts/transcriptLine';
import { stringLine } from '../../src/core/transcripts/transcriptLine';
import { FIXTURES } from '../support/transcriptLayout';

const lines = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel), 'utf8').split('\n').filter(Boolean);
/** Hands a line over as the reader does: only when it holds one of the fold's needles at that moment. */
const give = (t: TranscriptFold, line: string) => {
  const matched = t.needles().reduce((bits, n, k) => (line.includes(n) ? bits | (1 << k) : bits), 0);
  if (matched) t.applyLine(stringLine(line), matched);
};
const feed = <T extends TranscriptFold>(t: T, rel: string): T => {
  lines(rel).forEach((l) => give(t, l));
  return t;
};

const assistant = (o: { id?: string; req?: string; model?: string; out?: number; input?: number; side?: boolean }) =>
  JSON.stringify({
    type: 'assistant',
    isSidechain: o.side ?? false,
    requestId: o.req ?? 'req_1',
    timestamp: '2026-01-01T00:00:00Z',
    message: {
      id: o.id ?? 'msg_1',
      model: o.model ?? 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'hi "usage": {"input_tokens": 999}' }],
      usage: {
        input_tokens: o.input ?? 10,
        cache_creation_input_tokens: 100,
        cache_read_input_tokens: 1000,
        output_tokens: o.out ?? 1,
      },
    },
  });

describe('Claude Code transcript', () => {
  it('counts a streamed message once, keeping its largest output', () => {
    const t = new ClaudeCodeTranscript();
    [assistant({ out: 1 }), assistant({ out: 87 }), assistant({ out: 5 })].forEach((l) => give(t, l));
    assert.equal(t.messages.size, 1);
    assert.equal([...t.messages.values()][0].usage.output, 87);
  });

  it('takes context now from the last main-chain reply: input + cache creation + cache read', () => {
    const t = feed(new ClaudeCodeTranscript(), 'claude-code/growing/turn-2.jsonl');
    assert.deepEqual(t.contextNow, {
      input: 12,
      cacheCreation: 8806,
      cacheRead: 34951,
      output: 5536,
      model: 'claude-sonnet-4-5-20250929',
    });
    assert.equal(t.title, 'show tools');
    assert.equal(t.unreadable, 0);
  });

  it('keeps sidechain lines out of context now and skips synthetic replies', () => {
    const t = new ClaudeCodeTranscript();
    give(t, assistant({ id: 'a', input: 5 }));
    give(t, assistant({ id: 'b', input: 7, side: true }));
    give(t, assistant({ id: 'c', input: 9, model: '<synthetic>' }));
    assert.equal(t.contextNow?.input, 5);
    assert.deepEqual([...t.messages.keys()], ['a:req_1', 'b:req_1']);
  });

  it('records compactions with their pre-compaction size, and titles from the first typed prompt', () => {
    const t = new ClaudeCodeTranscript();
    give(
      t,
      JSON.stringify({ type: 'user', message: { role: 'user', content: '<command-name>/clear</command-name>' } }),
    );
    give(t, JSON.stringify({ type: 'user', isMeta: true, message: { role: 'user', content: 'Caveat: meta' } }));
    give(
      t,
      JSON.stringify({
        type: 'user',
        cwd: '/w',
        message: { role: 'user', content: [{ type: 'text', text: '  Fix the <script>alert(1)</script> bug\nmore' }] },
      }),
    );
    give(
      t,
      JSON.stringify({
        type: 'system',
        subtype: 'compact_boundary',
        timestamp: 'T',
        compactMetadata: { trigger: 'auto', preTokens: 155_000 },
      }),
    );
    assert.equal(t.title, 'Fix the <script>alert(1)</script> bug');
    assert.equal(t.cwd, '/w');
    assert.deepEqual(t.compactions, [{ timestamp: 'T', trigger: 'auto', preTokens: 155_000 }]);
  });

  it('skips and counts lines it cannot read, and ignores unknown types', () => {
    const t = new ClaudeCodeTranscript();
    give(t, '{"type":"assistant","usage": {broken');
    give(t, JSON.stringify({ type: 'future-kind', usage: { input_tokens: 1 }, version: '9.9' }));
    give(t, '\u0000\ufffd not json "user"');
    give(t, assistant({}));
    assert.equal(t.unreadable, 2);
    assert.equal(t.linesRead, 4);
    assert.equal(t.messages.size, 1);
  });

  it('still finds the title, compactions and cwd when "usage" or "user" are only words in values', () => {
    const t = new ClaudeCodeTranscript();
    const common = { isSidechain: false, cwd: '/home/me/token-usage', gitBranch: 'fix-"usage"', sessionId: 's1' };
    give(
      t,
      JSON.stringify({
        ...common,
        type: 'user',
        message: { role: 'user', content: 'show me the "usage" of the disk' },
      }),
    );
    give(
      t,
      JSON.stringify({
        ...common,
        type: 'system',
        subtype: 'compact_boundary',
        timestamp: 'T',
        compactMetadata: { trigger: 'manual', preTokens: 9 },
      }),
    );
    give(t, assistant({ id: 'a', input: 5 }));
    assert.equal(t.title, 'show me the "usage" of the disk');
    assert.equal(t.compactions.length, 1);
    assert.equal(t.cwd, '/home/me/token-usage');
    assert.equal(t.contextNow?.input, 5);
    assert.equal(t.unreadable, 0);
    // "user" as a value, "cwd" after "type": the line is not the first prompt, but it gives the cwd
    const u = new ClaudeCodeTranscript();
    give(u, JSON.stringify({ type: 'summary', summary: 'the "user" asked', cwd: '/w' }));
    assert.equal(u.title, undefined);
    assert.equal(u.cwd, '/w');
    assert.equal(u.unreadable, 0);
  });

  it('decodes UTF-8 and escapes in the title, cwd and model from the line bytes', () => {
    const t = new ClaudeCodeTranscript();
    give(t, JSON.stringify({ type: 'user', cwd: '/home/naïve', message: { role: 'user', content: 'Grüße "ok" ✓' } }));
    give(t, assistant({ model: 'claude-ünïcode' }));
    assert.equal(t.title, 'Grüße "ok" ✓');
    assert.equal(t.cwd, '/home/naïve');
    assert.equal(t.contextNow?.model, 'claude-ünïcode');
  });

  it('counts lines that are not one JSON object as unreadable, and reads odd token counts as ccusage does', () => {
    const t = new ClaudeCodeTranscript();
    for (const bad of ['["usage"]', '"usage"', '{"usage":', '{"usage" 1}', '{"usage":"unterminated}', '{"usage":1} x'])
      give(t, bad);
    assert.equal(t.unreadable, 6);
    const odd = JSON.parse(assistant({})) as { message: { usage: Record<string, unknown> } };
    odd.message.usage = { input_tokens: 1.5e1, output_tokens: -4, cache_read_input_tokens: '12', cache_creation: 5 };
    give(t, JSON.stringify(odd));
    assert.deepEqual([...t.messages.values()][0].usage, {
      input: 15,
      output: 0,
      cacheCreation: 0,
      cacheCreation1h: 0,
      cacheRead: 0,
    });
  });

  it('titles a session whose first message starts with an injected reminder block by the typed block', () => {
    const t = feed(new ClaudeCodeTranscript(), 'claude-code/b3a7bd3c-5a10-4e7b-8ff0-7fc0cd6d1093.jsonl');
    assert.ok(t.title && !t.title.startsWith('<'), t.title);
  });

  it('reads the subagent fixtures as sidechain usage', () => {
    const t = feed(
      new ClaudeCodeTranscript(),
      'claude-code/b3a7bd3c-5a10-4e7b-8ff0-7fc0cd6d1093/subagents/agent-a775a67.jsonl',
    );
    assert.ok([...t.messages.values()].every((m) => m.sidechain));
    assert.equal(t.contextNow, undefined);
  });
});

describe('Codex transcript', () => {
  it('counts repeated token_count events once and takes context now from last_token_usage', () => {
    const t = feed(
      new CodexTranscript(),
      'codex/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl',
    );
    assert.deepEqual(t.totals, {
      input: 298373 - 238848,
      output: 1123,
      cacheCreation: 0,
      cacheCreation1h: 0,
      cacheRead: 238848,
    });
    assert.equal(t.last?.total, 63727);
    assert.equal(t.contextWindow, 258400);
    assert.equal(t.model, 'gpt-5.3-codex');
    assert.equal(t.cwd !== undefined, true);
  });

  it('counts a token_count line cut short (a torn write followed by more) as unreadable, as ccusage skips it', () => {
    const whole = lines('codex/growing/turn-2.jsonl');
    const t = new CodexTranscript();
    const cut = whole.map((l) =>
      l.includes('"token_count"') && l.includes('"rate_limits"') ? l.slice(0, l.indexOf('"rate_limits"') + 20) : l,
    );
    assert.ok(
      cut.some((l, i) => l !== whole[i]),
      'the fixture has token_count lines with rate limits',
    );
    cut.forEach((l) => give(t, l));
    assert.ok(t.unreadable > 0);
    assert.deepEqual(t.totals, { input: 0, output: 0, cacheCreation: 0, cacheCreation1h: 0, cacheRead: 0 });
  });

  it('reads the growing pair: turn 2 adds to turn 1', () => {
    const one = feed(new CodexTranscript(), 'codex/growing/turn-1.jsonl');
    const two = feed(new CodexTranscript(), 'codex/growing/turn-2.jsonl');
    assert.equal(one.last?.total, 1036);
    assert.equal(two.last?.total, 1120);
    assert.equal(two.model, 'o4-mini');
    assert.ok(two.title);
  });
});
