import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { TranscriptMarkdown, transcriptMarkdown } from '../../src/core/transcripts/transcriptMarkdown';
import { windowNotes } from '../../src/core/transcripts/windowNote';
import { readNewLines } from '../../src/node/transcripts/lineTail';
import { readTranscriptWindow } from '../../src/node/transcripts/transcriptWindow';
import { ms } from './stats';

/**
 * Open Transcript on a large transcript of ~1 MB assistant lines: the old whole-file rendering (every
 * line read into a string array, then rendered) against the capped window (the file's last 8 MB,
 * streamed into the renderer), in the same process. Figure: the peak of heap + external memory above
 * the baseline, sampled at every line (with --expose-gc, after a full GC before each run).
 * Alone: `npx tsc -p tsconfig.test.json && node --expose-gc out/test/bench/transcriptDocument.js [MB]`.
 */

const MB = 1e6;
const gc = (globalThis as { gc?: () => void }).gc;

function writeTranscript(file: string, totalMb: number): number {
  const text = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(MB / 27)).slice(0, MB);
  const fd = fs.openSync(file, 'w');
  try {
    for (let n = 0; n < totalMb; n++) {
      const message = { model: 'claude-sonnet-4-5', content: [{ type: 'text', text: `#${n} ${text}` }] };
      const line = { type: 'assistant', timestamp: '2026-01-01T00:00:00Z', message };
      fs.writeSync(fd, `${JSON.stringify(line)}\n`);
    }
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

/** Runs `fn` with a sampler it calls at every line; returns the peak memory above the start, in MB. */
async function peakOf(
  fn: (sample: () => void) => Promise<number>,
): Promise<{ peakMb: number; ms: number; chars: number }> {
  gc?.();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.external;
  };
  const base = used();
  let peak = base;
  const sample = () => {
    peak = Math.max(peak, used());
  };
  const t0 = performance.now();
  const chars = await fn(sample);
  sample();
  return { peakMb: (peak - base) / MB, ms: performance.now() - t0, chars };
}

export async function benchTranscriptDocument(
  totalMb = 400,
): Promise<{ fileMb: number; oldMb: number; newMb: number; ratio: number }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-bench-doc-'));
  try {
    const file = path.join(dir, 'big.jsonl');
    const size = writeTranscript(file, totalMb);
    const old = await peakOf(async (sample) => {
      const lines: string[] = [];
      await readNewLines(file, undefined, (l) => (lines.push(l), sample()));
      return transcriptMarkdown(
        'big',
        'sub',
        (function* () {
          for (const l of lines) yield (sample(), l);
        })(),
      ).length;
    });
    const capped = await peakOf(async (sample) => {
      const doc = new TranscriptMarkdown('big', 'sub', undefined, 'last');
      const window = await readTranscriptWindow(file, (l) => (sample(), doc.add(l)));
      return doc.finish(windowNotes(window)).length;
    });
    const ratio = old.peakMb / capped.peakMb;
    console.log(
      `transcript document (${(size / MB).toFixed(0)} MB of ~1 MB lines${gc ? ', after gc' : ', no --expose-gc'}): ` +
        `whole file peak +${old.peakMb.toFixed(1)} MB in ${ms(old.ms)} (${old.chars} chars) vs last 8 MB ` +
        `+${capped.peakMb.toFixed(1)} MB in ${ms(capped.ms)} (${capped.chars} chars): ${ratio.toFixed(1)}x less memory`,
    );
    return { fileMb: size / MB, oldMb: old.peakMb, newMb: capped.peakMb, ratio };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  benchTranscriptDocument(Number(process.argv[2]) || undefined).catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
