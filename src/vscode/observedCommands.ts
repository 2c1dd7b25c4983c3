import * as vscode from 'vscode';
import { Commands } from '../shared/ids';
import type { SessionSummary } from '../shared/sessionSummary';
import { usageJson } from '../core/transcripts/sessionActions';
import type { ActiveSession } from './activeSession';
import { resumeInTerminal } from './resumeInTerminal';
import type { SessionDirectory } from './sessionDirectory';
import { sessionKeyOf } from './sessionTree';
import type { ExtensionSettings } from './settings';
import type { TokenMeter } from './tokenMeter';
import { TranscriptDocuments } from './transcriptDocuments';

export interface ObservedCommandDeps {
  directory: SessionDirectory;
  active: ActiveSession;
  meter?: TokenMeter;
  settings: ExtensionSettings;
}

/** The JSONL file itself, in an editor (VS Code has its own large-file handling), else revealed. */
async function openRawFile(path: string): Promise<void> {
  const uri = vscode.Uri.file(path);
  try {
    await vscode.window.showTextDocument(uri, { preview: true });
  } catch {
    await vscode.commands.executeCommand('revealFileInOS', uri);
  }
}

export function registerObservedCommands(deps: ObservedCommandDeps): vscode.Disposable[] {
  const { directory } = deps;
  const pickObserved = async (placeHolder: string): Promise<SessionSummary | undefined> => {
    const items = directory
      .others()
      .map((s) => ({ label: s.title, description: s.gaugeText, detail: `${s.model} · ${s.id}`, key: s.key }));
    if (!items.length) {
      void vscode.window.showInformationMessage('No Claude Code or Codex sessions found for this folder.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(items, {
      placeHolder,
      matchOnDescription: true,
      matchOnDetail: true,
    });
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
    vscode.commands.registerCommand(Commands.openTranscriptFile, async (arg?: unknown) => {
      const fromDoc = arg === undefined ? vscode.window.activeTextEditor?.document.uri : undefined;
      const key = fromDoc && TranscriptDocuments.keyOf(fromDoc);
      const placeHolder = 'Open the raw file of which transcript?';
      const summary = (key && directory.get(key)) || (await target(arg, placeHolder));
      return summary?.path ? openRawFile(summary.path) : undefined;
    }),
    vscode.commands.registerCommand(Commands.copySessionId, async (arg?: unknown) => {
      const summary = await target(arg, 'Copy the id of which session?');
      if (!summary) return;
      await vscode.env.clipboard.writeText(summary.id);
      vscode.window.setStatusBarMessage(`Copied session id ${summary.id}`, 3000);
    }),
    vscode.commands.registerCommand(Commands.resumeInTerminal, async (arg?: unknown) => {
      const summary = await target(arg, 'Resume which session in a terminal?');
      return summary ? resumeInTerminal(summary, deps.settings.observedScope()) : undefined;
    }),
    vscode.commands.registerCommand(Commands.getContextUsage, (arg?: unknown) => {
      const key = sessionKeyOf(arg);
      const summary = key ? directory.find(key) : deps.meter?.session;
      return summary ? usageJson(summary) : undefined;
    }),
  ];
}
