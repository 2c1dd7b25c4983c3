import { promises as fs } from 'fs';
import * as vscode from 'vscode';
import type { FileAccess } from '../core/tools/toolPorts';

/**
 * The agent's reads and writes as the user's editor sees them: a read returns an open document's text
 * (unsaved changes included); a write is a WorkspaceEdit (so Undo, dirty buffers and open editors stay
 * right), then the document is saved so validation commands see it on disk. A new file is created by
 * the edit with its contents.
 */
export function workspaceFileAccess(): FileAccess {
  const openDocument = (abs: string) => vscode.workspace.textDocuments.find((d) => d.uri.fsPath === abs);
  return {
    async read(abs) {
      const open = openDocument(abs);
      return open ? open.getText() : fs.readFile(abs, 'utf8');
    },
    async write(abs, text) {
      const uri = vscode.Uri.file(abs);
      const exists = await fs.stat(abs).then(
        () => true,
        () => false,
      );
      const edit = new vscode.WorkspaceEdit();
      if (!exists) {
        edit.createFile(uri, { contents: new TextEncoder().encode(text) });
        if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused to create ${abs}.`);
        return;
      }
      const document = openDocument(abs) ?? (await vscode.workspace.openTextDocument(uri));
      const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
      edit.replace(uri, whole, text);
      if (!(await vscode.workspace.applyEdit(edit))) throw new Error(`VS Code refused the edit of ${abs}.`);
      if (!(await document.save())) throw new Error(`VS Code could not save ${abs}.`);
    },
  };
}
