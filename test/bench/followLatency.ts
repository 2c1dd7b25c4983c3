import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import { TranscriptIndex } from '../../src/node/transcripts/transcriptIndex';
import type { SummaryListener } from '../../src/node/transcripts/summaryBook';
import { FIXTURES } from '../support/transcriptLayout';
import { newIndex } from './ingestChild';
import { median, ms } from './stats';
import { buildCorpus } from './transcriptCorpus';

/**
 * Live follow: from a write to a transcript to its summary published, for (a) the first new line of a
 * file last written a day ago and (b) a new session file, in a ~20 MB corpus whose files are all a day
 * old. Ours: the real worker (`dist/transcriptWorker.js`, watching the folders), asked for one pass at
 * start and nothing after. Side by side: the design it replaced, the same index polled every 0.5 s
 * (recently written files only, a full discovery and stat every tenth pass), in this process. Each write
 * follows the report of the one before, so the old design is measured at its worst: just after a full
 * pass, 5 s from the next (a write at a random moment waits 2.5 s on average).
 * Alone: `npm run build && npx tsc -p tsconfig.test.json && node out/test/bench/followLatency.js`.
 */

const RUNS = 20;
const OLD_RUNS = 6;
const OLD_POLL_MS = 500;
const TARGET_MS = 1000;
const turn1 = fs.readFileSync(path.join(FIXTURES, 'claude-code/growing/turn-1.jsonl'), 'utf8');

interface Followed {
  onDidChange(listener: SummaryListener): () => void;
}

/** One more assistant reply of a session, with a usage no other line has. */
function replyLine(sessionId: string, n: number): string {
  const message = {
    model: 'claude-sonnet-4-5-20250929',
    id: `msg_follow_${n}_${randomUUID().slice(0, 8)}`,
    type: 'message',
    role: 'assistant',
    content: [{ type: 'text', text: 'done' }],
    usage: {
      input_tokens: 10 + n,
      cache_creation_input_tokens: 100,
      cache_read_input_tokens: 20_000,
      output_tokens: 50,
    },
  };
  const line = { type: 'assistant', isSidechain: false, sessionId, uuid: randomUUID(), message };
  return `${JSON.stringify({ ...line, timestamp: new Date().toISOString() })}\n`;
}

/** Milliseconds from `write` (which returns the key of the session it wrote) to a report naming that session. */
function latency(index: Followed, write: () => string): Promise<number> {
  return new Promise((resolve, reject) => {
    let key = '';
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no report for ${key} within 20 s`));
    }, 20_000);
    const off = index.onDidChange((changed: readonly SessionSummary[]) => {
      if (!changed.some((s) => s.key === key)) return;
      off();
      clearTimeout(timer);
      resolve(performance.now() - t0);
    });
    const t0 = performance.now();
    key = write();
  });
}

const p90 = (values: number[]) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.9) - 1];

function dayOld(dir: string): void {
  const then = new Date(Date.now() - 24 * 3600_000);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (entry.isFile()) fs.utimesSync(path.join(entry.parentPath, entry.name), then, then);
}

async function measure(index: Followed, idle: string[], projects: string[], runs: number) {
  const appended: number[] = [];
  const created: number[] = [];
  for (let i = 0; i < runs; i++) {
    const file = idle[i];
    const id = path.basename(file, '.jsonl');
    appended.push(
      await latency(index, () => {
        fs.appendFileSync(file, replyLine(id, i));
        return `claude-code:${id}`;
      }),
    );
    const fresh = randomUUID();
    created.push(
      await latency(index, () => {
        fs.writeFileSync(path.join(projects[i % projects.length], `${fresh}.jsonl`), turn1.split(SESSION).join(fresh));
        return `claude-code:${fresh}`;
      }),
    );
  }
  return { appended, created };
}

const SESSION = '3fb74381-1bf4-475e-8c6f-442d872b1bcf';

export async function benchFollowLatency(): Promise<void> {
  const corpus = buildCorpus(20 * 1e6, 0.2);
  const { layout } = corpus;
  try {
    dayOld(layout.dir);
    const projects = fs
      .readdirSync(path.join(layout.claudeConfig, 'projects'))
      .map((p) => path.join(layout.claudeConfig, 'projects', p));
    const mains = projects.flatMap((dir) =>
      fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.jsonl'))
        .map((n) => path.join(dir, n)),
    );
    if (mains.length < RUNS + OLD_RUNS) throw new Error(`only ${mains.length} Claude Code sessions in the corpus`);

    const problems: string[] = []; // the worker's log: "watching N folders", or a problem
    const worker = newIndex(layout, problems);
    await worker.update();
    const ours = await measure(worker, mains.slice(0, RUNS), projects, RUNS);
    worker.dispose();

    const old = new TranscriptIndex({
      roots: () => ({ claude: [layout.claudeConfig], codex: [layout.codexHome] }),
      scope: () => ({ mode: 'all', folders: [] }),
      settings: () => ({ contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 }),
      log: (m) => problems.push(m),
    });
    old.update();
    const poll = setInterval(() => old.update(), OLD_POLL_MS);
    const theirs = await measure(old, mains.slice(RUNS, RUNS + OLD_RUNS), projects, OLD_RUNS);
    clearInterval(poll);

    const line = (what: string, a: number[], b: number[]) =>
      `  ${what}: watching ${ms(median(a))} median, p90 ${ms(p90(a))} (${RUNS} runs); ` +
      `old 0.5 s poll (written just after its full pass) ${ms(median(b))} median, p90 ${ms(p90(b))} (${OLD_RUNS} runs); ` +
      `${(median(b) / median(a)).toFixed(0)}x sooner; target < ${ms(TARGET_MS)}: ${p90(a) < TARGET_MS ? 'met' : 'MISSED'}`;
    console.log(
      `live follow, write -> summary published by the real worker; corpus ${(corpus.bytes / 1e6).toFixed(0)} MB, ` +
        `${corpus.files} files in ${projects.length} project folders + the Codex tree, all last written a day ago`,
    );
    console.log(line('first new line of a file idle > 10 min', ours.appended, theirs.appended));
    console.log(line('a new session file', ours.created, theirs.created));
    console.log(
      `    watching, runs: ${ours.appended.map((r) => r.toFixed(0)).join(', ')} / ${ours.created.map((r) => r.toFixed(0)).join(', ')} ms` +
        `; logged: ${problems.join(' | ') || 'nothing'}`,
    );
  } finally {
    fs.rmSync(layout.dir, { recursive: true, force: true });
  }
}

if (require.main === module)
  benchFollowLatency().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
