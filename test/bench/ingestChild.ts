import * as path from 'path';
import { performance } from 'perf_hooks';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import { BackgroundTranscriptIndex } from '../../src/node/transcripts/backgroundIndex';

/**
 * Our cold ingest as the extension runs it (the bundled worker, npm run bench builds dist/ first),
 * and, run as a script, the same in a fresh process that loads nothing else, reporting its own peak
 * RSS, its baseline and the longest stall of its main thread.
 */

const WORKER = path.resolve(__dirname, '../../../dist/transcriptWorker.js');

export interface ChildIngest {
  ms: number;
  maxRssKb: number;
  baselineRssKb: number;
  total: number;
  sessions: number;
  /** The longest gap of a 1 ms timer on the fresh process's main thread during the ingest. */
  maxStallMs: number;
}

export interface Roots {
  claudeConfig: string;
  codexHome: string;
}

/** The bundled worker's index on the roots; with `cacheFile`, persisted there (as the extension does). */
export function newIndex(roots: Roots, problems: string[], cacheFile?: string): BackgroundTranscriptIndex {
  return new BackgroundTranscriptIndex({
    cacheFiles: cacheFile ? { all: cacheFile } : undefined,
    workerPath: WORKER,
    roots: () => ({ claude: [roots.claudeConfig], codex: [roots.codexHome] }),
    scope: () => ({ mode: 'all', folders: [] }),
    settings: () => ({ contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 }),
    log: (m) => problems.push(m),
  });
}

export const totalOf = (s: SessionSummary | undefined) =>
  s?.totals ? s.totals.main.total + s.totals.subagents.total : 0;
export const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The longest gap between 1 ms timer ticks while `fn` runs, minus the 1 ms: the host's worst stall. */
export async function withStallMeter<T>(fn: () => Promise<T>): Promise<{ result: T; maxStallMs: number }> {
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
  }, 1);
  try {
    const result = await fn();
    maxGap = Math.max(maxGap, performance.now() - last);
    return { result, maxStallMs: Math.max(0, maxGap - 1) };
  } finally {
    clearInterval(timer);
  }
}

async function ingest(roots: Roots): Promise<ChildIngest> {
  const baselineRssKb = process.memoryUsage().rss / 1024;
  const t0 = performance.now();
  const index = newIndex(roots, []);
  const { maxStallMs } = await withStallMeter(() => index.update());
  const took = performance.now() - t0;
  const summaries = index.summaries();
  index.dispose();
  return {
    ms: took,
    maxRssKb: process.resourceUsage().maxRSS,
    baselineRssKb,
    total: sum(summaries.map(totalOf)),
    sessions: summaries.length,
    maxStallMs,
  };
}

if (require.main === module) {
  ingest({ claudeConfig: process.argv[2], codexHome: process.argv[3] }).then(
    (report) => process.stdout.write(JSON.stringify(report)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
