import { existsSync } from 'fs';
import * as vscode from 'vscode';
import { Commands } from '../shared/ids';
import type { SessionSummary } from '../shared/sessionSummary';
import { resumeArgv, usageJson } from '../core/transcripts/sessionActions';
import type { ActiveSession } from './activeSession';
import type { SessionDirectory } from './sessionDirectory';
import { sessionKeyOf } from './sessionTree';
import type { TokenMeter } from './tokenMeter';
import { TranscriptDocuments } from './transcriptDocuments';

export interface ObservedCommandDeps {
  directory: SessionDirectory;
  active: ActiveSession;
  meter?: TokenMeter;
}


export function registerObservedCommands(deps: ObservedCommandDeps): vscode.Disposable[] {
  const { directory } = deps;
  const pickObserved = async (placeHolder: string): Promise<SessionSummary | undefined> => {
    const items = directory.others().map((s) => ({ label: s.title, description: s.gaugeText, detail: `${s.model} · ${s.id}`, key: s.key }));
    if (!items.length) {
      void vscode.window.showInformationMessage('No Claude Code or Codex sessions found for this folder.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true, matchOnDetail: true });
    return picked && directory.get(picked.key);
  };
  const target = async (arg: unknown, placeHolder: string) => {
    const key = sessionKeyOf(arg);
    return (key && directory.get(key)) || (await pickObserved(placeHolder));
  };
  return [
    vscode.workspace.registerTextDocumentContentProvider('agent-transcript', new TranscriptDocuments(directory)),
    vscode.commands.registerCommand(Commands.openTranscript, async (arg?: unknown) => {
      const summary = await target(arg, 'Open which transcript?');
      if (!summary) return;
      deps.active.set(summary.key, true);
      const doc = await vscode.workspace.openTextDocument(TranscriptDocuments.uriFor(summary.key, summary.title));
      await vscode.window.showTextDocument(doc, { preview: true });
    }),
    vscode.commands.registerCommand(Commands.copySessionId, async (arg?: unknown) => {
      const summary = await target(arg, 'Copy the id of which session?');
      if (!summary) return;
      await vscode.env.clipboard.writeText(summary.id);
      vscode.window.setStatusBarMessage(`Copied session id ${summary.id}`, 3000);
    }),
    vscode.commands.registerCommand(Commands.resumeInTerminal, async (arg?: unknown) => {
      const summary = await target(arg, 'Resume which session in a terminal?');
      const argv = summary && resumeArgv(summary);
      if (!summary || !argv) return undefined;
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('Restricted Mode: trust this workspace to run an agent in a terminal.');
        return undefined;
      }
      const cwd = summary.cwd && existsSync(summary.cwd) ? summary.cwd : vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
      const terminal = vscode.window.createTerminal({ name: `${summary.label}: ${summary.title.slice(0, 40)}`, cwd, shellPath: argv[0], shellArgs: argv[1] });
      terminal.show();
      return { shellPath: argv[0], shellArgs: argv[1], cwd };
    }),
    vscode.commands.registerCommand(Commands.getContextUsage, (arg?: unknown) => {
      const key = sessionKeyOf(arg);
      const summary = key ? directory.find(key) : deps.meter?.session;
      return summary ? usageJson(summary) : undefined;
    }),
  ];
}
