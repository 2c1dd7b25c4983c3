import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import { sessionKey } from '../../src/shared/sessionKey';
import { machineIdentity } from '../../src/node/transcripts/indexCache';
import { SavedSummaries } from '../../src/node/transcripts/savedSummaries';
import { encodeSummaryCache, summaryFileFor } from '../../src/node/transcripts/summaryCache';
import { SummaryBook } from '../../src/node/transcripts/summaryBook';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-saved-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const identity = machineIdentity({ claude: ['/c'], codex: ['/x'] }, { mode: 'all', folders: [] });
const summary = (id: string, used: number): SessionSummary => ({
  key: sessionKey('claude-code', id),
  id,
  source: 'claude-code',
  label: 'Claude Code',
  title: id,
  model: 'claude-opus-4-6',
  lastActivity: 1,
  context: { used, window: 200_000, percent: 0, measured: true, level: 'normal' },
  gaugeText: `Claude Code ${used}`,
  tooltip: [],
});
let n = 0;
function saved(summaries: unknown[]) {
  const indexFile = path.join(dir, `index-${n++}.json`);
  fs.writeFileSync(summaryFileFor(indexFile), encodeSummaryCache(identity, summaries as SessionSummary[]));
  const book = new SummaryBook();
  const log: string[] = [];
  return { book, log, saved: new SavedSummaries(book, (l) => log.push(l)), indexFile };
}
const keys = (book: SummaryBook) =>
  book
    .all()
    .map((s) => s.key)
    .sort();

describe('the last run’s summaries, shown first', () => {
  it('never overwrite what the worker reported before the file was read; the unconfirmed go when its pass ends', async () => {
    const t = saved([summary('a', 1), summary('b', 1)]);
    t.saved.noteReported(['claude-code:a']);
    t.book.apply([summary('a', 99)], []);
    await t.saved.show(t.indexFile, identity);
    assert.equal(t.book.get('claude-code:a')?.context.used, 99, 'the worker’s word stands');
    assert.deepEqual(keys(t.book), ['claude-code:a', 'claude-code:b']);
    t.saved.settle();
    assert.deepEqual(keys(t.book), ['claude-code:a'], 'b was not confirmed: gone');
  });

  it('a first pass that failed or a worker that died removes all of them; a read after that shows nothing', async () => {
    const t = saved([summary('a', 1)]);
    await t.saved.show(t.indexFile, identity);
    t.saved.settle();
    assert.deepEqual(keys(t.book), []);
    const late = saved([summary('a', 1)]);
    late.saved.settle();
    await late.saved.show(late.indexFile, identity);
    assert.deepEqual(keys(late.book), []);
  });

  it('a malformed summary (its source is not its key’s) discards the file, with one line', async () => {
    const t = saved([summary('a', 1), { ...summary('b', 1), source: 'codex' }]);
    await t.saved.show(t.indexFile, identity);
    assert.deepEqual(keys(t.book), []);
    assert.equal(t.log.length, 1);
    assert.match(t.log[0], /not shown: summary 1 is malformed/);
  });
});
