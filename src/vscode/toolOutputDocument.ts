import * as vscode from 'vscode';
import type { SessionService } from '../core/sessionService';
import { keptOutputs } from '../core/readToolOutput';
import { toolOutputPath } from '../node/toolOutputFiles';

/**
 * Open Full Output: a tool output the session kept whole (redacted) opens in an editor, the file itself next
 * to the session's log (VS Code's own large-file handling). Only an id the log names is opened.
 */
export async function openToolOutput(
  sessions: SessionService,
  storageFolder: string,
  sessionId: string,
  id: string,
): Promise<void> {
  const state = sessions.get(sessionId);
  const kept = state && keptOutputs(state).get(id);
  const file = kept && toolOutputPath(storageFolder, sessionId, kept.file);
  if (!file) throw new Error(`No kept output "${id}" in this session.`);
  await vscode.window.showTextDocument(vscode.Uri.file(file), { preview: true });
  // the kept output is a record of what the tool printed: not a file to edit (read_tool_output reads it)
  await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
}
