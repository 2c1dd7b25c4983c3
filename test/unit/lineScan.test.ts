import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TranscriptFold, TranscriptLine } from '../../src/core/transcripts/transcriptLine';
import { scanNewLines } from '../../src/node/transcripts/lineTail';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-linescan-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A fold that records what the reader hands it: the line as UTF-8, its offset and needle bits. */
function recorder(needles: string[]) {
  const seen: Array<{ text: string; offset: number; matched: number }> = [];
  const fold: TranscriptFold = {
    needles: () => needles,
    applyLine: (line: TranscriptLine, matched: number) =>
      seen.push({ text: line.utf8(line.start, line.end), offset: line.offset, matched }),
  };
  return { fold, seen };
}

/** Lines of many lengths (some far longer than the reader's 96 KB windows), some holding needles, CRLF and UTF-8 among them. */
function corpus(): { bytes: Buffer; lines: string[] } {
  const lines: string[] = [];
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  for (let i = 0; i < 400; i++) {
    const size = rand() < 0.05 ? 150_000 + Math.floor(rand() * 120_000) : Math.floor(rand() * 3000);
    const r = rand();
    const needle = r < 0.3 ? '"usage"' : r < 0.38 ? 'compact_boundary' : r < 0.45 ? '"usage" and compact_boundary' : '';
    const pad = 'x'.repeat(size);
    lines.push(`{"n":${i},"é":"ü✓","pad":"${pad.slice(0, size / 2)}${needle}${pad.slice(size / 2)}"}`);
  }
  const bytes = Buffer.from(lines.map((l, i) => l + (i % 7 === 0 ? '\r\n' : '\n')).join(''));
  return { bytes, lines };
}

describe('line scanner (worker side)', () => {
  const { bytes, lines } = corpus();
  const file = path.join(dir, 'big.jsonl');
  fs.writeFileSync(file, bytes);
  const expected = lines
    .map((text, i) => ({
      text,
      offset: Buffer.byteLength(
        lines
          .slice(0, i)
          .map((l, j) => l + (j % 7 === 0 ? '\r\n' : '\n'))
          .join(''),
      ),
      matched: (text.includes('"usage"') ? 1 : 0) | (text.includes('compact_boundary') ? 2 : 0),
    }))
    .filter((l) => l.matched);

  for (const chunk of [1 << 20, 4096, 100_003]) {
    it(`hands over exactly the lines holding a needle, with offsets and needle bits (chunks of ${chunk} bytes)`, () => {
      const { fold, seen } = recorder(['"usage"', 'compact_boundary']);
      const result = scanNewLines(file, undefined, fold, Buffer.alloc(chunk));
      assert.equal(result.position.offset, bytes.length);
      assert.equal(result.oversized, 0);
      assert.equal(seen.length, expected.length);
      assert.deepEqual(seen, expected);
    });
  }

  it('holds every line to the limit, inside a window as across windows', () => {
    const { fold, seen } = recorder(['"usage"']);
    const f = path.join(dir, 'limit.jsonl');
    fs.writeFileSync(f, `{"usage":1}\n{"usage":"${'z'.repeat(5000)}"}\n{"usage":3}\n`);
    const result = scanNewLines(f, undefined, fold, Buffer.alloc(1 << 20), { maxLineBytes: 1000 });
    assert.equal(result.oversized, 1);
    assert.deepEqual(
      seen.map((l) => l.text),
      ['{"usage":1}', '{"usage":3}'],
    );
  });

  it('skips and counts a line over the limit, and resumes after a partial last line', () => {
    const { fold, seen } = recorder(['"usage"']);
    const partial = path.join(dir, 'partial.jsonl');
    fs.writeFileSync(partial, `{"usage":1}\n{"pad":"${'y'.repeat(300_000)}","usage":2}\n{"usage":3}\n{"usage":`);
    const first = scanNewLines(partial, undefined, fold, Buffer.alloc(1 << 16), { maxLineBytes: 200_000 });
    assert.equal(first.oversized, 1);
    assert.deepEqual(
      seen.map((s) => s.text),
      ['{"usage":1}', '{"usage":3}'],
    );
    fs.appendFileSync(partial, '4}\n');
    const second = scanNewLines(partial, first.position, fold, Buffer.alloc(1 << 16));
    assert.deepEqual(seen.map((s) => s.text).slice(2), ['{"usage":4}']);
    assert.equal(second.bytesRead, '{"usage":4}\n'.length);
  });

  it('asks for the needles again after each line', () => {
    let needles: readonly string[] = ['"usage"', '"title"'];
    const seen: string[] = [];
    const fold: TranscriptFold = {
      needles: () => needles,
      applyLine: (line) => {
        const text = line.utf8(line.start, line.end);
        seen.push(text);
        if (text.includes('"title"')) needles = ['"usage"'];
      },
    };
    const f = path.join(dir, 'needles.jsonl');
    fs.writeFileSync(f, '{"title":"a"}\n{"title":"b"}\n{"usage":1,"title":"c"}\n');
    scanNewLines(f, undefined, fold, Buffer.alloc(1024));
    assert.deepEqual(seen, ['{"title":"a"}', '{"usage":1,"title":"c"}']);
  });
});
