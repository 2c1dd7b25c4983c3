import { randomUUID } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { redactSecrets } from '../core/transcripts/redact';
import { ContextKeys } from '../shared/ids';
import { TrashUnavailableError } from '../core/ports';
import { readOnlyMessage } from '../core/readOnly';
import { recoveryWords } from '../core/recoveryWords';
import type { RecoveryReport } from '../core/sessionService';
import { SessionService } from '../core/sessionService';
import { titleFromTask } from '../core/sessionView';
import { createChoiceFile } from '../node/choiceFile';
import { createEventLogStore } from '../node/eventLogStore';
import { bundledRanks, createTiktokenCounter } from '../node/tiktokenCounter';
import { ActiveSession } from './activeSession';
import { agentToolsFactory } from './agentTools';
import { ApiKeyStore, confirmKeyOrigin } from './apiKey';
import { endpointClientFactory } from './endpoint';
import { ObservedSessions } from './observedSessions';
import { OwnModelFacts } from './ownModelFacts';
import { ExtensionSettings } from './settings';

/** The long-lived parts every feature shares, built once in activate() and passed in explicitly. */
export interface Services {
  settings: ExtensionSettings;
  keys: ApiKeyStore;
  active: ActiveSession;
  sessions: SessionService;
  /** Our sessions' windows and prices, and where each came from. */
  facts: OwnModelFacts;
  /** Claude Code and Codex sessions, read in the transcript worker; undefined if it failed to start. */
  observed: ObservedSessions | undefined;
  output: vscode.LogOutputChannel;
  storageFolder: string;
  blockedReason(): string | undefined;
  run(task: Promise<unknown>): void;
  /** Loads sessions again: read-only ones (another window writes them) are re-read, or taken over once free. */
  reload(): Promise<void>;
  /** Closes every log (releasing its lock) and lets the transcript worker save its index; deactivate() returns this. */
  stop(): Promise<void>;
}

/** Deletes to the trash; a file system without one (code-server, remote) throws TrashUnavailableError. */
async function moveToTrash(file: string): Promise<void> {
  try {
    await vscode.workspace.fs.delete(vscode.Uri.file(file), { useTrash: true });
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return;
    const message = error instanceof Error ? error.message : String(error);
    if (/trash/i.test(message)) throw new TrashUnavailableError(`The trash is not available here: ${message}`);
    throw error;
  }
}

/** The origin of a URL as typed, or undefined when it is not a URL. */
function originOf(url: string): string | undefined {
  try {
    const origin = new URL(url.trim()).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

export function createServices(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Services {
  const settings = new ExtensionSettings();
  const keys = new ApiKeyStore(context.secrets, (line) => output.info(line));
  // bound to the endpoint configured now, even one the http policy refuses: the key was meant for it
  void keys.migrate(originOf(settings.endpointBaseUrl())).catch((e: unknown) => output.error(`API key: ${String(e)}`));
  const storageFolder = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'sessions').fsPath;
  const choice = createChoiceFile(path.join(storageFolder, 'active-session.json'), (line) => output.warn(line));
  const active = new ActiveSession(context.workspaceState, choice);
  const sessions = new SessionService({
    store: createEventLogStore(storageFolder, { trash: moveToTrash }),
    counter: createTiktokenCounter(bundledRanks(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath)),
    newSessionId: () => randomUUID(),
    clientFor: endpointClientFactory(settings, keys, confirmKeyOrigin, (line) => output.warn(line)),
    toolsFor: agentToolsFactory(settings, storageFolder),
    // the first ask starts the lookup; the US$ guard waits for it rather than stop on a price not read yet
    priceFor: async (state) => facts.for(state).price ?? (await facts.settled(), facts.for(state).price),
    escalationModel: () => settings.escalationModel(),
    summarizerModel: () => settings.summarizerModel(),
    // the session's own window when it summarizes itself; another model's from the settings (else 32k)
    windowOf: (state, model) =>
      model === state.model
        ? facts.for(state).window?.tokens
        : Object.entries(settings.gauge().contextWindows).find(([k]) => k.toLowerCase() === model.toLowerCase())?.[1],
    // ask_scout: the Scout's model and budget from settings; folder, rules, endpoint and scope come from its parent
    scoutSpec: (_parent, question) => ({
      sessionType: 'scout',
      title: `Scout: ${titleFromTask(question)}`,
      model: settings.modelFor('scout'),
      endpointHost: '',
      systemPrompt: '',
      budget: settings.budgetFor('scout'),
    }),
  });
  const observed = startObserved(context, settings, output);
  // the price dataset lives in the transcript worker: it is never loaded on the activation path
  const dataset = observed ? observed.lookup.bind(observed) : async () => ({});
  const facts = new OwnModelFacts(settings, keys, (line) => output.info(line), dataset);
  context.subscriptions.push(active, facts, ...(observed ? [observed] : [])); // the logs are closed by deactivate(), which VS Code awaits: see stop()
  const blockedReason = () => {
    if (!vscode.workspace.isTrusted) return 'Restricted Mode: trust this workspace to run agent sessions.';
    if (!settings.endpointBaseUrl()) return "No endpoint is set: run 'Agent Sessions: Set Endpoint'.";
    return undefined;
  };
  const run = (task: Promise<unknown>) => {
    task.catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      output.error(message);
      void vscode.window.showErrorMessage(message, 'Show Log').then((a) => a && output.show());
    });
  };
  const updateContext = () => {
    void vscode.commands.executeCommand('setContext', ContextKeys.configured, !!settings.endpointBaseUrl());
    void vscode.commands.executeCommand('setContext', ContextKeys.hasSessions, sessions.all().length > 0);
  };
  updateContext();
  context.subscriptions.push(
    settings.onDidChange(updateContext),
    { dispose: sessions.onDidChange(updateContext) },
    { dispose: sessions.onDidRemove(updateContext) },
  );
  const services: Services = {
    settings,
    keys,
    active,
    sessions,
    facts,
    observed,
    output,
    storageFolder,
    blockedReason,
    run,
    reload: () => restoreSessions(services),
    // the logs close (releasing their locks) and the transcript worker saves its index
    stop: async () => void (await Promise.all([sessions.dispose(), observed?.close(), active.saved()])),
  };
  return services;
}

/** Opens every stored session and tells the user what recovery found, in plain words. */
export async function restoreSessions(services: Services): Promise<void> {
  let reports: RecoveryReport[];
  try {
    reports = await services.sessions.loadAll();
  } catch (error) {
    services.output.error(`Could not open stored sessions in ${services.storageFolder}: ${String(error)}`);
    void vscode.window.showErrorMessage(
      `Agent Sessions could not open its stored sessions: ${error instanceof Error ? error.message : String(error)}`,
    );
    return;
  }
  for (const r of reports) {
    if (r.error) {
      services.output.error(`could not open session ${r.sessionId}: ${r.error}`);
      void vscode.window.showErrorMessage(`Agent Sessions could not open session ${r.sessionId}: ${r.error}`);
      continue;
    }
    if (r.readOnly)
      services.output.info(`session ${r.sessionId}: ${readOnlyMessage(r.title, r.readOnly)} Shown read-only.`);
    const { parts, warn } = recoveryWords(r);
    if (parts.length === 0) continue;
    const title = redactSecrets(r.title);
    services.output.warn(
      `recovered session ${r.sessionId} "${title}": ${parts.join(', ')} (torn bytes: ${r.tornBytes})`,
    );
    if (warn) void vscode.window.showWarningMessage(`Recovered session "${title}": ${parts.join(', ')}.`);
  }
  if (!services.active.id) services.active.set(services.sessions.all()[0]?.id);
}

function startObserved(
  context: vscode.ExtensionContext,
  settings: ExtensionSettings,
  output: vscode.LogOutputChannel,
): ObservedSessions | undefined {
  try {
    const worker = vscode.Uri.joinPath(context.extensionUri, 'dist', 'transcriptWorker.js').fsPath;
    return new ObservedSessions(settings, output, worker, {
      global: context.globalStorageUri.fsPath,
      workspace: context.storageUri?.fsPath,
    });
  } catch (error) {
    output.error(
      `feature "other agents' sessions" failed to start: ${error instanceof Error ? error.stack : String(error)}`,
    );
    return undefined;
  }
}
