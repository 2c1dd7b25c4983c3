import * as vscode from 'vscode';

export const RESTRICTED_TREE_MESSAGE =
  'Restricted Mode: agent sessions cannot start or resend in this workspace. Stored sessions can still be read.';

/**
 * Says why in the Sessions view itself while the workspace is untrusted (the welcome text only shows
 * when the view is empty; a view with stored sessions needs its own line), and clears it once trusted.
 */
export function showTrustInView(view: vscode.TreeView<unknown>): vscode.Disposable {
  const update = () => (view.message = vscode.workspace.isTrusted ? undefined : RESTRICTED_TREE_MESSAGE);
  update();
  return vscode.workspace.onDidGrantWorkspaceTrust(update);
}
