import * as assert from 'assert';
import * as vscode from 'vscode';

/** The sample workspace's src/math.js as committed: both functions wrong, so its test fails. */
export const ORIGINAL_MATH = [
  "'use strict';",
  '',
  '/** The sum of two numbers. */',
  'function add(a, b) {',
  '  return a - b;',
  '}',
  '',
  '/** The product of two numbers. */',
  'function multiply(a, b) {',
  '  return a + b;',
  '}',
  '',
  'module.exports = { add, multiply };',
  '',
].join('\n');

/** Sets a workspace file's text through its document (WorkspaceEdit, then save), as the agent's edits do. */
export async function setWorkspaceText(rel: string, text: string): Promise<void> {
  const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, rel);
  const doc = await vscode.workspace.openTextDocument(uri);
  if (doc.getText() === text) return;
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  assert.ok(await vscode.workspace.applyEdit(edit), `${rel} could not be set`);
  assert.ok(await doc.save(), `${rel} could not be saved`);
}
