import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEventLogStore } from '../../src/node/eventLogStore';

const PRLIMIT = '/usr/bin/prlimit';
const CHILD = path.join(__dirname, '..', 'support', 'fsizeChild.js');
const LIMIT = 8192;

function run(folder: string): Promise<{ stdout: string; code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    const args = [`--fsize=${LIMIT}`, process.execPath, CHILD, folder, 'big', '5', String(4 * LIMIT)];
    execFile(PRLIMIT, args, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number; signal?: string }) | null;
      resolve({ stdout: stdout + stderr, code: e ? (e.code ?? null) : 0, signal: e?.signal ?? null });
    });
  });
}

describe('a real failed write (file-size limit, EFBIG)', () => {
  it(
    'is cut back: the next append and a reopen show no bad line, rising seqs, every ack',
    { skip: !fs.existsSync(PRLIMIT) && `${PRLIMIT} is not installed` },
    async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-fsize-'));
      try {
        const folder = path.join(root, 'sessions');
        const result = await run(folder);
        assert.equal(
          result.code,
          0,
          `the child must survive SIGXFSZ (Node ignores it) and exit cleanly:\n${result.stdout}`,
        );
        const lines = result.stdout.trim().split('\n');
        const acked = lines.filter((l) => l.startsWith('ack ')).map((l) => Number(l.slice(4)));
        const failed = lines.filter((l) => l.startsWith('fail '));
        assert.equal(failed.length, 1, result.stdout);
        assert.match(failed[0], /^fail EFBIG File too large: .*the last reply was not saved/);
        assert.deepEqual(acked, [1, 2, 3, 4, 5, 6, 7], 'the failed append took no seq');
        const bytes = fs.readFileSync(path.join(folder, 'big.jsonl'));
        assert.ok(bytes.length < LIMIT);
        assert.equal(bytes.at(-1), 0x0a, 'the log ends on a whole record');
        const opened = await createEventLogStore(folder).open('big');
        assert.deepEqual(opened.recovery, { tornBytes: 0, droppedLines: 0, seqGaps: 0, seqRepeats: 0 });
        assert.deepEqual(
          opened.records.map((r) => r.seq),
          acked,
        );
        assert.deepEqual(
          opened.records.slice(-2).map((r) => (r as { text?: string }).text),
          ['small after', 'small after 2'],
        );
        await opened.log!.close();
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  );
});
