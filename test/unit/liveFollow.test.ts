import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'events';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Watcher, WatchFunction } from '../../src/node/transcripts/folderWatch';
import { eventlessMount } from '../../src/node/transcripts/eventlessMount';
import { nodeWatch } from '../../src/node/transcripts/folderWatch';
import type { Followed } from '../support/followHarness';
import { dayAgo, followLayout, summaryWhen } from '../support/followHarness';
import { FIXTURES } from '../support/transcriptLayout';

const turn1 = fs.readFileSync(path.join(FIXTURES, 'claude-code/growing/turn-1.jsonl'));
const turn2 = fs.readFileSync(path.join(FIXTURES, 'claude-code/growing/turn-2.jsonl'));
const codex1 = fs.readFileSync(path.join(FIXTURES, 'codex/growing/turn-1.jsonl'));
const SESSION = '3fb74381-1bf4-475e-8c6f-442d872b1bcf';
const OTHER = '0d3e2c1b-7a6f-4e5d-9c8b-1a2b3c4d5e6f';
const SUBAGENTS = 'b3a7bd3c-5a10-4e7b-8ff0-7fc0cd6d1093';
const TURN1 = 'Claude Code 30.4k/200k 15%';
const TURN2 = 'Claude Code 43.8k/200k 22%';

let open: Followed[] = [];
afterEach(() => {
  for (const f of open) f.dispose();
  open = [];
});
const start = (options: Parameters<typeof followLayout>[0] = {}): Followed => {
  const f = followLayout(options);
  open.push(f);
  return f;
};
const isFolder = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
const gauge = (f: Followed, key: string) => f.index.get(key)?.gaugeText;
const shown = (f: Followed, key: string, text: string) =>
  summaryWhen(f.index, () => gauge(f, key) === text, `${key} to show ${text}`);

describe('live follow of transcript folders', () => {
  it('reads the first new line of a file idle for a day, and says once that it watches', async () => {
    const f = start();
    const file = path.join(f.layout.claudeProject, `${SESSION}.jsonl`);
    fs.writeFileSync(file, turn1);
    dayAgo(file);
    await f.ready();
    assert.equal(gauge(f, `claude-code:${SESSION}`), TURN1);
    fs.appendFileSync(file, turn2.subarray(turn1.length));
    await shown(f, `claude-code:${SESSION}`, TURN2);
    f.pass();
    assert.equal(f.said.length, 1, f.said.join('\n'));
    assert.match(f.said[0], /^watching \d+ folders for changes$/);
    assert.deepEqual(f.problems, []);
  });

  it('reports a new session file in a project folder it knows, and in a new project folder', async () => {
    const f = start();
    await f.ready();
    fs.writeFileSync(path.join(f.layout.claudeProject, `${SESSION}.jsonl`), turn1);
    await shown(f, `claude-code:${SESSION}`, TURN1);
    const project = path.join(f.layout.claudeConfig, 'projects', '-work-other');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, `${OTHER}.jsonl`), turn2);
    await shown(f, `claude-code:${OTHER}`, TURN2);
  });

  it('reports a subagent whose subagents folder appears in a session folder that existed before', async () => {
    // as macOS and btrfs report it: a folder's parent hears nothing when the folder gains a subfolder (ext4
    // tells it of the folder's new link count)
    const quiet: WatchFunction = (folder, listener) =>
      nodeWatch(folder, (event, name) => {
        if (event === 'change' && name !== null && isFolder(path.join(folder, name))) return;
        listener(event, name);
      });
    const f = start({ watch: quiet });
    const main = path.join(f.layout.claudeProject, `${SUBAGENTS}.jsonl`);
    fs.copyFileSync(path.join(FIXTURES, 'claude-code', `${SUBAGENTS}.jsonl`), main);
    fs.mkdirSync(path.join(f.layout.claudeProject, SUBAGENTS, 'tool-results'), { recursive: true });
    await f.ready();
    const key = `claude-code:${SUBAGENTS}`;
    assert.equal(f.index.get(key)?.totals?.subagents.output, 0);
    fs.cpSync(
      path.join(FIXTURES, 'claude-code', SUBAGENTS, 'subagents'),
      path.join(f.layout.claudeProject, SUBAGENTS, 'subagents'),
      { recursive: true },
    );
    await summaryWhen(f.index, () => (f.index.get(key)?.totals?.subagents.output ?? 0) > 0, 'the subagents to count');
  });

  it('reports a Codex session in a new day folder, and one whose first line comes after the file', async () => {
    const cwd = (JSON.parse(codex1.toString().split('\n')[0]) as { payload: { cwd: string } }).payload.cwd;
    const f = start({ scope: { mode: 'workspace', folders: [cwd] } });
    await f.ready();
    const day = path.join(f.layout.codexHome, 'sessions', '2026', '05', '12');
    fs.mkdirSync(day, { recursive: true });
    fs.writeFileSync(path.join(day, 'rollout-2026-05-12T10-00-00-a.jsonl'), codex1);
    await summaryWhen(f.index, (all) => all.some((s) => s.source === 'codex'), 'the Codex session');
    // Codex has made the file and not yet written its first line, which says whose session it is
    const late = path.join(f.layout.codexDay, 'rollout-2026-02-23T10-00-00-b.jsonl');
    const seen = f.nextPass('discovery');
    fs.writeFileSync(late, '');
    await seen;
    assert.equal(f.index.knows(late), false, 'not judged out of scope before its first line');
    fs.writeFileSync(late, codex1.toString().replace(/a1b2c3d4-e5f6/g, 'ffffffff-e5f6'));
    await summaryWhen(f.index, (all) => all.filter((s) => s.source === 'codex').length === 2, 'the late Codex session');
  });

  it('follows a root deleted and made again, slowly or at once', async () => {
    const f = start();
    const file = path.join(f.layout.claudeProject, `${SESSION}.jsonl`);
    fs.writeFileSync(file, turn1);
    await f.ready();
    fs.rmSync(f.layout.claudeConfig, { recursive: true, force: true });
    await summaryWhen(f.index, (all) => all.length === 0, 'the session to go with its root');
    fs.mkdirSync(f.layout.claudeProject, { recursive: true });
    const other = path.join(f.layout.claudeProject, `${OTHER}.jsonl`);
    fs.writeFileSync(other, turn1);
    await shown(f, `claude-code:${OTHER}`, TURN1);
    // the folders made again are watched afresh (a watcher of the deleted ones would hear nothing)
    fs.appendFileSync(other, turn2.subarray(turn1.length));
    await shown(f, `claude-code:${OTHER}`, TURN2);

    // at once: the follow sees the folders again with no pass between, under the same names
    const third = path.join(f.layout.claudeProject, `${SESSION}.jsonl`);
    fs.rmSync(f.layout.claudeConfig, { recursive: true, force: true });
    fs.mkdirSync(f.layout.claudeProject, { recursive: true });
    fs.writeFileSync(third, turn1);
    await summaryWhen(f.index, (all) => all.length === 1 && gauge(f, `claude-code:${SESSION}`) === TURN1, 'turn 1');
    fs.appendFileSync(third, turn2.subarray(turn1.length));
    await shown(f, `claude-code:${SESSION}`, TURN2);
  });

  it('takes a burst of 50 appends in far fewer passes', async () => {
    const f = start();
    const file = path.join(f.layout.claudeProject, `${SESSION}.jsonl`);
    fs.writeFileSync(file, turn1);
    await f.ready();
    const rest = turn2.subarray(turn1.length);
    const step = Math.ceil(rest.length / 50);
    for (let at = 0; at < rest.length; at += step) {
      fs.appendFileSync(file, rest.subarray(at, at + step));
      await new Promise((resolve) => setImmediate(resolve));
    }
    await shown(f, `claude-code:${SESSION}`, TURN2);
    assert.ok(f.passes.length <= 5, `${f.passes.length} passes: ${f.passes.join(', ')}`);
  });

  it('polls when a folder cannot be watched, and says so once', async () => {
    const refuse: WatchFunction = () => {
      throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
    };
    const f = start({ watch: refuse, pollMs: 20 });
    const file = path.join(f.layout.claudeProject, `${SESSION}.jsonl`);
    fs.writeFileSync(file, turn1);
    dayAgo(file);
    f.pass();
    fs.appendFileSync(file, turn2.subarray(turn1.length));
    await shown(f, `claude-code:${SESSION}`, TURN2);
    f.pass();
    assert.deepEqual(f.said, ['polling every 0.02 s: ENOSPC: System limit for number of file watchers reached']);
    assert.ok(f.passes.includes('poll'));
  });

  it('polls when a watcher fails later, or a root is on a network file system', async () => {
    const watchers: EventEmitter[] = [];
    const failing: WatchFunction = (folder, listener) => {
      const real = nodeWatch(folder, listener);
      const w = Object.assign(new EventEmitter(), { close: () => real.close() });
      watchers.push(w);
      return w as Watcher;
    };
    const f = start({ watch: failing, pollMs: 20 });
    f.pass();
    watchers[0].emit('error', Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' }));
    assert.deepEqual(f.said.slice(1), ['polling every 0.02 s: EMFILE: too many open files']);

    const g = start({
      eventless: (root) => (root.endsWith('codex') ? `${root} is on a network file system (nfs)` : undefined),
    });
    g.pass();
    assert.equal(g.said.length, 1);
    assert.match(g.said[0], /^polling every 2 s: .*codex is on a network file system \(nfs\)$/);
  });

  it('closes every watcher when disposed, and those of old roots when the roots change', () => {
    const live = new Map<string, number>();
    const counting: WatchFunction = (folder, listener) => {
      const real = nodeWatch(folder, listener);
      live.set(folder, (live.get(folder) ?? 0) + 1);
      return {
        on: (event, l) => real.on(event, l),
        close: () => {
          live.set(folder, (live.get(folder) ?? 0) - 1);
          real.close();
        },
      };
    };
    let second = false;
    const f = start({
      watch: counting,
      roots: (l) =>
        second
          ? { claude: [path.join(l.dir, 'elsewhere')], codex: [] }
          : { claude: [l.claudeConfig], codex: [l.codexHome] },
    });
    f.pass();
    const openUnder = (dir: string) => [...live].filter(([k, n]) => k.startsWith(dir) && n > 0).length;
    assert.ok(openUnder(f.layout.claudeConfig) >= 2 && openUnder(f.layout.codexHome) >= 4, JSON.stringify([...live]));
    second = true;
    f.pass();
    assert.equal(openUnder(f.layout.claudeConfig) + openUnder(f.layout.codexHome), 0, JSON.stringify([...live]));
    f.follow.dispose();
    assert.equal(openUnder(''), 0, JSON.stringify([...live]));
  });

  it('knows a network folder by its path on Windows, and a local one on Linux by its file system', () => {
    assert.match(eventlessMount('\\\\server\\share\\.claude', 'win32') ?? '', /is a network folder/);
    assert.equal(eventlessMount('\\\\?\\C:\\Users\\me\\.claude', 'win32'), undefined);
    assert.equal(eventlessMount('C:\\Users\\me\\.claude', 'win32'), undefined);
    assert.equal(eventlessMount(os.tmpdir(), 'linux'), undefined);
    assert.equal(eventlessMount('/no/such/folder', 'linux'), undefined);
  });
});
