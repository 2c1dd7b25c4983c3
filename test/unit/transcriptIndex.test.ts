import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import { TranscriptIndex } from '../../src/node/transcripts/transcriptIndex';
import { readNewLines } from '../../src/node/transcripts/lineTail';
import type { Layout } from '../support/transcriptLayout';
import { FIXTURES, emptyLayout } from '../support/transcriptLayout';

const settings = { contextWindows: {}, prices: {}, warningPercent: 70, errorPercent: 90 };
const turn1 = fs.readFileSync(path.join(FIXTURES, 'claude-code/growing/turn-1.jsonl'));
const turn2 = fs.readFileSync(path.join(FIXTURES, 'claude-code/growing/turn-2.jsonl'));
const SESSION = '3fb74381-1bf4-475e-8c6f-442d872b1bcf';

let layout: Layout;
let logged: string[];
let index: TranscriptIndex;
let file: string;

beforeEach(() => {
  layout = emptyLayout();
  logged = [];
  file = path.join(layout.claudeProject, `${SESSION}.jsonl`);
  index = new TranscriptIndex({
    roots: () => ({ claude: [layout.claudeConfig], codex: [layout.codexHome] }),
    scope: () => ({ mode: 'all', folders: [] }),
    settings: () => settings,
    log: (m) => logged.push(m),
    maxLineBytes: 1 << 20,
  });
});
afterEach(() => fs.rmSync(layout.dir, { recursive: true, force: true }));

const claude = (): SessionSummary | undefined => index.summaries().find((s) => s.source === 'claude-code');
const fresh = async (bytes: Buffer): Promise<SessionSummary | undefined> => {
  const other = emptyLayout();
  try {
    fs.writeFileSync(path.join(other.claudeProject, `${SESSION}.jsonl`), bytes);
    const i = new TranscriptIndex({
      roots: () => ({ claude: [other.claudeConfig], codex: [] }),
      scope: () => ({ mode: 'all', folders: [] }),
      settings: () => settings,
      log: () => undefined,
    });
    await i.update();
    return i.summaries()[0];
  } finally {
    fs.rmSync(other.dir, { recursive: true, force: true });
  }
};

describe('transcript index', () => {
  it('follows a growing file: the appended turn gives the same numbers as reading it whole', async () => {
    fs.writeFileSync(file, turn1);
    await index.update();
    const before = claude();
    assert.equal(before?.context.used, 10 + 30383);
    const changed: string[] = [];
    index.onDidChange((c) => changed.push(...c.map((s) => s.key)));
    fs.appendFileSync(file, turn2.subarray(turn1.length));
    await index.update();
    assert.deepEqual(changed, [`claude-code:${SESSION}`]);
    assert.deepEqual(claude(), { ...(await fresh(turn2)), path: file, lastActivity: claude()?.lastActivity });
    assert.equal(claude()?.gaugeText, 'Claude Code 43.8k/200k 22%');
  });

  it('waits for the newline of a line still being written, and never counts it twice', async () => {
    const lastUsage = turn2.lastIndexOf('"usage"');
    const cut = lastUsage + 20;
    fs.writeFileSync(file, turn2.subarray(0, cut));
    await index.update();
    const partial = claude()?.totals?.main.output;
    fs.appendFileSync(file, turn2.subarray(cut));
    await index.update();
    const whole = await fresh(turn2);
    assert.notEqual(partial, whole?.totals?.main.output);
    assert.deepEqual(claude()?.totals, whole?.totals);
  });

  it('reads the new bytes only: a 2 KB append reads 2 KB', async () => {
    fs.writeFileSync(file, turn2);
    const first = await readNewLines(file, undefined, () => undefined);
    fs.appendFileSync(file, `${'{"type":"progress"}\n'.repeat(100)}`);
    const second = await readNewLines(file, first.position, () => undefined);
    assert.equal(first.bytesRead, turn2.length);
    assert.equal(second.bytesRead, 2000);
  });

  it('skips invalid JSON, non-UTF-8 bytes and an oversized line, and counts the rest', async () => {
    const lines = turn2.toString('utf8').split('\n');
    const junk = [
      Buffer.from('{"type":"assistant","usage": nope\n'),
      Buffer.from([0xff, 0xfe, 0x22, 0x75, 0x73, 0x61, 0x67, 0x65, 0x22, 0x0a]),
      Buffer.from(`{"pad":"${'x'.repeat(2 << 20)}","usage":{}}\n`),
    ];
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(lines.slice(0, 10).join('\n') + '\n'),
        ...junk,
        Buffer.from(lines.slice(10).join('\n')),
      ]),
    );
    await index.update();
    assert.deepEqual(claude()?.totals, (await fresh(turn2))?.totals);
    assert.ok(
      logged.some((m) => m.startsWith('skipped 1 oversized line')),
      logged.join('\n'),
    );
  });

  it('starts over when a file is truncated or replaced, and drops a deleted one', async () => {
    fs.writeFileSync(file, turn2);
    await index.update();
    fs.writeFileSync(file, turn1);
    await index.update();
    assert.deepEqual(claude()?.totals, (await fresh(turn1))?.totals);
    const removed: string[] = [];
    index.onDidChange((_c, r) => removed.push(...r));
    fs.rmSync(file);
    await index.update();
    assert.equal(claude(), undefined);
    assert.deepEqual(removed, [`claude-code:${SESSION}`]);
  });

  it('reports an unreadable folder in one line and still shows the rest; a symlink loop ends', async () => {
    fs.rmSync(path.join(layout.claudeConfig, 'projects'), { recursive: true });
    fs.symlinkSync('projects', path.join(layout.claudeConfig, 'projects'));
    fs.copyFileSync(path.join(FIXTURES, 'codex/growing/turn-1.jsonl'), path.join(layout.codexDay, 'rollout-x.jsonl'));
    fs.symlinkSync('..', path.join(layout.codexDay, 'loop'));
    index = new TranscriptIndex({
      roots: () => ({ claude: [path.join(layout.claudeConfig, 'projects')], codex: [layout.codexHome] }),
      scope: () => ({ mode: 'all', folders: [] }),
      settings: () => settings,
      log: (m) => logged.push(m),
    });
    await index.update();
    await index.update();
    assert.deepEqual(
      index.summaries().map((s) => s.source),
      ['codex'],
    );
    assert.equal(logged.length, 1, logged.join('\n'));
    assert.match(logged[0], /cannot read .*projects/);
  });

  it('in workspace scope lists only sessions of the open folders', async () => {
    const codexCwd = (line: string) => (JSON.parse(line) as { payload: { cwd: string } }).payload.cwd;
    const codexFile = fs.readFileSync(path.join(FIXTURES, 'codex/growing/turn-1.jsonl'), 'utf8');
    const cwd = codexCwd(codexFile.split('\n')[0]);
    fs.writeFileSync(path.join(layout.codexDay, 'rollout-in.jsonl'), codexFile);
    fs.writeFileSync(path.join(layout.codexDay, 'rollout-out.jsonl'), codexFile.split(cwd).join('/elsewhere'));
    const inside = path.join(layout.claudeConfig, 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));
    fs.mkdirSync(inside);
    fs.writeFileSync(path.join(inside, `${SESSION}.jsonl`), turn1);
    fs.writeFileSync(file, turn1);
    const scoped = new TranscriptIndex({
      roots: () => ({ claude: [layout.claudeConfig], codex: [layout.codexHome] }),
      scope: () => ({ mode: 'workspace', folders: [cwd] }),
      settings: () => settings,
      log: (m) => logged.push(m),
    });
    await scoped.update();
    assert.deepEqual(
      scoped
        .summaries()
        .map((s) => path.relative(layout.dir, s.path ?? ''))
        .sort(),
      [
        path.relative(layout.dir, path.join(inside, `${SESSION}.jsonl`)),
        path.relative(layout.dir, path.join(layout.codexDay, 'rollout-in.jsonl')),
      ],
    );
  });
});
