import { execFile, execFileSync, spawn } from 'child_process';
import { randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { promisify } from 'util';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import type { CcusageSession, Layout } from '../support/transcriptLayout';
import type { ChildIngest } from './ingestChild';
import { newIndex, sum, totalOf, withStallMeter } from './ingestChild';
import { runPlainLoop } from './plainLoop';
import { median, ms } from './stats';
import { buildCorpus, buildLongSession, freshLike } from './transcriptCorpus';
import { differences, ourSessionTotals } from './ingestTotals';
import { benchWarmRestart } from './warmRestart';

/**
 * Our transcript reader against ccusage 20.0.24 (the pinned devDependency), on the same files in the
 * same run: a cold read of a ~100 MB corpus (time, peak memory, totals, event-loop stalls), and one
 * more 2 KB turn appended to a ~100 MB transcript (our incremental update against a ccusage rerun).
 */

const execFileP = promisify(execFile);
const MB = 1e6;
const RUNS = 3;
const APPENDS = 20;

const LAUNCHER = path.resolve(__dirname, '../../../node_modules/.bin/ccusage');
const CHILD = path.join(__dirname, 'ingestChild.js');

/**
 * ccusage's native binary, run directly (the .bin/ccusage node launcher only spawns it); else the
 * launcher. npm installs the binary without its execute bit; the launcher sets it on its first run.
 */
function ccusageCommand(): { file: string; native: boolean } {
  const exe = process.platform === 'win32' ? 'bin/ccusage.exe' : 'bin/ccusage';
  try {
    const file = require.resolve(`@ccusage/ccusage-${process.platform}-${process.arch}/${exe}`);
    try {
      fs.accessSync(file, fs.constants.X_OK);
    } catch {
      execFileSync(LAUNCHER, ['--version'], { stdio: 'ignore' });
    }
    return { file, native: true };
  } catch {
    return { file: LAUNCHER, native: false };
  }
}

const ccusageEnv = (layout: Layout) => ({
  ...process.env,
  CLAUDE_CONFIG_DIR: layout.claudeConfig,
  CODEX_HOME: layout.codexHome,
  HOME: layout.dir,
  NO_COLOR: '1',
});
const ccusageArgs = (agent: 'claude' | 'codex') => [agent, 'session', '--json', '--offline'];

/** One ccusage run, wall time from spawn to exit (its JSON parsed after the clock stops). */
async function runCcusage(
  layout: Layout,
  agent: 'claude' | 'codex',
): Promise<{ ms: number; sessions: CcusageSession[] }> {
  const { file } = ccusageCommand();
  const t0 = performance.now();
  const { stdout } = await execFileP(file, ccusageArgs(agent), { env: ccusageEnv(layout), maxBuffer: 256 << 20 });
  const took = performance.now() - t0;
  return { ms: took, sessions: (JSON.parse(stdout) as { sessions: CcusageSession[] }).sessions };
}

let gnuTime: boolean | undefined;

/**
 * Peak resident memory of one run of a command, in MB: the kernel's ru_maxrss through GNU time when
 * /usr/bin/time is there, else the process's VmHWM (its high-water mark) polled from /proc every 5 ms.
 */
async function peakRss(file: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ mb: number; method: string }> {
  if (gnuTime === undefined)
    gnuTime = await execFileP('/usr/bin/time', ['-v', 'true']).then(
      ({ stderr }) => stderr.includes('Maximum resident set size'),
      () => false,
    );
  if (gnuTime) {
    const { stderr } = await execFileP('/usr/bin/time', ['-v', file, ...args], { env, maxBuffer: 256 << 20 });
    const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (kb) return { mb: (Number(kb[1]) * 1024) / MB, method: '/usr/bin/time -v' };
  }
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env, stdio: 'ignore' });
    let kb = 0;
    const poll = () => {
      try {
        const hwm = /VmHWM:\s*(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (hwm) kb = Math.max(kb, Number(hwm[1]));
      } catch {
        /* exited between polls */
      }
    };
    const timer = setInterval(poll, 5);
    child.on('error', reject);
    child.on('exit', () => {
      clearInterval(timer);
      resolve({ mb: (kb * 1024) / MB, method: 'VmHWM polled every 5 ms' });
    });
  });
}

/** In a fresh node process that loads only what the extension loads for this: one cold ingest. */
async function ingestInChild(layout: Layout): Promise<ChildIngest> {
  const { stdout } = await execFileP(process.execPath, [CHILD, layout.claudeConfig, layout.codexHome], {
    maxBuffer: 16 << 20,
  });
  return JSON.parse(stdout) as ChildIngest;
}

const ratioText = (r: number) =>
  r >= 1 ? `${r.toFixed(1)}x faster` : `${r.toFixed(2)}x (${(1 / r).toFixed(1)}x slower)`;
const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

async function benchColdIngest(): Promise<void> {
  const corpus = buildCorpus(100 * MB, 0.2);
  try {
    const { layout } = corpus;
    console.log(
      `transcript ingest, corpus ${mb(corpus.bytes)} built in ${ms(corpus.buildMs)}: ${corpus.files} files = ${corpus.claudeSessions} Claude Code sessions ` +
        `(${mb(corpus.claudeBytes)}, with subagents) + ${corpus.codexSessions} Codex rollouts (${mb(corpus.codexBytes)}); largest ${corpus.large.map((l) => mb(l.bytes)).join(', ')}`,
    );
    // ccusage: claude and codex reports, each run RUNS times; the cold time is the sum of the medians.
    const claudeRuns: number[] = [];
    const codexRuns: number[] = [];
    let theirClaude: CcusageSession[] = [];
    let theirCodex: CcusageSession[] = [];
    for (let i = 0; i < RUNS; i++) {
      const c = await runCcusage(layout, 'claude');
      claudeRuns.push(c.ms);
      theirClaude = c.sessions;
      const x = await runCcusage(layout, 'codex');
      codexRuns.push(x.ms);
      theirCodex = x.sessions;
    }
    const theirsMs = median(claudeRuns) + median(codexRuns);
    const theirTotals = new Map<string, number>([
      ...theirClaude.map((s): [string, number] => [`claude:${s.sessionId}`, s.totalTokens]),
      ...theirCodex.map((s): [string, number] => [`codex:${s.sessionId}`, s.totalTokens]),
    ]);
    const theirTotal = sum([...theirTotals.values()]);

    // ours, in this process, a new index each run, with a 1 ms timer measuring the event loop's stalls
    const problems: string[] = [];
    const ourRuns: number[] = [];
    let maxStallMs = 0;
    let summaries: SessionSummary[] = [];
    for (let i = 0; i < RUNS; i++) {
      const index = newIndex(layout, problems);
      const t0 = performance.now();
      const { maxStallMs: stall } = await withStallMeter(() => index.update());
      ourRuns.push(performance.now() - t0);
      maxStallMs = Math.max(maxStallMs, stall);
      summaries = index.summaries();
      index.dispose();
    }
    const oursMs = median(ourRuns);
    const ourTotals = ourSessionTotals(layout, summaries);
    const ourTotal = sum([...ourTotals.values()]);
    const differ = differences(ourTotals, theirTotals);

    // peak memory: ours in a fresh node process, ccusage's two reports each in its own process
    // peak memory varies from run to run (ccusage's threads, GC timing): the median of RUNS of each
    const children: ChildIngest[] = [];
    for (let i = 0; i < RUNS; i++) children.push(await ingestInChild(layout));
    const child = children.sort((a, b) => a.maxRssKb - b.maxRssKb)[Math.floor(RUNS / 2)];
    const { file, native } = ccusageCommand();
    const claudeRss: number[] = [];
    const codexRss: number[] = [];
    let rssMethod = '';
    for (let i = 0; i < RUNS; i++) {
      const c = await peakRss(file, ccusageArgs('claude'), ccusageEnv(layout));
      claudeRss.push(c.mb);
      codexRss.push((await peakRss(file, ccusageArgs('codex'), ccusageEnv(layout))).mb);
      rssMethod = c.method;
    }
    const rssClaude = { mb: median(claudeRss), method: rssMethod };
    const rssCodex = { mb: median(codexRss) };
    const oursRss = (child.maxRssKb * 1024) / MB;
    const theirsRss = Math.max(rssClaude.mb, rssCodex.mb);
    const plainRuns: number[] = [];
    let plain = await runPlainLoop([layout.claudeConfig, layout.codexHome]);
    for (let i = 0; i < RUNS; i++)
      plainRuns.push((plain = await runPlainLoop([layout.claudeConfig, layout.codexHome])).ms);
    const plainMs = median(plainRuns);

    console.log(
      `  cold ingest ${mb(corpus.bytes)}: ours ${ms(oursMs)}, ccusage ${ms(theirsMs)}, ratio Y/X = ${ratioText(theirsMs / oursMs)}; ` +
        `peak RSS ours ${oursRss.toFixed(0)} MB vs ccusage ${theirsRss.toFixed(0)} MB; totals equal: ${ourTotal === theirTotal && differ === 0 ? 'yes' : 'no'} (target: >= 2x faster, lower peak memory)`,
    );
    console.log(
      `    ours: runs ${ourRuns.map((r) => ms(r)).join(', ')}; ${summaries.length} sessions, ${ourTotal.toLocaleString('en-US')} tokens; ` +
        `in a fresh process ${ms(child.ms)}, peak RSS (median of ${RUNS}: ${children.map((c) => ((c.maxRssKb * 1024) / MB).toFixed(0)).join(', ')} MB) ${oursRss.toFixed(0)} MB of which ${((child.baselineRssKb * 1024) / MB).toFixed(0)} MB is node before the ingest` +
        (problems.length ? `; ${problems.length} problem(s) logged, first: ${problems[0]}` : ''),
    );
    console.log(
      `    ccusage${native ? ' (native binary, without its node launcher)' : ' (node launcher)'}: claude ${claudeRuns.map((r) => ms(r)).join(', ')} + codex ${codexRuns.map((r) => ms(r)).join(', ')}; ` +
        `${theirTotals.size} sessions, ${theirTotal.toLocaleString('en-US')} tokens; peak RSS (median of ${RUNS}) claude ${rssClaude.mb.toFixed(0)} MB (runs ${claudeRss.map((m) => m.toFixed(0)).join(', ')}), codex ${rssCodex.mb.toFixed(0)} MB (${rssClaude.method}); ` +
        `sessions whose totals differ: ${differ}`,
    );
    console.log(
      `    plain Node loop (readFileSync, split, JSON.parse every line holding "usage"; the premise of the target): ${ms(plainMs)} (runs ${plainRuns.map((r) => ms(r)).join(', ')}), ` +
        `peak RSS ${plain.maxRssMb.toFixed(0)} MB; against ccusage ${ratioText(theirsMs / plainMs)}, ours against it ${ratioText(plainMs / oursMs)}`,
    );
    console.log(
      `  host stall during cold ingest (max gap of a 1 ms timer on the main thread): in a fresh process ${ms(Math.max(...children.map((c) => c.maxStallMs)))} ` +
        `(runs ${children.map((c) => ms(c.maxStallMs)).join(', ')}); in this bench process, which holds the corpus builder's and ccusage's garbage too, ${ms(maxStallMs)} (over ${RUNS} runs) (target: < 20 ms)`,
    );
    await benchWarmRestart(layout, theirsMs, theirTotals);
  } finally {
    fs.rmSync(corpus.layout.dir, { recursive: true, force: true });
  }
}

/** About 2 KB of one more turn in Claude Code's format: an assistant reply with usage, then the user's next message. */
function appendedTurn(
  sessionId: string,
  n: number,
  parentUuid: string,
): { text: string; total: number; lastUuid: string } {
  const at = new Date().toISOString();
  const assistantUuid = randomUUID();
  const userUuid = randomUUID();
  const usage = {
    input_tokens: 3,
    cache_creation_input_tokens: 412 + n,
    cache_read_input_tokens: 48_210 + 97 * n,
    cache_creation: { ephemeral_5m_input_tokens: 412 + n, ephemeral_1h_input_tokens: 0 },
    output_tokens: 187 + n,
    service_tier: 'standard',
  };
  const common = {
    isSidechain: false,
    userType: 'external',
    cwd: '/work/demo',
    sessionId,
    version: '2.0.76',
    gitBranch: 'main',
  };
  const lines = (answer: string, next: string) =>
    [
      {
        parentUuid,
        ...common,
        message: {
          model: 'claude-sonnet-4-5-20250929',
          id: freshLike('msg_01XXXXXXXXXXXXXXXXXXXXXX'),
          type: 'message',
          role: 'assistant',
          content: [{ type: 'text', text: answer }],
          stop_reason: 'end_turn',
          stop_sequence: null,
          usage,
        },
        requestId: freshLike('req_011XXXXXXXXXXXXXXXXXXXXX'),
        type: 'assistant',
        uuid: assistantUuid,
        timestamp: at,
      },
      {
        parentUuid: assistantUuid,
        ...common,
        type: 'user',
        message: { role: 'user', content: next },
        uuid: userUuid,
        timestamp: at,
      },
    ]
      .map((l) => JSON.stringify(l) + '\n')
      .join('');
  const prose =
    'The index reads only the bytes appended since its last pass, then folds the new usage into the session totals. ';
  const room = 2048 - Buffer.byteLength(lines('', ''));
  const answer = prose.repeat(20).slice(0, Math.ceil(room * 0.6));
  const text = lines(answer, prose.repeat(20).slice(0, room - answer.length));
  const total =
    usage.input_tokens + usage.cache_creation_input_tokens + usage.cache_read_input_tokens + usage.output_tokens;
  return { text, total, lastUuid: userUuid };
}

async function benchAppend(): Promise<void> {
  const long = buildLongSession(100 * MB);
  try {
    const problems: string[] = [];
    const index = newIndex(long.layout, problems);
    const key = `claude-code:${long.sessionId}`;
    const t0 = performance.now();
    const { maxStallMs } = await withStallMeter(() => index.update());
    const firstMs = performance.now() - t0;
    let expected = totalOf(index.get(key));
    let parent: string = randomUUID();
    const appendMs: number[] = [];
    let extraPasses = 0;
    const fd = fs.openSync(long.path, 'a');
    try {
      for (let i = 0; i < APPENDS; i++) {
        const turn = appendedTurn(long.sessionId, i, parent);
        parent = turn.lastUuid;
        fs.writeSync(fd, turn.text);
        expected += turn.total;
        const start = performance.now();
        for (let pass = 0; ; pass++) {
          await index.update();
          if (totalOf(index.get(key)) === expected) break;
          if (pass === 100)
            throw new Error(
              `the index never showed the appended turn ${i} (expected ${expected}, has ${totalOf(index.get(key))})`,
            );
          extraPasses++;
        }
        appendMs.push(performance.now() - start);
      }
    } finally {
      fs.closeSync(fd);
      index.dispose();
    }
    const rerunRuns: number[] = [];
    let theirs: CcusageSession[] = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await runCcusage(long.layout, 'claude');
      rerunRuns.push(run.ms);
      theirs = run.sessions;
    }
    const oursMs = median(appendMs);
    const rerunMs = median(rerunRuns);
    const theirTotal = theirs.find((s) => s.sessionId === long.sessionId)?.totalTokens;
    console.log(
      `  append 2 KB to a ${mb(fs.statSync(long.path).size)} transcript: ours ${ms(oursMs)} (median of ${APPENDS}), ccusage rerun ${ms(rerunMs)}, ratio ${ratioText(rerunMs / oursMs)}` +
        ` (target: <= 5 ms, >= 100x)`,
    );
    console.log(
      `    ours: appends min ${ms(Math.min(...appendMs))}, max ${ms(Math.max(...appendMs))}, extra passes ${extraPasses}; first read of the file ${ms(firstMs)} (max stall ${ms(maxStallMs)}); ` +
        `ccusage runs ${rerunRuns.map((r) => ms(r)).join(', ')}; totals equal after the appends: ${theirTotal === expected ? 'yes' : 'no'} (${expected.toLocaleString('en-US')} vs ${theirTotal?.toLocaleString('en-US')})` +
        (problems.length ? `; ${problems.length} problem(s) logged, first: ${problems[0]}` : ''),
    );
  } finally {
    fs.rmSync(long.layout.dir, { recursive: true, force: true });
  }
}

/** Cold ingest of ~100 MB and a 2 KB append to a ~100 MB transcript, each against ccusage on the same files. */
export async function benchTranscriptIngest(): Promise<void> {
  await benchColdIngest();
  await benchAppend();
}
