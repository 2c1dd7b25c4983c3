import { parentPort, workerData } from 'worker_threads';
import { IndexCacheKeeper } from './indexCacheKeeper';
import { DatasetCatalog, loadDatasetLibrary } from '../datasetCatalog';
import { LiveFollow } from './liveFollow';
import { TranscriptIndex } from './transcriptIndex';
import type { IndexConfig, ToWorker, WorkerReport, WorkerStart } from './transcriptWorkerProtocol';
import { REPORTS_IN_FLIGHT, REPORT_BATCH } from './transcriptWorkerProtocol';

/**
 * The transcript worker's entry point: it owns the index of other agents' transcripts and does all of
 * its reading and parsing (blocking reads, which are the fast ones, are fine off the host's thread).
 * The host sends `update` requests with the current roots, scope and settings (at start, when they change,
 * and as a slow safety pass); the worker answers with the summaries that changed, a batch per message,
 * then `done`. Between requests it follows the folders itself (`liveFollow.ts`: `fs.watch`, or polling
 * when watching fails) and sends `changed` reports on its own.
 */
const port = parentPort;
if (!port) throw new Error('transcriptWorker runs in a worker thread');
const start = (workerData ?? {}) as WorkerStart;

/** Reports wait here until the host has acknowledged enough of the earlier `changed` ones. */
const outbox: WorkerReport[] = [];
let unacknowledged = 0;
const flush = () => {
  while (outbox.length && (outbox[0].type !== 'changed' || unacknowledged < REPORTS_IN_FLIGHT)) {
    const report = outbox.shift() as WorkerReport;
    port.postMessage(report);
    if (report.type === 'changed') unacknowledged++;
  }
};
const post = (report: WorkerReport) => {
  outbox.push(report);
  flush();
};

let config: IndexConfig | undefined;
const current = (): IndexConfig => {
  if (!config) throw new Error('no update request yet');
  return config;
};
const log = (message: string) => post({ type: 'log', message });
// the price dataset is required on the first question, so a worker start pays for it only when used
const catalog = new DatasetCatalog(loadDatasetLibrary, log);
const index = new TranscriptIndex({
  catalog,
  roots: () => current().roots,
  scope: () => current().scope,
  settings: () => current().settings,
  log,
  maxLineBytes: start.maxLineBytes,
  onRead: (_path, _from, bytes) => keeper.noteRead(bytes),
});
const keeper = new IndexCacheKeeper(index, { files: start.cacheFiles ?? {}, log });
index.onDidChange((changed, removed) => {
  for (let i = 0; i < Math.max(changed.length, 1); i += REPORT_BATCH) {
    post({ type: 'changed', changed: changed.slice(i, i + REPORT_BATCH), removed: i === 0 ? [...removed] : [] });
  }
});

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const follow = new LiveFollow({
  index,
  roots: () => current().roots,
  say: (line) => post({ type: 'log', level: 'info', message: line }),
  problem: (error) => post({ type: 'log', message: `live follow: ${message(error)}` }),
  // a pass of the live follow read something too: the persisted index is due a save
  onPass: () => keeper.afterPass(),
});
port.on('close', () => follow.dispose());

let settingsKey: string | undefined;
port.on('message', (request: ToWorker) => {
  if (request?.type === 'ack') {
    unacknowledged--;
    return flush();
  }
  if (request?.type === 'stop') {
    void keeper.flush().finally(() => post({ type: 'stopped' }));
    return;
  }
  if (request?.type === 'lookup') {
    const window = catalog.window(request.model, request.hint);
    const price = catalog.price(request.model, request.hint);
    const facts = { ...(window ? { window } : {}), ...(price ? { price } : {}) };
    return post({ type: 'facts', id: request.id, facts });
  }
  if (request?.type !== 'update') return;
  try {
    config = request.config;
    const key = JSON.stringify(config.settings);
    if (settingsKey !== undefined && key !== settingsKey) index.resummarize();
    settingsKey = key;
    keeper.beforePass(config.roots, config.scope);
    // every request is a full pass: between them the live follow reads what changes
    index.update(true);
    follow.discovered();
    keeper.afterPass();
    post({ type: 'done', id: request.id });
  } catch (error) {
    post({ type: 'done', id: request.id, error: message(error) });
  }
});
