import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClaudeCodeTranscript } from '../../src/core/transcripts/claudeCodeTranscript';
import { CodexTranscript } from '../../src/core/transcripts/codexTranscript';
import { scanNewLines } from '../../src/node/transcripts/lineTail';
import { FIXTURES } from '../support/transcriptLayout';

type Fold = ClaudeCodeTranscript | CodexTranscript;
const buffer = Buffer.alloc(1 << 16);

/** Every fixture transcript, with a fresh fold of its kind. */
function fixtures(): Array<[string, () => Fold, (data: unknown) => Fold | undefined]> {
  const out: Array<[string, () => Fold, (data: unknown) => Fold | undefined]> = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.includes(`${path.sep}codex${path.sep}`))
        out.push([p, () => new CodexTranscript(), CodexTranscript.restore]);
      else if (p.endsWith('.jsonl'))
        out.push([p, () => new ClaudeCodeTranscript(!p.includes('subagents')), ClaudeCodeTranscript.restore]);
    }
  };
  walk(FIXTURES);
  return out;
}

/** The growing fixtures with a compaction in their middle (no recorded fixture has one). */
function withCompactions(dir: string): ReturnType<typeof fixtures> {
  const insert = (from: string, line: object, to: string) => {
    const lines = fs.readFileSync(path.join(FIXTURES, from), 'utf8').split('\n');
    lines.splice(Math.floor(lines.length / 2), 0, JSON.stringify(line));
    fs.writeFileSync(path.join(dir, to), lines.join('\n'));
    return path.join(dir, to);
  };
  const claude = insert(
    'claude-code/growing/turn-2.jsonl',
    { type: 'system', subtype: 'compact_boundary', timestamp: 'T', compactMetadata: { trigger: 'auto', preTokens: 9 } },
    'compacted-claude.jsonl',
  );
  const codex = insert(
    'codex/growing/turn-2.jsonl',
    { timestamp: 'T2', type: 'compacted', payload: { message: '' } },
    'compacted-codex.jsonl',
  );
  return [
    [claude, () => new ClaudeCodeTranscript(), ClaudeCodeTranscript.restore],
    [codex, () => new CodexTranscript(), CodexTranscript.restore],
  ];
}

/** Through JSON, as the cache stores it. */
const stored = (fold: Fold) => JSON.parse(JSON.stringify(fold.snapshot())) as unknown;

describe('fold snapshots', () => {
  it('restoring a snapshot taken mid-file and folding the rest gives what a cold read gives', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-fold-'));
    try {
      for (const [file, fresh, restore] of [...fixtures(), ...withCompactions(dir)]) {
        const bytes = fs.readFileSync(file);
        const cold = fresh();
        scanNewLines(file, undefined, cold, buffer);
        if (path.dirname(file) === dir) assert.equal(cold.compactions.length, 1, file);
        // cut at every tenth of the file (a cut mid-line leaves that line to the second read)
        for (let part = 1; part < 10; part++) {
          const copy = path.join(dir, `cut-${part}-${path.basename(file)}`);
          fs.writeFileSync(copy, bytes.subarray(0, Math.floor((bytes.length * part) / 10)));
          const first = fresh();
          const { position } = scanNewLines(copy, undefined, first, buffer);
          const restored = restore(stored(first));
          assert.ok(restored, `${file} at ${part}/10`);
          assert.deepEqual(restored.snapshot(), first.snapshot());
          fs.writeFileSync(copy, bytes);
          scanNewLines(copy, position, restored, buffer);
          assert.deepEqual(restored.snapshot(), cold.snapshot(), `${file} cut at ${part}/10`);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses anything malformed, and says which field', () => {
    const [file] = fixtures().filter(([p]) => p.endsWith('4c289ca8-f8bb-4588-8400-88b78beb784d.jsonl'));
    const fold = new ClaudeCodeTranscript();
    scanNewLines(file[0], undefined, fold, buffer);
    const good = stored(fold) as { messages: Array<[string, { usage: Record<string, unknown> }]> };
    assert.ok(good.messages.length > 2);
    const bad: Array<[string, (s: Record<string, unknown> & typeof good) => void]> = [
      ['wantTitle', (s) => (s.wantTitle = 'yes')],
      ['messages', (s) => (s.messages = {} as never)],
      ['message key', (s) => (s.messages[0] = ['', s.messages[0][1]])],
      ['twice', (s) => s.messages.push(s.messages[0])],
      ['usage.output', (s) => (s.messages[1][1].usage.output = -3)],
      ['usage.input', (s) => (s.messages[1][1].usage.input = 1.5)],
      ['usage.cacheRead', (s) => (s.messages[1][1].usage.cacheRead = '12')],
      ['usage', (s) => (s.messages[1][1].usage = null as never)],
      ['message.sidechain', (s) => delete (s.messages[1][1] as Record<string, unknown>).sidechain],
      ['message.at', (s) => ((s.messages[1][1] as Record<string, unknown>).at = 5)],
      ['contextNow.model', (s) => (s.contextNow = { input: 1, cacheCreation: 0, cacheRead: 0, output: 0 })],
      ['compaction.preTokens', (s) => (s.compactions = [{ preTokens: 'many' }])],
      ['title', (s) => (s.title = 7)],
      ['linesRead', (s) => (s.linesRead = Number.MAX_VALUE)],
    ];
    for (const [what, damage] of bad) {
      const copy = structuredClone(good) as Record<string, unknown> & typeof good;
      damage(copy);
      let said = '';
      assert.equal(
        ClaudeCodeTranscript.restore(copy, (w) => (said = w)),
        undefined,
        what,
      );
      assert.ok(said.includes(what), `${what}: said ${said}`);
    }
    assert.equal(CodexTranscript.restore({ totals: { input: 1 } }), undefined);
    assert.equal(CodexTranscript.restore('nope'), undefined);
    // an optional timestamp on an entry is carried over
    const withAt = structuredClone(good);
    (withAt.messages[0][1] as Record<string, unknown>).at = '2026-02-23T12:00:00Z';
    assert.equal(
      (ClaudeCodeTranscript.restore(withAt)?.messages.get(withAt.messages[0][0]) as unknown as { at: string }).at,
      '2026-02-23T12:00:00Z',
    );
  });
});
