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

const base: ObservedSettings = { contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 };

describe('transcript index in a worker thread', () => {
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

  it('rejects the pass in flight when disposed', async () => {
    const { index, file } = start(() => base);
    fs.writeFileSync(file, turn2);
    const pass = index.update();
    index.dispose();
    await assert.rejects(pass, /disposed/);
    await assert.rejects(index.update(), /disposed/);
  });
});
