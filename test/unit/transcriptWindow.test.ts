import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TranscriptMarkdown } from '../../src/core/transcripts/transcriptMarkdown';
import { windowNotes } from '../../src/core/transcripts/windowNote';
import type { WindowFile, WindowOptions } from '../../src/node/transcripts/transcriptWindow';
import { readTranscriptWindow } from '../../src/node/transcripts/transcriptWindow';

const entry = (n: number, pad = 10_000) =>
  JSON.stringify({
    type: 'assistant',
    message: {
      model: 'm',
      content: [{ type: 'text', text: `entry-${String(n).padStart(5, '0')} ${'y'.repeat(pad)}` }],
    },
  });

/** Reads a file's window into a document, counting through the file handle every byte actually read. */
async function render(file: string, options: WindowOptions, beforeFirstRead?: () => void) {
  let counted = 0;
  const open = async (p: string): Promise<WindowFile> => {
    const handle = await fs.promises.open(p, 'r');
    return {
      stat: () => handle.stat(),
      read: async (buffer, offset, length, position) => {
        if (counted === 0) beforeFirstRead?.();
        const r = await handle.read(buffer, offset, length, position);
        counted += r.bytesRead;
        return r;
      },
      close: () => handle.close(),
    };
  };
  const doc = new TranscriptMarkdown('T', 'sub', undefined, 'last');
  const window = await readTranscriptWindow(file, (l) => doc.add(l), { ...options, open });
  return { window, counted, md: doc.finish(windowNotes(window)) };
}

describe('transcript window', () => {
  let dir: string;
  let big: string;
  /** Byte offset where each line of `big` starts. */
  const starts: number[] = [];
  const LINES = 400;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-window-'));
    big = path.join(dir, 'big.jsonl');
    const lines = Array.from({ length: LINES }, (_, n) => entry(n));
    let at = 0;
    for (const l of lines) {
      starts.push(at);
      at += Buffer.byteLength(l) + 1;
    }
    fs.writeFileSync(big, lines.join('\n') + '\n');
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('shows only the complete lines of the last cap bytes, says what was left out, and reads no more than that', async () => {
    const size = fs.statSync(big).size;
    assert.ok(size > 4_000_000, `the file is ${size} bytes`);
    const cap = 256 * 1024;
    const chunk = 64 * 1024;
    const { window, counted, md } = await render(big, { capBytes: cap, chunkBytes: chunk });
    const firstShown = starts.findIndex((s) => s >= size - cap);
    assert.equal(window.skippedBytes, starts[firstShown]);
    assert.ok(
      md.includes(
        `The first ${(starts[firstShown] / 1e6).toFixed(1)} MB (${starts[firstShown].toLocaleString('en-US')} bytes) of this`,
      ),
      md.slice(0, 400),
    );
    assert.match(md, /Agent Sessions: Open Raw Transcript File/);
    assert.ok(md.includes(`entry-${String(LINES - 1).padStart(5, '0')}`), 'the last entry is shown');
    assert.ok(md.includes(`entry-${String(firstShown).padStart(5, '0')}`), 'the first line inside the window is shown');
    assert.ok(!md.includes(`entry-${String(firstShown - 1).padStart(5, '0')}`), 'the line cut by the window is not');
    assert.ok(!md.includes('entry-00000'), 'the first entries are not shown');
    assert.equal(counted, window.bytesRead);
    assert.ok(counted <= cap + chunk, `read ${counted} bytes for a cap of ${cap}`);
  });

  it('starts on a line that begins exactly at size - cap', async () => {
    const size = fs.statSync(big).size;
    const k = LINES - 7;
    const { window, md } = await render(big, { capBytes: size - starts[k], chunkBytes: 4096 });
    assert.equal(window.skippedBytes, starts[k]);
    assert.ok(md.includes(`entry-${String(k).padStart(5, '0')}`));
    assert.ok(!md.includes(`entry-${String(k - 1).padStart(5, '0')}`));
  });

  it('reads no further than the size the file had when opened, while an agent appends to it', async () => {
    const growing = path.join(dir, 'growing.jsonl');
    fs.writeFileSync(growing, Array.from({ length: 30 }, (_, n) => `${entry(n)}\n`).join(''));
    const cap = 64 * 1024;
    const { window, counted, md } = await render(growing, { capBytes: cap, chunkBytes: 40 * 1024 }, () => {
      fs.appendFileSync(growing, `${entry(99_999)}\n`.repeat(20));
    });
    assert.ok(counted <= cap + 1, `read ${counted}`);
    assert.equal(window.bytesRead, counted);
    assert.ok(md.includes('entry-00029') && !md.includes('entry-99999'));
  });

  it('shows a file smaller than the cap whole, with no note', async () => {
    const small = path.join(dir, 'small.jsonl');
    fs.writeFileSync(small, `${entry(0, 10)}\n${entry(1, 10)}\n`);
    const { window, md } = await render(small, { capBytes: 1 << 20 });
    assert.deepEqual([window.skippedBytes, window.noLineInWindow], [0, false]);
    assert.ok(md.includes('entry-00000') && md.includes('entry-00001'));
    assert.ok(!md.includes('not shown'), md);
  });

  it('skips a last line longer than the cap with a note, without reading it whole', async () => {
    const long = path.join(dir, 'long.jsonl');
    const cap = 64 * 1024;
    fs.writeFileSync(long, `${entry(0, 10)}\n${entry(1, cap * 20)}\n`);
    const { window, counted, md } = await render(long, { capBytes: cap, chunkBytes: 16 * 1024 });
    assert.equal(window.noLineInWindow, true);
    assert.match(
      md,
      /The last line of this transcript is longer than 65\.5 KB and is not shown, nor anything before it \(1\.3 MB in all\)/,
    );
    assert.ok(!md.includes('entry-0000'));
    assert.ok(counted <= cap + 1, `read ${counted}`);
  });
});

describe('transcript markdown that keeps the end', () => {
  it('drops the oldest entries past the character cap and says how many', () => {
    const doc = new TranscriptMarkdown('T', 'sub', 25_000, 'last');
    for (let n = 0; n < 10; n++) doc.add(entry(n));
    const md = doc.finish();
    assert.match(md, /… 8 earlier entries are not shown \(over 25,000 characters\)/);
    assert.ok(md.includes('entry-00009') && md.includes('entry-00008') && !md.includes('entry-00007'));
  });
});
