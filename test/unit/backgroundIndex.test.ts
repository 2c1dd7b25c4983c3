import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { ObservedSettings } from '../../src/core/transcripts/observedSummary';
import { BackgroundTranscriptIndex } from '../../src/node/transcripts/backgroundIndex';
import type { Layout } from '../support/transcriptLayout';
import { FIXTURES, emptyLayout } from '../support/transcriptLayout';

/** The worker entry as tsc compiles it next to this test (the extension loads the esbuild bundle of the same file). */
const WORKER = path.resolve(__dirname, '../../src/node/transcripts/transcriptWorker.js');
const SESSION = '3fb74381-1bf4-475e-8c6f-442d872b1bcf';
const turn1 = fs.readFileSync(path.join(FIXTURES, 'claude-code/growing/turn-1.jsonl'));
const turn2 = fs.readFileSync(path.join(FIXTURES, 'claude-code/growing/turn-2.jsonl'));

const open: Array<{ index: BackgroundTranscriptIndex; layout: Layout }> = [];
afterEach(() => {
  for (const { index, layout } of open.splice(0)) {
    index.dispose();
    fs.rmSync(layout.dir, { recursive: true, force: true });
  }
});

function start(settings: () => ObservedSettings, logged: string[] = [], claudeRoots?: (l: Layout) => string[]) {
  const layout = emptyLayout();
  const index = new BackgroundTranscriptIndex({
    workerPath: WORKER,
    roots: () => ({ claude: claudeRoots?.(layout) ?? [layout.claudeConfig], codex: [layout.codexHome] }),
    scope: () => ({ mode: 'all', folders: [] }),
    settings,
    // problems only: not the line saying how the worker follows the folders
    log: (m, level) => level !== 'info' && logged.push(m),
  });
  open.push({ index, layout });
  return { index, layout, file: path.join(layout.claudeProject, `${SESSION}.jsonl`) };
}

/** An index persisted in `cacheFile`, as the extension makes it; its problems (not the watch mode's line) in `logged`. */
function persisted(layout: Layout, cacheFile: string, logged: string[]) {
  const index = new BackgroundTranscriptIndex({
    workerPath: WORKER,
    roots: () => ({ claude: [layout.claudeConfig], codex: [layout.codexHome] }),
    scope: () => ({ mode: 'all', folders: [] }),
    settings: () => base,
    log: (m, level) => level !== 'info' && logged.push(m),
    cacheFiles: { all: cacheFile },
  });
  open.push({ index, layout });
  return index;
}

const base: ObservedSettings = { contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 };

describe('transcript index in a worker thread', () => {
  it('answers the price dataset’s lookups for our sessions, before any pass', async () => {
    const { index } = start(() => base);
    const facts = await index.lookup('claude-opus-4-6', { apiUrl: 'https://api.anthropic.com/v1' });
    assert.deepEqual([facts.window?.tokens, facts.price?.price.input, facts.price?.price.output], [1_000_000, 5, 25]);
    assert.deepEqual(await index.lookup('my-local-model', { apiUrl: 'http://127.0.0.1:8080/v1' }), {});
  });

  it('reports the sessions the worker reads, and what an append changes', async () => {
    const { index, file } = start(() => base);
    fs.writeFileSync(file, turn1);
    await index.update();
    assert.equal(index.get(`claude-code:${SESSION}`)?.gaugeText, 'Claude Code 30.4k/200k 15%');
    const changed: string[] = [];
    index.onDidChange((c) => changed.push(...c.map((s) => s.gaugeText)));
    fs.appendFileSync(file, turn2.subarray(turn1.length));
    await index.update();
    assert.deepEqual(changed, ['Claude Code 43.8k/200k 22%']);
    assert.equal(index.summaries().length, 1);
  });

  it('reports on its own what is appended to a file idle for a day, and says that it watches', async () => {
    const logged: Array<[string, string | undefined]> = [];
    const layout = emptyLayout();
    const index = new BackgroundTranscriptIndex({
      workerPath: WORKER,
      roots: () => ({ claude: [layout.claudeConfig], codex: [layout.codexHome] }),
      scope: () => ({ mode: 'all', folders: [] }),
      settings: () => base,
      log: (m, level) => logged.push([m, level]),
    });
    open.push({ index, layout });
    const file = path.join(layout.claudeProject, `${SESSION}.jsonl`);
    fs.writeFileSync(file, turn1);
    const dayAgo = new Date(Date.now() - 24 * 3600_000);
    fs.utimesSync(file, dayAgo, dayAgo);
    await index.update();
    const turn2Shown = new Promise<void>((resolve, reject) => {
      // the timer only turns a hang into a failure
      const timer = setTimeout(() => reject(new Error('the worker reported no change')), 10_000);
      index.onDidChange((c) => {
        if (!c.some((s) => s.gaugeText === 'Claude Code 43.8k/200k 22%')) return;
        clearTimeout(timer);
        resolve();
      });
    });
    fs.appendFileSync(file, turn2.subarray(turn1.length));
    // no update() asked for: the worker heard the append itself
    await turn2Shown;
    assert.equal(logged.length, 1, JSON.stringify(logged));
    assert.match(logged[0][0], /^watching \d+ folders for changes$/);
    assert.equal(logged[0][1], 'info');
  });

  it('summarizes again with new settings on the next pass', async () => {
    let settings = base;
    const { index, file } = start(() => settings);
    fs.writeFileSync(file, turn2);
    await index.update();
    // as VS Code hands settings over: a proxy, which structured clone refuses
    settings = { ...base, contextWindows: new Proxy({ 'claude-sonnet-4-5-20250929': 100_000 }, {}) };
    await index.resummarize();
    assert.equal(index.get(`claude-code:${SESSION}`)?.gaugeText, 'Claude Code 43.8k/100k 44%');
  });

  it("passes the worker's log lines on", async () => {
    const logged: string[] = [];
    // a projects folder that is a symlink to itself: reading it fails with ELOOP
    const { index } = start(
      () => base,
      logged,
      (l) => {
        const loop = path.join(l.dir, 'loop');
        if (!fs.existsSync(loop)) fs.symlinkSync('loop', loop);
        return [loop];
      },
    );
    await index.update();
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(logged[0], /cannot read .*loop/);
  });

  it('logs a worker that dies, rejects its pass, starts another, and gives up after three restarts', async () => {
    const logged: string[] = [];
    const layout = emptyLayout();
    const broken = path.join(layout.dir, 'broken-worker.js');
    fs.writeFileSync(broken, "throw new Error('boom at load');\n");
    const index = new BackgroundTranscriptIndex({
      workerPath: broken,
      roots: () => ({ claude: [layout.claudeConfig], codex: [layout.codexHome] }),
      scope: () => ({ mode: 'all', folders: [] }),
      settings: () => base,
      log: (m) => logged.push(m),
    });
    open.push({ index, layout });
    for (let attempt = 0; attempt < 4; attempt++)
      await assert.rejects(index.update(), /the transcript worker failed: Error: boom at load/);
    await assert.rejects(index.update(), /stopped after repeated failures/);
    assert.equal(logged.length, 4, logged.join('\n'));
    assert.match(logged[0], /boom at load.*starting it again/s);
    assert.match(logged[3], /not restarting it/);
  });

  it('saves its index when closed, and the next worker starts from it', async () => {
    const logged: string[] = [];
    const layout = emptyLayout();
    const file = path.join(layout.claudeProject, `${SESSION}.jsonl`);
    const cacheFile = path.join(layout.dir, 'storage', 'transcript-index.json');
    const make = () => persisted(layout, cacheFile, logged);
    fs.writeFileSync(file, turn2);
    const when = new Date('2026-02-23T12:00:00Z');
    fs.utimesSync(file, when, when);
    const first = make();
    await first.update();
    const before = first.get(`claude-code:${SESSION}`);
    await first.close(); // the save is due a second after the pass at the earliest: only the stop makes it
    assert.ok(fs.existsSync(cacheFile));
    // the same file, inode, size and mtime with other bytes: a cold read would see them, a restored index does not
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(turn1.length, ' '), 0, turn1.length, 0);
    fs.closeSync(fd);
    fs.utimesSync(file, when, when);
    const second = make();
    await second.update();
    assert.deepEqual(second.get(`claude-code:${SESSION}`), before);
    assert.deepEqual(logged, []);
    // a damaged cache: one line, and the sessions as they are now
    await second.close();
    fs.writeFileSync(cacheFile, '{"version":1,"files":[');
    const third = make();
    await third.update();
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(logged[0], /saved index .*transcript-index\.json discarded: it is not valid JSON/);
    assert.notDeepEqual(third.get(`claude-code:${SESSION}`)?.totals, before?.totals);
  });

  it('shows the last run’s summaries at once, then the worker’s; a session deleted since goes after its first pass', async () => {
    const logged: string[] = [];
    const layout = emptyLayout();
    const cacheFile = path.join(layout.dir, 'storage', 'transcript-index.json');
    const make = () => persisted(layout, cacheFile, logged);
    const other = '0b6f0f5e-7a4c-4d7e-9a63-2a1f7a4b3c21';
    fs.writeFileSync(path.join(layout.claudeProject, `${SESSION}.jsonl`), turn2);
    fs.writeFileSync(path.join(layout.claudeProject, `${other}.jsonl`), turn1);
    const first = make();
    await first.update();
    await first.close();
    fs.rmSync(path.join(layout.claudeProject, `${other}.jsonl`)); // deleted while VS Code was closed

    const second = make();
    const shown = new Promise<string[]>((resolve) => {
      const off = second.onDidChange(
        () => (
          off(),
          resolve(
            second
              .summaries()
              .map((s) => s.key)
              .sort(),
          )
        ),
      );
    });
    const pass = second.update();
    // the deleted session is in the first change: it came from the saved file, not from the worker
    assert.deepEqual(await shown, [`claude-code:${other}`, `claude-code:${SESSION}`].sort());
    await pass;
    assert.deepEqual(
      second.summaries().map((s) => s.key),
      [`claude-code:${SESSION}`],
    );
    assert.deepEqual(logged, []);

    // a damaged summaries file: one line, nothing shown from it, the worker's sessions as usual
    await second.close();
    fs.writeFileSync(
      cacheFile.replace(/\.json$/, '.summaries.json'),
      '{"version":1,"summaries":[{"key":"claude-code:x"}]',
    );
    const third = make();
    await third.update();
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(logged[0], /saved summaries .*transcript-index\.summaries\.json not shown: it is not valid JSON/);
    assert.deepEqual(
      third.summaries().map((s) => s.key),
      [`claude-code:${SESSION}`],
    );
  });

  it('rejects the pass in flight when disposed', async () => {
    const { index, file } = start(() => base);
    fs.writeFileSync(file, turn2);
    const pass = index.update();
    index.dispose();
    await assert.rejects(pass, /disposed/);
    await assert.rejects(index.update(), /disposed/);
  });
});
