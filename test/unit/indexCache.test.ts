import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import { TranscriptIndex } from '../../src/node/transcripts/transcriptIndex';
import {
  BIG_UNSAVED_BYTES,
  FAST_GAP_MS,
  IndexCacheKeeper,
  SLOW_GAP_MS,
} from '../../src/node/transcripts/indexCacheKeeper';
import type { IndexScope } from '../../src/node/transcripts/transcriptIndex';
import type { StoreFs } from '../../src/node/storeFs';
import type { Layout } from '../support/transcriptLayout';
import { FIXTURES, ccusageSessions, fixtureLayout } from '../support/transcriptLayout';
import { RecordingFs } from '../support/recordingFs';

const settings = { contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 };
const SCOPE: IndexScope = { mode: 'all', folders: [] };
const turn1 = fs.readFileSync(path.join(FIXTURES, 'claude-code/growing/turn-1.jsonl'));
const turn2 = fs.readFileSync(path.join(FIXTURES, 'claude-code/growing/turn-2.jsonl'));
const GROWING = '3fb74381-1bf4-475e-8c6f-442d872b1bcf';

let layout: Layout;
let cacheFile: string;
let growing: string;
beforeEach(() => {
  layout = fixtureLayout();
  cacheFile = path.join(layout.dir, 'storage', 'transcript-index.json');
  growing = path.join(layout.claudeProject, `${GROWING}.jsonl`);
  fs.writeFileSync(growing, turn1);
});
afterEach(() => fs.rmSync(layout.dir, { recursive: true, force: true }));

interface Run {
  summaries: SessionSummary[];
  /** Every read of a transcript: path relative to the layout, from, bytes. */
  reads: Array<[string, number, number]>;
  logged: string[];
  ops: string[];
}

/** One start of the worker's index, as the worker runs it: restore (if asked), one pass, save. */
async function start(options: { cache?: boolean; storeFs?: StoreFs } = {}): Promise<Run> {
  const reads: Run['reads'] = [];
  const logged: string[] = [];
  const roots = { claude: [layout.claudeConfig], codex: [layout.codexHome] };
  const index = new TranscriptIndex({
    roots: () => roots,
    scope: () => SCOPE,
    settings: () => settings,
    log: (m) => logged.push(m),
    onRead: (p, from, bytes) => {
      reads.push([path.relative(layout.dir, p), from, bytes]);
      keeper.noteRead(bytes);
    },
  });
  const recording = new RecordingFs(options.storeFs);
  const keeper = new IndexCacheKeeper(index, {
    files: options.cache === false ? {} : { all: cacheFile },
    log: (m) => logged.push(m),
    storeFs: recording,
  });
  keeper.beforePass(roots, SCOPE);
  index.update();
  keeper.afterPass();
  await keeper.flush();
  return { summaries: index.summaries(), reads, logged, ops: recording.ops };
}

const cold = () => start({ cache: false });
/** Edits the saved cache as JSON. */
const editCache = (edit: (value: Record<string, unknown>) => void) => {
  const value = JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Record<string, unknown>;
  edit(value);
  fs.writeFileSync(cacheFile, JSON.stringify(value));
};

describe('persisted transcript index', () => {
  it('restarts warm without reading a transcript, with every summary equal to a cold read and to ccusage', async () => {
    const first = await start();
    assert.ok(first.reads.length > 10, 'the first start reads every file');
    assert.ok(fs.existsSync(cacheFile));
    const warm = await start();
    assert.deepEqual(warm.reads, []);
    assert.deepEqual(warm.logged, []);
    assert.deepEqual(warm.summaries, (await cold()).summaries);
    assert.ok(warm.summaries.length >= 8, `${warm.summaries.length} sessions`);
    // nothing changed: nothing is written again
    assert.deepEqual(warm.ops, []);
    const theirs = new Map((await ccusageSessions(layout, 'claude')).map((s) => [s.sessionId, s.totalTokens]));
    for (const s of warm.summaries.filter((x) => x.source === 'claude-code' && theirs.has(x.id)))
      assert.equal(s.totals && s.totals.main.total + s.totals.subagents.total, theirs.get(s.id), s.id);
  });

  it('reads an appended file from its saved offset only', async () => {
    await start();
    fs.appendFileSync(growing, turn2.subarray(turn1.length));
    const warm = await start();
    assert.deepEqual(warm.reads, [[path.relative(layout.dir, growing), turn1.length, turn2.length - turn1.length]]);
    assert.deepEqual(warm.summaries, (await cold()).summaries);
  });

  it('drops a file that is gone, and reads a new one', async () => {
    await start();
    fs.rmSync(growing);
    const added = path.join(layout.claudeProject, '11111111-2222-4333-8444-555555555555.jsonl');
    fs.writeFileSync(added, turn2);
    const warm = await start();
    assert.deepEqual(warm.reads, [[path.relative(layout.dir, added), 0, turn2.length]]);
    assert.deepEqual(warm.summaries, (await cold()).summaries);
    assert.ok(!warm.summaries.some((s) => s.id === GROWING));
  });

  it('reads from the start a file replaced by a shorter one while the cache says it was longer', async () => {
    fs.writeFileSync(growing, turn2);
    await start();
    fs.writeFileSync(growing, turn1); // the same inode, shorter than the saved offset
    const warm = await start();
    assert.deepEqual(warm.reads, [[path.relative(layout.dir, growing), 0, turn1.length]]);
    assert.deepEqual(warm.summaries, (await cold()).summaries);
    assert.equal(warm.summaries.find((s) => s.id === GROWING)?.context.used, 10 + 30383);
  });

  it('reads from the start a file replaced by another of the same size and mtime (another inode)', async () => {
    const when = new Date('2026-02-23T12:00:00Z');
    fs.writeFileSync(growing, turn2);
    fs.utimesSync(growing, when, when);
    await start();
    // one more output token in the last reply: same length, another file
    const text = turn2.toString('utf8');
    const at = text.lastIndexOf('"output_tokens":') + '"output_tokens":'.length;
    const digit = Number(text[at]);
    const other = text.slice(0, at) + String((digit + 1) % 10) + text.slice(at + 1);
    fs.writeFileSync(`${growing}.new`, other);
    fs.renameSync(`${growing}.new`, growing);
    fs.utimesSync(growing, when, when);
    const warm = await start();
    assert.deepEqual(warm.reads, [[path.relative(layout.dir, growing), 0, turn2.length]]);
    assert.deepEqual(warm.summaries, (await cold()).summaries);
  });

  const discards: Array<[string, () => void, RegExp]> = [
    ['empty', () => fs.writeFileSync(cacheFile, ''), /empty/],
    [
      'truncated mid-record',
      () => {
        const text = fs.readFileSync(cacheFile, 'utf8');
        fs.writeFileSync(cacheFile, text.slice(0, text.indexOf('"fold"', text.length / 2) + 20));
      },
      /not valid JSON/,
    ],
    ['unparsable', () => fs.writeFileSync(cacheFile, '{"version":1,'), /not valid JSON/],
    ['of an older version', () => editCache((v) => (v.version = 1)), /version 1, not 2/],
    ['of another machine', () => editCache((v) => (v.host = 'elsewhere')), /another machine/],
    [
      "of another machine's folders",
      () => editCache((v) => (v.roots = { claude: ['/home/someone/.claude/projects'], codex: [] })),
      /other transcript folders/,
    ],
    [
      'with a malformed count',
      () => editCache((v) => ((v.files as Array<{ fold: { linesRead: number } }>)[0].fold.linesRead = -1)),
      /record 0 is malformed \(fold\.linesRead\)/,
    ],
  ];
  for (const [what, damage, reason] of discards) {
    it(`discards a cache ${what}: one log line, then a cold read`, async () => {
      const first = await start();
      damage();
      const warm = await start();
      assert.equal(warm.logged.length, 1, warm.logged.join('\n'));
      assert.match(warm.logged[0], /saved index .* discarded: /);
      assert.match(warm.logged[0], reason);
      assert.deepEqual(warm.reads, first.reads);
      assert.deepEqual(warm.summaries, (await cold()).summaries);
      // and the cold read is saved again in its place
      assert.equal((await start()).reads.length, 0);
    });
  }

  it("says nothing when the scope changes during a run and the cache is the old scope's", async () => {
    const logged: string[] = [];
    const roots = { claude: [layout.claudeConfig], codex: [layout.codexHome] };
    let scope: IndexScope = SCOPE;
    const index = new TranscriptIndex({
      roots: () => roots,
      scope: () => scope,
      settings: () => settings,
      log: () => {},
    });
    const keeper = new IndexCacheKeeper(index, {
      files: { all: cacheFile, workspace: cacheFile },
      log: (m) => logged.push(m),
    });
    const pass = () => {
      keeper.beforePass(roots, scope);
      index.update();
      keeper.noteRead(1);
      keeper.afterPass();
    };
    pass();
    scope = { mode: 'workspace', folders: ['/work/demo'] };
    pass(); // saves the 'all' index first, then finds it built for another scope
    await keeper.flush();
    scope = SCOPE;
    pass();
    await keeper.flush();
    assert.deepEqual(logged, []);
  });

  it('saves the index, then its summaries, each through temp -> fsync -> rename -> folder fsync', async () => {
    const { ops } = await start();
    assert.deepEqual(
      ops.filter((op) => !op.startsWith('mkdir')),
      [
        'open .transcript-index.json.tmp wx',
        'write .transcript-index.json.tmp',
        'fsync .transcript-index.json.tmp',
        'close .transcript-index.json.tmp',
        'rename .transcript-index.json.tmp→transcript-index.json',
        'fsync-dir storage',
        // then the summaries the next start shows first, the same way
        'open .transcript-index.summaries.json.tmp wx',
        'write .transcript-index.summaries.json.tmp',
        'fsync .transcript-index.summaries.json.tmp',
        'close .transcript-index.summaries.json.tmp',
        'rename .transcript-index.summaries.json.tmp→transcript-index.summaries.json',
        'fsync-dir storage',
      ],
    );
  });
});

describe('when the persisted index is saved', () => {
  it('soon after megabytes were read, at most every 5 s; within 5 minutes after small appends; never when nothing changed', async () => {
    let now = 1_000_000;
    const scheduled: Array<{ ms: number; run: () => void; cancelled: boolean }> = [];
    const roots = { claude: [layout.claudeConfig], codex: [layout.codexHome] };
    const index = new TranscriptIndex({
      roots: () => roots,
      scope: () => SCOPE,
      settings: () => settings,
      log: () => {},
    });
    const recording = new RecordingFs();
    const keeper = new IndexCacheKeeper(index, {
      files: { all: cacheFile },
      log: () => {},
      now: () => now,
      storeFs: recording,
      schedule: (run, ms) => {
        const entry = { ms, run, cancelled: false };
        scheduled.push(entry);
        return () => (entry.cancelled = true);
      },
    });
    const pass = (bytes: number) => {
      keeper.beforePass(roots, SCOPE);
      index.update();
      keeper.noteRead(bytes);
      keeper.afterPass();
    };
    const saves = () =>
      recording.ops.filter((op) => op.startsWith('rename') && op.endsWith('transcript-index.json')).length;
    pass(0);
    assert.equal(scheduled.length, 0, 'nothing read, nothing to save');
    pass(1000);
    assert.equal(scheduled.at(-1)?.ms, 1_000, 'never saved yet: due a second after the pass');
    scheduled.at(-1)?.run();
    await keeper.flush();
    assert.equal(saves(), 1);
    now += 2_000;
    pass(1000); // a small append two seconds later: within five minutes of the last save
    assert.equal(scheduled.at(-1)?.ms, SLOW_GAP_MS - 2_000);
    pass(BIG_UNSAVED_BYTES); // then megabytes: five seconds after the last save
    assert.equal(scheduled.at(-2)?.cancelled, true);
    assert.equal(scheduled.at(-1)?.ms, FAST_GAP_MS - 2_000);
    const count = scheduled.length;
    pass(10); // already due sooner: left as it is
    assert.equal(scheduled.length, count);
    await keeper.flush(); // the stop: saved now
    assert.equal(saves(), 2);
    await keeper.flush();
    assert.equal(saves(), 2, 'nothing unsaved: no write');
  });
});
