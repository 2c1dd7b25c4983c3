import { randomBytes, randomUUID } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Layout } from '../support/transcriptLayout';
import { FIXTURES, emptyLayout } from '../support/transcriptLayout';

/**
 * Benchmark corpora made from the real fixture transcripts (test/fixtures/transcripts), copied many
 * times with fresh ids so that neither reader's dedup (message.id + requestId, across files) collapses
 * the copies. Ids are swapped by string replacement in the original bytes, never by re-serialising
 * JSON: every copy has the fixtures' exact line shapes and sizes. Nothing is cached; all in a temp dir.
 */

/** Session uuids (also the session's file name), message ids (`msg_…`) and request ids (`req_…`). */
const ID = /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b|\b(?:msg|req)_[A-Za-z0-9_]+/gi;

/** A text cut at its ids: `parts[0] ids[0] parts[1] … ids[n-1] parts[n]`. */
interface Template {
  parts: string[];
  ids: string[];
  bytes: number;
}

function template(text: string): Template {
  const parts: string[] = [];
  const ids: string[] = [];
  let last = 0;
  for (const m of text.matchAll(ID)) {
    parts.push(text.slice(last, m.index));
    ids.push(
      m[0].toLowerCase().startsWith('msg_') || m[0].toLowerCase().startsWith('req_') ? m[0] : m[0].toLowerCase(),
    );
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, ids, bytes: Buffer.byteLength(text) };
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A new id of the same shape and length: a uuid for a uuid; `msg_01` + random base62 for `msg_01…`. */
export function freshLike(id: string): string {
  if (!id.startsWith('msg_') && !id.startsWith('req_')) return randomUUID();
  const keep = id.lastIndexOf('_') + 3; // prefix(es) and the two version digits, e.g. msg_bdrk_01
  const random = randomBytes(id.length - keep);
  let tail = '';
  for (const b of random) tail += BASE62[b % 62];
  return id.slice(0, keep) + tail;
}

/** One copy's id mapping: every id gets one fresh replacement, the same in all files of the copy. */
type Renamer = (id: string) => string;

function renamer(fixed: ReadonlyMap<string, string> = new Map()): Renamer {
  const map = new Map<string, string>(fixed);
  return (id) => {
    let fresh = map.get(id);
    if (fresh === undefined) map.set(id, (fresh = freshLike(id)));
    return fresh;
  };
}

function render(t: Template, rename: Renamer): string {
  let out = t.parts[0];
  for (let i = 0; i < t.ids.length; i++) out += rename(t.ids[i]) + t.parts[i + 1];
  return out;
}

/** A fixture file and where a copy of it goes (relative, itself a template: its uuid is renamed too). */
interface FixtureFile {
  name: Template;
  text: Template;
  /** A session's main file (not a subagent's). */
  main: boolean;
}

const read = (rel: string) => fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
const firstUuid = (text: string, key: string) =>
  new RegExp(`"${key}":"([0-9a-f-]{36})"`).exec(text)?.[1] ?? randomUUID();

/** Every Claude Code fixture session: the five main files, the four subagents, and growing/turn-2. */
function claudeFixtures(): FixtureFile[] {
  const dir = path.join(FIXTURES, 'claude-code');
  const files: FixtureFile[] = [];
  for (const name of fs.readdirSync(dir).sort()) {
    if (name.endsWith('.jsonl'))
      files.push({ name: template(name), text: template(read(`claude-code/${name}`)), main: true });
    const subDir = path.join(dir, name, 'subagents');
    if (fs.existsSync(subDir)) {
      for (const sub of fs.readdirSync(subDir).sort()) {
        files.push({
          name: template(`${name}/subagents/${sub}`),
          text: template(read(`claude-code/${name}/subagents/${sub}`)),
          main: false,
        });
      }
    }
  }
  const growing = read('claude-code/growing/turn-2.jsonl');
  files.push({ name: template(`${firstUuid(growing, 'sessionId')}.jsonl`), text: template(growing), main: true });
  return files;
}

/** The three Codex rollouts and growing/turn-2 (named after its session_meta id). */
function codexFixtures(): FixtureFile[] {
  const files = fs
    .readdirSync(path.join(FIXTURES, 'codex'))
    .filter((n) => n.endsWith('.jsonl'))
    .sort()
    .map((name) => ({ name: template(name), text: template(read(`codex/${name}`)), main: true }));
  const growing = read('codex/growing/turn-2.jsonl');
  files.push({
    name: template(`rollout-2026-05-12T10-00-00-${firstUuid(growing, 'id')}.jsonl`),
    text: template(growing),
    main: true,
  });
  return files;
}

/** The Claude fixtures' session uuids (file names): one long session maps them all to its own. */
function claudeSessionIds(): string[] {
  const ids = fs
    .readdirSync(path.join(FIXTURES, 'claude-code'))
    .filter((n) => n.endsWith('.jsonl'))
    .map((n) => n.slice(0, -6));
  ids.push(firstUuid(read('claude-code/growing/turn-2.jsonl'), 'sessionId'));
  return ids;
}

/**
 * One long Claude Code session file of about `targetBytes`: the turns of every main fixture file (and
 * growing/turn-2) repeated, each repetition with fresh message, request and line ids, all under one
 * session uuid (the file's name). Written block by block, never held whole in memory.
 */
export function writeLongClaudeSession(
  dir: string,
  targetBytes: number,
  sessionId = randomUUID(),
): { path: string; sessionId: string; bytes: number } {
  const sessions = claudeSessionIds();
  const mains = claudeFixtures().filter((f) => f.main);
  const fixed = new Map(sessions.map((id) => [id, sessionId]));
  const file = path.join(dir, `${sessionId}.jsonl`);
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  try {
    while (bytes < targetBytes) {
      const rename = renamer(fixed);
      const block = mains.map((f) => render(f.text, rename)).join('');
      bytes += fs.writeSync(fd, block);
    }
  } finally {
    fs.closeSync(fd);
  }
  return { path: file, sessionId, bytes };
}

const TOTAL_USAGE = /"total_token_usage":\{[^}]*\}/g;
const USAGE_FIELD = /"(\w+)":(\d+)/g;
const TIMESTAMP = /"timestamp":"([^"]+)"/g;

/**
 * Repetition `k` of a rollout's turns as if it came later in the same session: every count of every
 * `total_token_usage` (Codex's running totals) plus `k` times the fixture's final totals, and every
 * timestamp `k` hours later (ccusage counts a token_count event once per timestamp).
 */
function laterTurns(text: string, final: ReadonlyMap<string, number>, k: number): string {
  if (k === 0) return text;
  return text
    .replace(TOTAL_USAGE, (usage) =>
      usage.replace(USAGE_FIELD, (_, key: string, n: string) => `"${key}":${Number(n) + k * (final.get(key) ?? 0)}`),
    )
    .replace(TIMESTAMP, (whole, at: string) => {
      const t = Date.parse(at);
      return Number.isNaN(t) ? whole : `"timestamp":"${new Date(t + k * 3_600_000).toISOString()}"`;
    });
}

/**
 * One long Codex rollout of about `targetBytes`: the largest fixture rollout's session_meta once, then
 * its turns (turn_context, token_count, messages) repeated with fresh ids, each repetition later in
 * time and with running totals that keep growing, as one long session's would.
 */
function writeLongCodexRollout(dir: string, targetBytes: number): { path: string; bytes: number } {
  const name = fs
    .readdirSync(path.join(FIXTURES, 'codex'))
    .filter((n) => n.endsWith('.jsonl'))
    .sort(
      (a, b) => fs.statSync(path.join(FIXTURES, 'codex', b)).size - fs.statSync(path.join(FIXTURES, 'codex', a)).size,
    )[0];
  const text = read(`codex/${name}`);
  const cut = text.indexOf('\n') + 1;
  const head = template(text.slice(0, cut));
  const body = template(text.slice(cut));
  const totals = [...text.matchAll(TOTAL_USAGE)];
  const final = new Map(
    [...(totals[totals.length - 1]?.[0] ?? '').matchAll(USAGE_FIELD)].map((m): [string, number] => [
      m[1],
      Number(m[2]),
    ]),
  );
  const nameTemplate = template(name);
  const session = renamer();
  const file = path.join(dir, render(nameTemplate, session));
  const fixed = new Map(nameTemplate.ids.map((id) => [id, session(id)]));
  const fd = fs.openSync(file, 'w');
  let bytes = 0;
  try {
    bytes += fs.writeSync(fd, render(head, session));
    for (let k = 0; bytes < targetBytes; k++) {
      const rename = renamer(fixed);
      bytes += fs.writeSync(fd, laterTurns(render(body, rename), final, k));
    }
  } finally {
    fs.closeSync(fd);
  }
  return { path: file, bytes };
}

export interface Corpus {
  layout: Layout;
  bytes: number;
  claudeBytes: number;
  codexBytes: number;
  /** Claude Code sessions (main files; subagent files are counted in `files`). */
  claudeSessions: number;
  codexSessions: number;
  files: number;
  /** The long sessions mixed in, largest first. */
  large: Array<{ path: string; bytes: number }>;
  buildMs: number;
}

/**
 * About `targetBytes` of transcripts in the Claude Code and Codex layouts: `codexShare` of it Codex
 * rollouts, the rest Claude Code sessions (with subagents), spread over several project folders.
 * Mixed in: long sessions of 25 % and 10 % of the total (Claude) and 5 % (Codex), so the corpus holds
 * a few large files beside the many small ones.
 */
export function buildCorpus(targetBytes = 100 * 1e6, codexShare = 0.2, projects = 8): Corpus {
  const t0 = process.hrtime.bigint();
  const layout = emptyLayout();
  const projectDirs = Array.from({ length: projects }, (_, i) => {
    const dir = i === 0 ? layout.claudeProject : path.join(layout.claudeConfig, 'projects', `-work-project-${i}`);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  });
  const large: Corpus['large'] = [];
  let files = 0;
  let claudeSessions = 0;
  let codexSessions = 0;

  const claudeTarget = targetBytes * (1 - codexShare);
  let claudeBytes = 0;
  for (const share of [0.25, 0.1]) {
    const long = writeLongClaudeSession(projectDirs[large.length + 1], targetBytes * share);
    large.push({ path: long.path, bytes: long.bytes });
    claudeBytes += long.bytes;
    claudeSessions++;
    files++;
  }
  const claude = claudeFixtures();
  for (let copy = 0; claudeBytes < claudeTarget; copy++) {
    const dir = projectDirs[copy % projects];
    const rename = renamer();
    for (const f of claude) {
      const file = path.join(dir, render(f.name, rename));
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, render(f.text, rename));
      claudeBytes += f.text.bytes;
      files++;
      if (f.main) claudeSessions++;
    }
  }

  let codexBytes = 0;
  const longCodex = writeLongCodexRollout(layout.codexDay, targetBytes * 0.05);
  large.push(longCodex);
  codexBytes += longCodex.bytes;
  codexSessions++;
  files++;
  const codex = codexFixtures();
  while (codexBytes < targetBytes - claudeBytes) {
    const rename = renamer();
    for (const f of codex) {
      fs.writeFileSync(path.join(layout.codexDay, render(f.name, rename)), render(f.text, rename));
      codexBytes += f.text.bytes;
      codexSessions++;
      files++;
    }
  }
  large.sort((a, b) => b.bytes - a.bytes);
  const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return {
    layout,
    bytes: claudeBytes + codexBytes,
    claudeBytes,
    codexBytes,
    claudeSessions,
    codexSessions,
    files,
    large,
    buildMs,
  };
}

/** A layout holding one long Claude Code session of about `targetBytes`, and nothing else. */
export function buildLongSession(targetBytes = 100 * 1e6): {
  layout: Layout;
  path: string;
  sessionId: string;
  bytes: number;
  buildMs: number;
} {
  const t0 = process.hrtime.bigint();
  const layout = emptyLayout();
  const long = writeLongClaudeSession(layout.claudeProject, targetBytes);
  return { layout, ...long, buildMs: Number(process.hrtime.bigint() - t0) / 1e6 };
}
