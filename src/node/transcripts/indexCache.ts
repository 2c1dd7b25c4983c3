import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ClaudeCodeTranscript } from '../../core/transcripts/claudeCodeTranscript';
import { CodexTranscript } from '../../core/transcripts/codexTranscript';
import type { ClaudeFoldSnapshot, CodexFoldSnapshot } from '../../core/transcripts/foldSnapshot';
import { isRecord } from '../../core/transcripts/tokenTotals';
import { writeFileAtomic } from '../atomicFile';
import type { StoreFs } from '../storeFs';
import { realStoreFs } from '../storeFs';
import type { TailPosition } from './lineTail';
import type { TranscriptRoots } from './roots';
import type { IndexScope } from './transcriptIndex';

/**
 * The persisted transcript index: one JSON file (`version: 1`) saying for which machine, roots and
 * scope it was built, then per transcript file where reading stopped (path, ino, size, mtime, tail
 * position) and the fold so far. Written whole and atomically; read back it is untrusted: anything
 * unexpected (empty, cut, unparsable, another version, machine, roots or scope, one malformed record)
 * discards all of it, and the caller reads every transcript from the start.
 */

/** 2: Codex folds keep each reply's usage (priced per request). A cache of another version is read afresh. */
export const CACHE_VERSION = 2;
/** Larger than any index of real transcripts (~2 MB per 100 MB read); beyond it, the file is not ours. */
const MAX_CACHE_BYTES = 256 << 20;

/** What a cache must have been built for to be used. */
export interface CacheIdentity {
  host: string;
  platform: string;
  roots: TranscriptRoots;
  scope: IndexScope;
}

interface FileCommon {
  path: string;
  session: string;
  size: number;
  mtimeMs: number;
  position: TailPosition;
}
/** One file as it is saved. */
export type StoredFile =
  | (FileCommon & { kind: 'claude'; role: 'main' | 'subagent'; fold: ClaudeFoldSnapshot })
  | (FileCommon & { kind: 'codex'; fold: CodexFoldSnapshot });
/** One file as it is restored: its fold ready to read the rest of the file. */
export type RestoredFile =
  | (FileCommon & { kind: 'claude'; role: 'main' | 'subagent'; transcript: ClaudeCodeTranscript })
  | (FileCommon & { kind: 'codex'; transcript: CodexTranscript });

export interface IndexSnapshot {
  files: StoredFile[];
  /** Codex rollouts found outside the scope (their first line says another folder). */
  codexOutOfScope: string[];
}
export interface RestoredIndex {
  files: RestoredFile[];
  codexOutOfScope: string[];
}

/** `otherFolders`: the cache is sound, only built for other roots or another scope. */
export type CacheRead = { index: RestoredIndex } | { discarded: string; otherFolders?: boolean } | { missing: true };

export const OTHER_FOLDERS = 'it was built for other transcript folders or another scope';

export function machineIdentity(roots: TranscriptRoots, scope: IndexScope): CacheIdentity {
  return { host: os.hostname(), platform: process.platform, roots, scope };
}

/** Roots and scope in one canonical form, to compare what a cache was built for with what is asked. */
const sameFolders = (a: CacheIdentity, b: Record<string, unknown>) =>
  JSON.stringify([a.roots.claude, a.roots.codex, a.scope.mode, a.scope.folders]) ===
  JSON.stringify(
    isRecord(b.roots) && isRecord(b.scope) ? [b.roots.claude, b.roots.codex, b.scope.mode, b.scope.folders] : undefined,
  );

export function encodeIndexCache(identity: CacheIdentity, snapshot: IndexSnapshot): string {
  return JSON.stringify({ version: CACHE_VERSION, ...identity, ...snapshot });
}

const count = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function positionOf(value: unknown, size: number): TailPosition | undefined {
  if (!isRecord(value) || !count(value.offset) || !count(value.dev) || !count(value.ino)) return undefined;
  const position = { offset: value.offset as number, dev: value.dev as number, ino: value.ino as number };
  return position.offset <= size ? position : undefined;
}

/** One saved file, checked; a string says what is wrong with it. */
function restoreFile(value: unknown): RestoredFile | string {
  if (!isRecord(value)) return 'not an object';
  const { kind, path: file, session, size, mtimeMs, role } = value;
  if (typeof file !== 'string' || !path.isAbsolute(file)) return 'no absolute path';
  if (typeof session !== 'string' || !session) return 'no session';
  if (!count(size) || typeof mtimeMs !== 'number' || !Number.isFinite(mtimeMs)) return 'no size or mtime';
  const position = positionOf(value.position, size as number);
  if (!position) return 'no tail position within the file';
  let what = 'fold';
  const malformed = (field: string) => (what = `fold.${field}`);
  const common = { path: file, session, size: size as number, mtimeMs, position };
  if (kind === 'claude' && (role === 'main' || role === 'subagent')) {
    const transcript = ClaudeCodeTranscript.restore(value.fold, malformed);
    return transcript ? { ...common, kind, role, transcript } : what;
  }
  if (kind === 'codex') {
    const transcript = CodexTranscript.restore(value.fold, malformed);
    return transcript ? { ...common, kind, transcript } : what;
  }
  return 'neither a Claude Code file nor a Codex rollout';
}

/** Why a saved file's header does not fit this version, machine, roots and scope; undefined when it does. */
export function identityProblem(value: Record<string, unknown>, expected: CacheIdentity): string | undefined {
  if (value.version !== CACHE_VERSION) return `it has version ${JSON.stringify(value.version)}, not ${CACHE_VERSION}`;
  if (value.host !== expected.host || value.platform !== expected.platform)
    return `it was built on another machine (${String(value.host)}, ${String(value.platform)})`;
  if (!sameFolders(expected, value)) return OTHER_FOLDERS;
  return undefined;
}

/** The restored index a cache file's text describes, or why it cannot be used. */
export function decodeIndexCache(text: string, expected: CacheIdentity): RestoredIndex | string {
  if (text.trim() === '') return 'it is empty';
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return 'it is not valid JSON (cut short or damaged)';
  }
  if (!isRecord(value)) return 'it is not an index';
  const foreign = identityProblem(value, expected);
  if (foreign) return foreign;
  const { files, codexOutOfScope } = value;
  if (!Array.isArray(files) || !Array.isArray(codexOutOfScope)) return 'it has no file list';
  if (!codexOutOfScope.every((p) => typeof p === 'string')) return 'its out-of-scope list is malformed';
  const restored: RestoredFile[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < files.length; i++) {
    const file = restoreFile(files[i]);
    if (typeof file === 'string') return `record ${i} is malformed (${file})`;
    if (seen.has(file.path)) return `record ${i} repeats a file`;
    seen.add(file.path);
    restored.push(file);
  }
  return { files: restored, codexOutOfScope: codexOutOfScope as string[] };
}

/** Reads a cache file (synchronously: this runs in the transcript worker). A missing file is no problem. */
export function readIndexCache(file: string, expected: CacheIdentity): CacheRead {
  let text: string;
  try {
    const size = fs.statSync(file).size;
    if (size > MAX_CACHE_BYTES) return { discarded: `it is ${size} bytes, more than an index can be` };
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { discarded: `it cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
  const index = decodeIndexCache(text, expected);
  if (typeof index !== 'string') return { index };
  return index === OTHER_FOLDERS ? { discarded: index, otherFolders: true } : { discarded: index };
}

/** Saves a cache file atomically (temp, fsync, rename, folder fsync), creating its folder. */
export async function writeIndexCache(file: string, text: string, storeFs: StoreFs = realStoreFs): Promise<void> {
  await storeFs.mkdir(path.dirname(file));
  await writeFileAtomic(file, text, storeFs);
}
