import * as fs from 'fs';
import * as path from 'path';
import type { SessionSummary } from '../../shared/sessionSummary';
import { ClaudeCodeTranscript } from '../../core/transcripts/claudeCodeTranscript';
import { CodexTranscript } from '../../core/transcripts/codexTranscript';
import type { ObservedSettings } from '../../core/transcripts/observedSummary';
import { claudeSummary, codexSummary } from '../../core/transcripts/observedSummary';
import { UsageLedger } from '../../core/transcripts/usageLedger';
import type { ModelCatalog } from '../../core/modelFacts';
import { DatasetCatalog, loadDatasetLibrary } from '../datasetCatalog';
import { findClaudeFiles, findCodexFiles } from './discovery';
import type { TailPosition } from './lineTail';
import { scanNewLines } from './lineTail';
import { stringLine } from '../../core/transcripts/transcriptLine';
import { readFirstLine } from './firstLine';
import type { IndexSnapshot, RestoredFile, RestoredIndex } from './indexCache';
import type { TranscriptRoots } from './roots';
import { claudeProjectName } from './roots';
import type { SummaryListener } from './summaryBook';
import { SummaryBook } from './summaryBook';

export interface IndexScope {
  /** 'workspace': sessions whose working folder is one of `folders`; 'all': every session found. */
  mode: 'workspace' | 'all';
  folders: readonly string[];
}

export interface TranscriptIndexOptions {
  roots: () => TranscriptRoots;
  scope: () => IndexScope;
  settings: () => ObservedSettings;
  /** Windows and prices the transcripts do not carry: the maintained dataset unless given. */
  catalog?: ModelCatalog;
  /** One line for the output channel (unreadable folder, oversized line). */
  log: (message: string) => void;
  now?: () => number;
  maxLineBytes?: number;
  /** Told of every read of a transcript: from which offset, how many bytes. */
  onRead?: (path: string, from: number, bytesRead: number) => void;
}

interface FileState<T> {
  path: string;
  session: string;
  transcript: T;
  position?: TailPosition;
  size: number;
  mtimeMs: number;
}

type ClaudeFile = FileState<ClaudeCodeTranscript> & { role: 'main' | 'subagent' };
type CodexFile = FileState<CodexTranscript>;

const HOT_MS = 10 * 60 * 1000;
const CHUNK_BYTES = 1 << 20;
const FIRST_LINE_BYTES = 1 << 20;

/**
 * Every Claude Code and Codex session in scope, read incrementally: each file is read once from the
 * start, then only its new bytes. Folders are only read. `update()` finds new, grown, truncated and
 * deleted files and tells listeners which sessions changed; the caller decides how often
 * to call it. Its I/O is synchronous, one reused chunk buffer for every file: it runs in the
 * transcript worker (`transcriptWorker.ts`), never on the extension host's thread.
 */
export class TranscriptIndex {
  private readonly claude = new Map<string, ClaudeFile>();
  private readonly codex = new Map<string, CodexFile>();
  private readonly codexOutOfScope = new Set<string>();
  private readonly ledger = new UsageLedger();
  private readonly book = new SummaryBook();
  /** Internal session name (file-based) -> the summary key the views know it by. */
  private readonly keyBySession = new Map<string, string>();
  private readonly dirty = new Set<string>();
  private readonly reported = new Set<string>();
  private scopeKey = '';
  private updates = 0;
  /** The folders the last discovery read (the live follow watches them). */
  private folders: readonly string[] = [];
  private readonly buffer = Buffer.allocUnsafeSlow(CHUNK_BYTES);
  /** Restored files waiting for the next discovery to find them where they were (others are dropped). */
  private readonly restored = new Map<string, RestoredFile>();

  private readonly catalog: ModelCatalog;

  constructor(private readonly options: TranscriptIndexOptions) {
    this.catalog = options.catalog ?? new DatasetCatalog(loadDatasetLibrary, options.log);
  }

  onDidChange(listener: SummaryListener): () => void {
    return this.book.onDidChange(listener);
  }

  summaries(): SessionSummary[] {
    return this.book.all();
  }

  get(key: string): SessionSummary | undefined {
    return this.book.get(key);
  }

  /** Recomputes every summary (settings such as prices or windows changed). */
  resummarize(): void {
    for (const f of this.claude.values()) if (f.role === 'main') this.dirty.add(f.session);
    for (const f of this.codex.values()) this.dirty.add(f.session);
    this.publish();
  }

  /** One pass: a full discovery every tenth call (and the first, or when asked), otherwise only recently active files. */
  update(forceFull = false): void {
    const scope = this.options.scope();
    const key = this.currentKey();
    if (key !== this.scopeKey) this.reset(key);
    const full = this.updates++ % 10 === 0 || forceFull;
    if (full) this.discover(scope);
    const now = (this.options.now ?? Date.now)();
    for (const file of [...this.claude.values(), ...this.codex.values()])
      if (full || now - file.mtimeMs < HOT_MS) this.refreshFile(file);
    this.publish();
  }

  private currentKey(): string {
    return JSON.stringify(this.options.scope()) + JSON.stringify(this.options.roots());
  }

  /**
   * What the index holds, as plain data, for the persisted index (`indexCache.ts`). Only files read
   * at least once; everything is copied, so the index may go on while this is written.
   */
  snapshot(): IndexSnapshot {
    const common = (f: ClaudeFile | CodexFile) => ({
      path: f.path,
      session: f.session,
      size: f.size,
      mtimeMs: f.mtimeMs,
      position: { ...(f.position as NonNullable<typeof f.position>) },
    });
    return {
      files: [
        ...[...this.claude.values()]
          .filter((f) => f.position)
          .map((f) => ({ ...common(f), kind: 'claude' as const, role: f.role, fold: f.transcript.snapshot() })),
        ...[...this.codex.values()]
          .filter((f) => f.position)
          .map((f) => ({ ...common(f), kind: 'codex' as const, fold: f.transcript.snapshot() })),
      ],
      codexOutOfScope: [...this.codexOutOfScope],
    };
  }

  /**
   * Starts from a persisted index built for the current roots and scope instead of from nothing: the
   * next `update()` takes each restored file its discovery finds at the same place (same session and
   * role), stats it, and reads only what changed (from the saved offset, or from the start when the
   * file was replaced or is shorter); restored files it does not find are dropped.
   */
  restore(index: RestoredIndex): void {
    this.reset(this.currentKey());
    for (const file of index.files) this.restored.set(file.path, file);
    for (const p of index.codexOutOfScope) this.codexOutOfScope.add(p);
  }

  /** A restored file discovery found where it was: its keys claimed in the ledger (path order decides). */
  private adopt<K extends RestoredFile['kind']>(p: string, kind: K, session: string, role?: string) {
    const file = this.restored.get(p);
    if (!file || file.kind !== kind || file.session !== session || (file.kind === 'claude' && file.role !== role))
      return undefined;
    this.restored.delete(p);
    if (file.kind === 'claude')
      for (const loser of this.ledger.claim(p, file.transcript.messages.keys())) this.markClaude(loser);
    this.dirty.add(session);
    const { kind: _kind, ...state } = file;
    return state as Omit<Extract<RestoredFile, { kind: K }>, 'kind'>;
  }

  /** A discovery of the roots now: new files are read whole, files gone are dropped (the live follow's pass). */
  rediscover(): void {
    this.discover(this.options.scope());
    for (const file of [...this.claude.values(), ...this.codex.values()]) if (file.size < 0) this.refreshFile(file);
    this.publish();
  }

  /** Reads the new bytes of these files (paths the index does not follow are skipped) and tells the listeners. */
  refreshPaths(paths: Iterable<string>): void {
    for (const p of paths) {
      const file = this.claude.get(p) ?? this.codex.get(p);
      if (file) this.refreshFile(file);
    }
    this.publish();
  }

  /** Whether the last discovery saw this file: one it follows, or a Codex session of another folder it leaves alone. */
  knows(file: string): boolean {
    return this.claude.has(file) || this.codex.has(file) || this.codexOutOfScope.has(file);
  }

  foldersRead(): readonly string[] {
    return this.folders;
  }

  private reset(key: string): void {
    this.restored.clear();
    this.claude.clear();
    this.codex.clear();
    this.codexOutOfScope.clear();
    this.book.clear();
    this.keyBySession.clear();
    this.scopeKey = key;
    this.updates = 0;
  }

  private problem = (where: string, error: unknown) => {
    const message = `cannot read ${where}: ${error instanceof Error ? error.message : String(error)}`;
    if (this.reported.has(message)) return;
    this.reported.add(message);
    this.options.log(message);
  };

  private discover(scope: IndexScope): void {
    const roots = this.options.roots();
    const names = scope.mode === 'all' ? 'all' : new Set(scope.folders.map(claudeProjectName));
    const read: string[] = [];
    const found = findClaudeFiles(roots.claude, names, this.problem, (dir) => read.push(dir));
    const present = new Set<string>();
    for (const [session, mainPath] of found.main) {
      const paths: Array<[string, 'main' | 'subagent']> = [
        [mainPath, 'main'],
        ...(found.subagents.get(session) ?? []).map((p): [string, 'subagent'] => [p, 'subagent']),
      ];
      for (const [p, role] of paths) {
        present.add(p);
        if (!this.claude.has(p))
          this.claude.set(p, {
            path: p,
            session: `claude-code:${session}`,
            role,
            transcript: new ClaudeCodeTranscript(role === 'main'),
            size: -1,
            mtimeMs: 0,
            ...this.adopt(p, 'claude', `claude-code:${session}`, role),
          });
      }
    }
    for (const p of [...this.claude.keys()]) if (!present.has(p)) this.dropClaude(p);
    const codexFiles = findCodexFiles(roots.codex, this.problem, undefined, (dir) => read.push(dir));
    this.folders = read;
    const codexPresent = new Set(codexFiles);
    for (const p of codexFiles) {
      if (this.codex.has(p) || this.codexOutOfScope.has(p)) continue;
      const adopted = this.adopt(p, 'codex', `codex-file:${p}`);
      if (adopted) {
        this.codex.set(p, adopted);
        continue;
      }
      const inScope = scope.mode === 'all' || this.codexInScope(p, scope.folders);
      // no first line yet (a file just created): asked again on the next discovery
      if (inScope === undefined) continue;
      if (!inScope) {
        this.codexOutOfScope.add(p);
        continue;
      }
      this.codex.set(p, {
        path: p,
        session: `codex-file:${p}`,
        transcript: new CodexTranscript(),
        size: -1,
        mtimeMs: 0,
      });
    }
    for (const p of [...this.codex.keys()]) {
      if (!codexPresent.has(p)) {
        const f = this.codex.get(p);
        this.codex.delete(p);
        if (f) this.forget(f.session);
      }
    }
    this.restored.clear();
  }

  /** Undefined while the file has no first line yet (it may be being written). */
  private codexInScope(file: string, folders: readonly string[]): boolean | undefined {
    let line: string | undefined;
    try {
      line = readFirstLine(file, FIRST_LINE_BYTES);
      if (line === undefined) return fs.statSync(file).size < FIRST_LINE_BYTES ? undefined : false;
    } catch {
      return false;
    }
    const probe = new CodexTranscript();
    probe.applyLine(stringLine(line), 0);
    const cwd = probe.cwd;
    return (
      cwd !== undefined && folders.some((f) => cwd === f || cwd.startsWith(f.endsWith(path.sep) ? f : f + path.sep))
    );
  }

  private refreshFile(file: ClaudeFile | CodexFile): void {
    try {
      // a file never read is opened at once (its fstat is the stat); a known one is stat'ed first, and
      // read only when it changed
      if (file.position) {
        const stat = fs.statSync(file.path);
        if (stat.size === file.size && stat.mtimeMs === file.mtimeMs && stat.ino === file.position.ino) return;
        // truncated or replaced: start over now rather than read it into what the old file said
        if (stat.ino !== file.position.ino || stat.size < file.position.offset) this.restart(file);
      }
      const read = (from: typeof file.position) => {
        const r = scanNewLines(file.path, from, file.transcript, this.buffer, {
          maxLineBytes: this.options.maxLineBytes,
        });
        this.options.onRead?.(file.path, r.restarted ? 0 : (from?.offset ?? 0), r.bytesRead);
        return r;
      };
      let result = read(file.position);
      if (result.restarted) {
        this.restart(file);
        result = read(undefined);
      }
      if (result.oversized) this.options.log(`skipped ${result.oversized} oversized line(s) in ${file.path}`);
      file.position = result.position;
      file.size = result.size;
      file.mtimeMs = result.mtimeMs;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        if (this.claude.has(file.path)) this.dropClaude(file.path);
        else if (this.codex.delete(file.path)) this.forget(file.session);
      } else this.problem(file.path, error);
      return;
    }
    if (file.transcript instanceof ClaudeCodeTranscript) {
      const keys = file.transcript.newKeys.splice(0);
      for (const loser of this.ledger.claim(file.path, keys)) this.markClaude(loser);
    }
    this.dirty.add(file.session);
  }

  /** The file was truncated or replaced: forget what it said and read it again from the start. */
  private restart(file: ClaudeFile | CodexFile): void {
    if (file.transcript instanceof ClaudeCodeTranscript) {
      for (const gainer of this.ledger.release(file.path, file.transcript.messages.keys(), (k) => this.holders(k)))
        this.markClaude(gainer);
      (file as ClaudeFile).transcript = new ClaudeCodeTranscript((file as ClaudeFile).role === 'main');
    } else (file as CodexFile).transcript = new CodexTranscript();
    file.position = undefined;
  }

  private holders(key: string): string[] {
    return [...this.claude.values()].filter((f) => f.transcript.messages.has(key)).map((f) => f.path);
  }

  private markClaude(p: string): void {
    const f = this.claude.get(p);
    if (f) this.dirty.add(f.session);
  }

  private dropClaude(p: string): void {
    const f = this.claude.get(p);
    if (!f) return;
    this.claude.delete(p);
    for (const gainer of this.ledger.release(p, f.transcript.messages.keys(), (k) => this.holders(k)))
      this.markClaude(gainer);
    if (f.role === 'main') this.forget(f.session);
    else this.dirty.add(f.session);
  }

  private forget(session: string): void {
    this.dirty.delete(session);
    const key = this.keyBySession.get(session);
    this.keyBySession.delete(session);
    if (key !== undefined) this.book.apply([], [key]);
  }

  /** Rebuilds the summaries of changed sessions and tells the listeners (the worker batches what it sends). */
  private publish(): void {
    if (this.dirty.size === 0) return;
    const settings = this.options.settings();
    const claudeBySession = new Map<string, { main?: ClaudeFile; subagents: ClaudeFile[] }>();
    for (const f of this.claude.values()) {
      const entry = claudeBySession.get(f.session) ?? { subagents: [] };
      if (f.role === 'main') entry.main = f;
      else entry.subagents.push(f);
      claudeBySession.set(f.session, entry);
    }
    const codexBySession = new Map<string, CodexFile>();
    for (const f of this.codex.values()) codexBySession.set(f.session, f);
    const changed: SessionSummary[] = [];
    for (const session of this.dirty) {
      let summary: SessionSummary | undefined;
      const claude = claudeBySession.get(session);
      const codex = codexBySession.get(session);
      if (claude?.main && claude.main.size >= 0)
        summary = claudeSummary(claude.main, claude.subagents, this.ledger, settings, this.catalog);
      else if (codex && codex.size >= 0) summary = codexSummary(codex, settings, this.catalog);
      if (!summary) continue;
      this.keyBySession.set(session, summary.key);
      changed.push(summary);
    }
    this.dirty.clear();
    this.book.apply(changed, []);
  }
}
