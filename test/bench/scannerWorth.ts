import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { ClaudeCodeTranscript } from '../../src/core/transcripts/claudeCodeTranscript';
import { CodexTranscript } from '../../src/core/transcripts/codexTranscript';
import type { TranscriptFold, TranscriptLine } from '../../src/core/transcripts/transcriptLine';
import { scanNewLines } from '../../src/node/transcripts/lineTail';
import { TranscriptIndex } from '../../src/node/transcripts/transcriptIndex';
import { median, ms } from './stats';
import { buildCorpus } from './transcriptCorpus';

/**
 * Does the hand-written key scanner (`jsonScan.ts`) still earn its keep? Issue 10 keeps it only if it
 * makes the whole cold ingest at least 1.3x faster than JSON.parse of the lines the byte prefilter lets
 * through. Measured on the ~100 MB corpus: the cold ingest as it is; the same lines (recorded once,
 * exactly as the reader hands them over) replayed into fresh folds (the scanner's share); and the same
 * lines decoded and JSON.parsed. A JSON.parse ingest costs at least `cold - scanner + parse` (it
 * would still fold the parsed objects, not counted here: the estimate favours JSON.parse).
 */

interface Recorded {
  main: boolean;
  codex: boolean;
  lines: Array<{ text: string; bytes: Buffer; matched: number; offset: number }>;
}

const RUNS = 5;

function jsonlFiles(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) jsonlFiles(full, out);
    else if (entry.name.endsWith('.jsonl')) out.push(full);
  }
  return out;
}

const freshFold = (r: Pick<Recorded, 'main' | 'codex'>): TranscriptFold =>
  r.codex ? new CodexTranscript() : new ClaudeCodeTranscript(r.main);

function record(file: string, buffer: Buffer): Recorded {
  const codex = path.basename(file).startsWith('rollout-');
  const main = !file.includes(`${path.sep}subagents${path.sep}`);
  const fold = freshFold({ main, codex });
  const lines: Recorded['lines'] = [];
  const recorder: TranscriptFold = {
    needles: () => fold.needles(),
    applyLine(line, matched) {
      const text = line.text.slice(line.start, line.end);
      lines.push({ text, bytes: Buffer.from(text, 'latin1'), matched, offset: line.offset });
      fold.applyLine(line, matched);
    },
  };
  scanNewLines(file, undefined, recorder, buffer);
  return { main, codex, lines };
}

function replay(recorded: Recorded[]): void {
  for (const r of recorded) {
    const fold = freshFold(r);
    for (const l of r.lines) {
      const line: TranscriptLine = {
        text: l.text,
        start: 0,
        end: l.text.length,
        offset: l.offset,
        utf8: (start, end) => l.bytes.toString('utf8', start, end),
      };
      fold.applyLine(line, l.matched);
    }
  }
}

function parseAll(recorded: Recorded[]): number {
  let parsed = 0;
  for (const r of recorded)
    for (const l of r.lines) {
      try {
        JSON.parse(l.bytes.toString('utf8'));
        parsed++;
      } catch {
        /* a JSON.parse fold would skip it too */
      }
    }
  return parsed;
}

function timed(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

export function benchScannerWorth(): void {
  const corpus = buildCorpus();
  try {
    const roots = { claude: [corpus.layout.claudeConfig], codex: [corpus.layout.codexHome] };
    const coldIngest = () => {
      const index = new TranscriptIndex({
        roots: () => roots,
        scope: () => ({ mode: 'all', folders: [] }),
        settings: () => ({ contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 }),
        log: () => undefined,
      });
      index.update();
    };
    const buffer = Buffer.allocUnsafe(1 << 20);
    const recorded = [corpus.layout.claudeConfig, corpus.layout.codexHome]
      .flatMap((d) => jsonlFiles(d))
      .map((f) => record(f, buffer));
    const lines = recorded.reduce((n, r) => n + r.lines.length, 0);
    const bytes = recorded.reduce((n, r) => n + r.lines.reduce((m, l) => m + l.bytes.length, 0), 0);
    coldIngest(); // warm the page cache and the JIT for every side alike
    const cold: number[] = [];
    const scanner: number[] = [];
    const parse: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      cold.push(timed(coldIngest));
      scanner.push(timed(() => replay(recorded)));
      parse.push(timed(() => parseAll(recorded)));
    }
    const [c, s, p] = [median(cold), median(scanner), median(parse)];
    const withParse = c - s + p;
    console.log(
      `\n## key scanner vs JSON.parse (${(corpus.bytes / 1e6).toFixed(0)} MB, ${lines} lines / ` +
        `${(bytes / 1e6).toFixed(1)} MB pass the prefilter; median of ${RUNS})`,
    );
    console.log(`cold ingest (in process, scanner):        ${ms(c)}`);
    console.log(`  of which the scanner folds the lines:   ${ms(s)}`);
    console.log(`JSON.parse of the same lines:             ${ms(p)}`);
    console.log(`cold ingest with JSON.parse, at least:    ${ms(withParse)}`);
    console.log(
      `scanner speed-up of the whole cold ingest: ${(withParse / c).toFixed(2)}x ` +
        `(keep the scanner only at >= 1.3x: ${withParse / c >= 1.3 ? 'keep' : 'simplify'})`,
    );
  } finally {
    fs.rmSync(corpus.layout.dir, { recursive: true, force: true });
  }
}

if (require.main === module) benchScannerWorth();
