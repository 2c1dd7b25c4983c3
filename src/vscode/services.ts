import { randomUUID } from 'crypto';
import * as vscode from 'vscode';
import { ContextKeys } from '../shared/ids';
import type { RecoveryReport } from '../core/sessionService';
import { SessionService } from '../core/sessionService';
import { endpointPolicy } from '../core/endpointPolicy';
import { createEventLogStore } from '../node/eventLogStore';
import { bundledRanks, createTiktokenCounter } from '../node/tiktokenCounter';
import { ActiveSession } from './activeSession';
import { ApiKeyStore, confirmKeyOrigin } from './apiKey';
import { endpointClientFactory } from './endpoint';
import { ExtensionSettings } from './settings';

/** The long-lived parts every feature shares, built once in activate() and passed in explicitly. */
export interface Services {
  settings: ExtensionSettings;
  keys: ApiKeyStore;
  active: ActiveSession;
  sessions: SessionService;
  output: vscode.LogOutputChannel;
  storageFolder: string;
  blockedReason(): string | undefined;
  run(task: Promise<unknown>): void;
}

export function createServices(context: vscode.ExtensionContext, output: vscode.LogOutputChannel): Services {
  const settings = new ExtensionSettings();
  const keys = new ApiKeyStore(context.secrets, (line) => output.info(line));
  const configured = endpointPolicy(settings.endpointBaseUrl());
  void keys.migrate(configured.ok ? configured.origin : undefined)
    .catch((e: unknown) => output.error(`API key: ${String(e)}`));
  const active = new ActiveSession(context.workspaceState);
  const storageFolder = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'sessions').fsPath;
  const sessions = new SessionService({
    store: createEventLogStore(storageFolder),
    counter: createTiktokenCounter(bundledRanks(vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath)),
    newSessionId: () => randomUUID(),
    clientFor: endpointClientFactory(settings, keys, confirmKeyOrigin, (line) => output.warn(line)),
  });
  context.subscriptions.push(active, { dispose: () => void sessions.dispose() });
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
  context.subscriptions.push(settings.onDidChange(updateContext), { dispose: sessions.onDidChange(updateContext) }, { dispose: sessions.onDidRemove(updateContext) });
  return { settings, keys, active, sessions, output, storageFolder, blockedReason, run };
}

/** Opens every stored session and tells the user what recovery found, in plain words. */
export async function restoreSessions(services: Services): Promise<void> {
  let reports: RecoveryReport[];
  try {
    reports = await services.sessions.loadAll();
  } catch (error) {
    services.output.error(`Could not open stored sessions in ${services.storageFolder}: ${String(error)}`);
    void vscode.window.showErrorMessage(`Agent Sessions could not open its stored sessions: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  for (const r of reports) {
    if (r.error) {
      services.output.error(`could not open session ${r.sessionId}: ${r.error}`);
      void vscode.window.showErrorMessage(`Agent Sessions could not open session ${r.sessionId}: ${r.error}`);
      continue;
    }
    const lost = r.droppedLines + (r.tornBytes ? 1 : 0);
    const parts = [
      lost ? `${lost} ${lost === 1 ? 'record' : 'records'} dropped` : '',
      r.interruptedTurns ? `${r.interruptedTurns} interrupted ${r.interruptedTurns === 1 ? 'reply' : 'replies'} kept` : '',
      r.unknownRecords ? `${r.unknownRecords} records of a newer version kept` : '',
    ].filter(Boolean);
    services.output.warn(`recovered session ${r.sessionId} "${r.title}": ${parts.join(', ')} (torn bytes: ${r.tornBytes})`);
    if (lost || r.interruptedTurns) void vscode.window.showWarningMessage(`Recovered session "${r.title}": ${parts.join(', ')}.`);
  }
  if (!services.active.id) services.active.set(services.sessions.all()[0]?.id);
}
