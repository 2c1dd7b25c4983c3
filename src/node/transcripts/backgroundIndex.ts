import { Worker } from 'worker_threads';
import type { ResolvedFacts } from '../../core/modelFactResolver';
import type { CatalogHint } from '../../core/modelFacts';
import type { SessionSummary } from '../../shared/sessionSummary';
import type { ObservedSettings } from '../../core/transcripts/observedSummary';
import type { IndexScope } from './transcriptIndex';
import type { TranscriptRoots } from './roots';
import type { SummaryListener } from './summaryBook';
import { machineIdentity } from './indexCache';
import { SavedSummaries } from './savedSummaries';
import { SummaryBook } from './summaryBook';
import type { ToWorker, UpdateRequest, WorkerReport, WorkerStart } from './transcriptWorkerProtocol';

export interface BackgroundIndexOptions {
  /** The bundled `transcriptWorker.js`. */
  workerPath: string;
  roots: () => TranscriptRoots;
  scope: () => IndexScope;
  settings: () => ObservedSettings;
  /** One line for the output channel: a problem, or (`info`) which way the worker follows the folders. */
  log: (message: string, level?: 'info' | 'warning') => void;
  maxLineBytes?: number;
  /** Where the worker persists its index, per scope (`indexCache.ts`). */
  cacheFiles?: WorkerStart['cacheFiles'];
}

const MAX_RESTARTS = 3;
/**
 * The worker's young generation: what it allocates per line dies at once (its live set is the index,
 * a few MB), so a small nursery costs no time and keeps ~10 MB of resident memory off (measured).
 */
const YOUNG_GENERATION_MB = 2;
/** How long a stopping worker may take to save its index before it is terminated anyway. */
const STOP_MS = 3_000;

/**
 * The index of other agents' sessions as the extension host sees it: the reading and parsing happen
 * in a worker thread (`transcriptWorker.ts`), so a cold read of hundreds of megabytes never stalls
 * the host; here are only the summaries the worker reports. A worker that dies is logged and started
 * afresh on the next update (its sessions are removed, then reported again), at most three times.
 */
export class BackgroundTranscriptIndex {
  private worker: Worker | undefined;
  private readonly book = new SummaryBook();
  private readonly saved: SavedSummaries;
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private readonly questions = new Map<
    number,
    { resolve: (facts: ResolvedFacts) => void; reject: (error: Error) => void }
  >();
  private nextId = 1;
  private running: Promise<void> | undefined;
  private restarts = 0;
  private disposed = false;
  private stopped: (() => void) | undefined;

  constructor(private readonly options: BackgroundIndexOptions) {
    this.saved = new SavedSummaries(this.book, options.log);
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

  /** One pass of the worker's index; concurrent calls share the pass in flight. */
  update(): Promise<void> {
    this.running ??= this.request().finally(() => (this.running = undefined));
    return this.running;
  }

  /** A pass with the current settings, after the one in flight (which may have read the old ones). */
  async resummarize(): Promise<void> {
    await this.running?.catch(() => undefined);
    return this.update();
  }

  /** The price dataset's window and price for a model: the dataset is loaded in the worker, never here. */
  lookup(model: string, hint: CatalogHint): Promise<ResolvedFacts> {
    const worker = this.disposed ? undefined : (this.worker ?? this.start());
    if (!worker) return Promise.reject(new Error('the transcript worker is not running'));
    const id = this.nextId++;
    return new Promise<ResolvedFacts>((resolve, reject) => {
      this.questions.set(id, { resolve, reject });
      worker.postMessage({ type: 'lookup', id, model, hint: { ...hint } } satisfies ToWorker);
    });
  }

  dispose(): void {
    void this.close();
  }

  /** Stops the worker after it saved its index (or after STOP_MS); what is still asked fails. */
  async close(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.fail(new Error('the transcript index was disposed'));
    const worker = this.worker;
    this.worker = undefined;
    if (!worker) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, STOP_MS);
      timer.unref();
      this.stopped = () => (clearTimeout(timer), resolve());
      worker.once('exit', this.stopped);
      worker.postMessage({ type: 'stop' } satisfies ToWorker);
    });
    await worker.terminate();
  }

  private request(): Promise<void> {
    if (this.disposed) return Promise.reject(new Error('the transcript index was disposed'));
    const config = { roots: this.options.roots(), scope: this.options.scope(), settings: this.options.settings() };
    // plain data: settings read from VS Code are proxies, which a worker message cannot carry
    const plain = JSON.parse(JSON.stringify(config)) as UpdateRequest['config'];
    // the last run's summaries, on screen before the worker has even started (it then checks each)
    void this.saved.show(this.options.cacheFiles?.[plain.scope.mode], machineIdentity(plain.roots, plain.scope));
    const worker = this.worker ?? this.start();
    if (!worker)
      return Promise.reject(
        new Error('the transcript worker stopped after repeated failures; reload the window to try again'),
      );
    const id = this.nextId++;
    const message: UpdateRequest = { type: 'update', id, config: plain };
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage(message);
    });
  }

  private start(): Worker | undefined {
    if (this.restarts > MAX_RESTARTS) return undefined;
    const data: WorkerStart = { maxLineBytes: this.options.maxLineBytes, cacheFiles: this.options.cacheFiles };
    const worker = new Worker(this.options.workerPath, {
      workerData: data,
      name: 'agent-sessions-transcripts',
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
    });
    worker.unref();
    worker.on('message', (report: WorkerReport) => this.receive(report));
    worker.on('error', (error) => this.died(worker, `failed: ${error.stack ?? error.message}`));
    worker.on('exit', (code) => this.died(worker, `exited with code ${code}`));
    this.worker = worker;
    return worker;
  }

  private receive(report: WorkerReport): void {
    if (report.type === 'log') this.options.log(report.message, report.level);
    else if (report.type === 'stopped') this.stopped?.();
    else if (report.type === 'changed') {
      // the next report comes after the event loop has had a turn (asked for first: a listener that
      // throws must not leave the worker waiting)
      const worker = this.worker;
      setImmediate(() => worker?.postMessage({ type: 'ack' } satisfies ToWorker));
      this.saved.noteReported([...report.changed.map((c) => c.key), ...report.removed]);
      this.book.apply(report.changed, report.removed);
    } else if (report.type === 'facts') {
      this.questions.get(report.id)?.resolve(report.facts);
      this.questions.delete(report.id);
    } else {
      const waiter = this.waiting.get(report.id);
      this.waiting.delete(report.id);
      if (waiter) this.saved.settle();
      if (report.error) waiter?.reject(new Error(report.error));
      else waiter?.resolve();
    }
  }

  private died(worker: Worker, how: string): void {
    if (worker !== this.worker || this.disposed) return;
    this.worker = undefined;
    this.restarts++;
    this.options.log(
      `the transcript worker ${how}; ${this.restarts > MAX_RESTARTS ? 'not restarting it' : 'starting it again'}`,
    );
    this.fail(new Error(`the transcript worker ${how}`));
    this.saved.settle();
    this.book.clear();
  }

  private fail(error: Error): void {
    for (const waiter of [...this.waiting.values(), ...this.questions.values()]) waiter.reject(error);
    this.waiting.clear();
    this.questions.clear();
  }
}
