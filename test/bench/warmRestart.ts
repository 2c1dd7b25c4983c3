import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import { encodeIndexCache, machineIdentity, readIndexCache } from '../../src/node/transcripts/indexCache';
import { TranscriptIndex } from '../../src/node/transcripts/transcriptIndex';
import type { Layout } from '../support/transcriptLayout';
import { newIndex, sum } from './ingestChild';
import { differences, ourSessionTotals } from './ingestTotals';
import { median, ms } from './stats';

const RUNS = 5;
const MB = 1e6;

/**
 * A restart with a warm persisted index, against one ccusage run on the same corpus: from the worker's
 * start to every summary published on the host (the pass that restores the index and stats every
 * file is done), with nothing changed since the index was saved. Then where that time goes.
 */
export async function benchWarmRestart(
  layout: Layout,
  ccusageMs: number,
  theirTotals: ReadonlyMap<string, number>,
): Promise<void> {
  const storage = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-bench-cache-'));
  const cacheFile = path.join(storage, 'transcript-index.json');
  try {
    const problems: string[] = [];
    // the first start: a cold read, saved when the index is closed
    const first = newIndex(layout, problems, cacheFile);
    await first.update();
    const t0 = performance.now();
    await first.close();
    const closeMs = performance.now() - t0;
    const saved = fs.statSync(cacheFile);

    const runs: number[] = [];
    const shownRuns: number[] = [];
    let summaries: SessionSummary[] = [];
    const expected = first.summaries().length;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const index = newIndex(layout, problems, cacheFile);
      // on screen: every session shown, from the summaries saved beside the index (before the worker's pass)
      const shown = new Promise<number>((resolve) => {
        const off = index.onDidChange(() => {
          if (index.summaries().length < expected) return;
          off();
          resolve(performance.now() - start);
        });
      });
      await index.update();
      runs.push(performance.now() - start);
      shownRuns.push(await shown);
      summaries = index.summaries();
      await index.close();
    }
    const rewritten = fs.statSync(cacheFile).mtimeMs !== saved.mtimeMs;
    // the floor: a worker started on empty folders, with no cache
    const emptyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-bench-empty-'));
    const floorRuns: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      const index = newIndex({ claudeConfig: emptyDir, codexHome: emptyDir }, problems);
      await index.update();
      floorRuns.push(performance.now() - start);
      await index.close();
    }
    fs.rmSync(emptyDir, { recursive: true, force: true });

    // in this thread, the parts: read + check the cache, then the pass (discovery, a stat per file, summaries)
    const roots = { claude: [layout.claudeConfig], codex: [layout.codexHome] };
    const scope = { mode: 'all' as const, folders: [] };
    const identity = machineIdentity(roots, scope);
    const parts = { read: [] as number[], pass: [] as number[], encode: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      let t = performance.now();
      const read = readIndexCache(cacheFile, identity);
      parts.read.push(performance.now() - t);
      if (!('index' in read)) throw new Error(`the bench's cache was not usable: ${JSON.stringify(read)}`);
      const index = new TranscriptIndex({
        roots: () => roots,
        scope: () => scope,
        settings: () => ({ contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 }),
        log: (m) => problems.push(m),
      });
      index.restore(read.index);
      t = performance.now();
      index.update();
      parts.pass.push(performance.now() - t);
      t = performance.now();
      encodeIndexCache(identity, index.snapshot());
      parts.encode.push(performance.now() - t);
    }

    const shownMs = median(shownRuns);
    console.log(
      `  restart, all ${expected} summaries on screen (saved with the index, checked by the worker next): ours ${ms(shownMs)}, ` +
        `ccusage ${ms(ccusageMs)}, ratio ${(ccusageMs / shownMs).toFixed(1)}x faster (target: >= 10x); runs ${shownRuns.map((r) => ms(r)).join(', ')}`,
    );
    const ours = median(runs);
    const ourTotals = ourSessionTotals(layout, summaries);
    const differ = differences(ourTotals, theirTotals);
    const equal = differ === 0 && sum([...ourTotals.values()]) === sum([...theirTotals.values()]);
    const ratio = ccusageMs / ours;
    console.log(
      `  restart, every summary checked against the disk by the worker (nothing changed): ours ${ms(ours)} for ${summaries.length} summaries, ` +
        `ccusage ${ms(ccusageMs)}, ratio ${ratio.toFixed(1)}x faster; totals equal ccusage's: ${equal ? 'yes' : `no (${differ} sessions differ)`}`,
    );
    console.log(
      `    ours: runs ${runs.map((r) => ms(r)).join(', ')}; a worker on empty folders ${ms(median(floorRuns))} (runs ${floorRuns.map((r) => ms(r)).join(', ')}); ` +
        `in one thread: read + check the cache ${ms(median(parts.read))}, the pass (discovery, a stat per file, summaries) ${ms(median(parts.pass))}; ` +
        `cache ${(saved.size / MB).toFixed(1)} MB, encoding it ${ms(median(parts.encode))}, close with the save ${ms(closeMs)}; rewritten by the warm starts: ${rewritten ? 'yes' : 'no'}` +
        (problems.length ? `; ${problems.length} problem(s) logged, first: ${problems[0]}` : ''),
    );
  } finally {
    fs.rmSync(storage, { recursive: true, force: true });
  }
}
