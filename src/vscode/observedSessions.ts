import * as path from 'path';
import * as vscode from 'vscode';
import type { ResolvedFacts } from '../core/modelFactResolver';
import type { CatalogHint } from '../core/modelFacts';
import type { SessionSummary } from '../shared/sessionSummary';
import { BackgroundTranscriptIndex } from '../node/transcripts/backgroundIndex';
import { transcriptRoots } from '../node/transcripts/roots';
import type { ExtensionSettings } from './settings';

/** The slow pass that finds whatever the worker's watching missed; the worker reports changes itself. */
const SAFETY_MS = 30_000;
/** After a failed pass (a worker that died is started again by the next one). */
const RETRY_MS = 1000;
/** The persisted index's file name, in the folder of its scope (see `storage`). */
export const INDEX_CACHE_FILE = 'transcript-index.json';

/**
 * The sessions of Claude Code and Codex, kept current by the transcript worker thread (`workerPath`,
 * the bundled `dist/transcriptWorker.js`): it watches their folders and reports what changed within a
 * pass of the write (or polls, when watching fails). The host asks for a full pass at start, when the
 * settings or the workspace folders change, and every 30 s as a safety net. Folders are never written.
 * The worker persists its index (`storage`): for the workspace scope in this workspace's storage
 * (each window its own sessions), for all sessions in the global storage (one for every window).
 */
export class ObservedSessions implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<{
    changed: readonly SessionSummary[];
    removed: readonly string[];
  }>();
  readonly onDidChange = this.emitter.event;
  private readonly index: BackgroundTranscriptIndex;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private failedBefore = false;
  private disposed = false;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    settings: ExtensionSettings,
    private readonly output: vscode.LogOutputChannel,
    workerPath: string,
    storage: { global: string; workspace?: string },
  ) {
    this.index = new BackgroundTranscriptIndex({
      workerPath,
      roots: () => {
        const extra = settings.extraRoots();
        return transcriptRoots({ env: process.env, extraClaude: extra.claude, extraCodex: extra.codex });
      },
      scope: () => ({
        mode: settings.observedScope(),
        folders: (vscode.workspace.workspaceFolders ?? [])
          .filter((f) => f.uri.scheme === 'file')
          .map((f) => f.uri.fsPath),
      }),
      settings: () => settings.observed(),
      log: (message, level) =>
        level === 'info'
          ? output.info(`other agents' sessions: ${message}`)
          : output.warn(`other agents' sessions: ${message}`),
      cacheFiles: {
        all: path.join(storage.global, INDEX_CACHE_FILE),
        workspace: storage.workspace && path.join(storage.workspace, INDEX_CACHE_FILE),
      },
    });
    const unsubscribe = this.index.onDidChange((changed, removed) => this.emitter.fire({ changed, removed }));
    this.disposables.push(
      { dispose: unsubscribe },
      settings.onDidChange(() => void this.index.resummarize().catch(() => undefined)),
      // a pass after the one in flight, which may have read the old folders
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.index.resummarize().catch(() => undefined)),
    );
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.disposed) return;
    this.timer = setTimeout(() => {
      void this.index.update().then(
        () => {
          this.failedBefore = false;
          this.schedule(SAFETY_MS);
        },
        (error: unknown) => {
          this.output.error(`other agents' sessions: ${error instanceof Error ? error.message : String(error)}`);
          // the first failure is retried soon (a worker that died starts again), a repeated one every 30 s
          this.schedule(this.failedBefore ? SAFETY_MS : RETRY_MS);
          this.failedBefore = true;
        },
      );
    }, delay);
  }

  all(): SessionSummary[] {
    return this.index.summaries();
  }

  get(key: string): SessionSummary | undefined {
    return this.index.get(key);
  }

  /** The price dataset's window and price for a model (the dataset is loaded in the worker). */
  lookup(model: string, hint: CatalogHint): Promise<ResolvedFacts> {
    return this.index.lookup(model, hint);
  }

  dispose(): void {
    void this.close();
  }

  /** Stops polling and lets the worker save its index before it ends (deactivate awaits this). */
  close(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.disposables.forEach((d) => d.dispose());
    this.emitter.dispose();
    return this.index.close();
  }
}
