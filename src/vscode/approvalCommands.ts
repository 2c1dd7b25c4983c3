import * as vscode from 'vscode';
import type { ToolCallItem } from '../core/turnItems';
import { redactSecrets } from '../core/transcripts/redact';
import { Commands } from '../shared/ids';
import type { ApprovalDecision } from '../shared/turnItemView';
import type { CommandDeps } from './commands';

/** The pending call of a session (the one waiting turn holds at most one awaiting call at a time). */
function pendingCall(deps: CommandDeps, sessionId: string, callId?: string): ToolCallItem | undefined {
  const turn = deps.sessions.get(sessionId)?.turns.find((t) => t.status === 'awaiting_approval');
  return turn?.items.find(
    (i): i is ToolCallItem =>
      i.kind === 'tool' && i.status === 'awaiting_approval' && (callId === undefined || i.callId === callId),
  );
}

/**
 * Agent Sessions: Approve / Deny Pending Tool Call: the approval card's buttons as commands (keyboard,
 * palette, other extensions, tests). Arguments: a session (id or tree item; default the active one),
 * the call id (default the pending one) and, for approve, `{ always: true }` = allow for this session.
 */
export function registerApprovalCommands(
  deps: CommandDeps,
  target: (arg: unknown, placeHolder: string) => Promise<string | undefined>,
): vscode.Disposable[] {
  const answer = async (arg: unknown, callId: unknown, decision: ApprovalDecision) => {
    const id = await target(arg ?? deps.active.id, 'Which session’s pending tool call?');
    if (!id) return;
    const call = pendingCall(deps, id, typeof callId === 'string' ? callId : undefined);
    if (!call) {
      void vscode.window.showInformationMessage('That session has no tool call waiting for approval.');
      return;
    }
    if (decision !== 'deny' && deps.blockedReason()) {
      void vscode.window.showWarningMessage(deps.blockedReason()!);
      return;
    }
    const subject = redactSecrets(call.approval?.subject ?? call.name);
    void vscode.window.setStatusBarMessage(`${decision === 'deny' ? 'Denied' : 'Approved'}: ${subject}`, 4000);
    deps.run(deps.sessions.decide(id, call.callId, decision));
  };
  return [
    vscode.commands.registerCommand(Commands.approveToolCall, (arg?: unknown, callId?: unknown, options?: unknown) =>
      answer(arg, callId, (options as { always?: unknown })?.always === true ? 'approve_always' : 'approve'),
    ),
    vscode.commands.registerCommand(Commands.denyToolCall, (arg?: unknown, callId?: unknown) =>
      answer(arg, callId, 'deny'),
    ),
  ];
}
