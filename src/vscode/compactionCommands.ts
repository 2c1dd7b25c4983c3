import * as vscode from 'vscode';
import { Commands } from '../shared/ids';
import type { CommandDeps } from './commands';

/**
 * Agent Sessions: Compact Session / Apply Compaction / Discard Compaction. Compact asks for an optional focus,
 * has the summarizer make a proposal (recorded; nothing replaced), and opens it as an editable Markdown
 * document beside the tab; Apply replaces the model's context with that document's text as the user left it
 * (the proposal as made when no preview is open, e.g. after a reload); Discard drops it. Arguments: a session
 * (id or tree item; default the active one), and for compact the focus text.
 */
export function registerCompactionCommands(
  deps: CommandDeps,
  target: (arg: unknown, placeHolder: string) => Promise<string | undefined>,
): vscode.Disposable[] {
  /** The preview document of each proposal shown in this window. */
  const previews = new Map<string, vscode.TextDocument>();
  const pending = (id: string) => deps.sessions.get(id)?.compactions.proposal;

  const compact = async (arg?: unknown, focusArg?: unknown) => {
    const id = await target(arg ?? deps.active.id, 'Which session to compact?');
    if (!id) return;
    const blocked = deps.blockedReason();
    if (blocked) return void vscode.window.showWarningMessage(blocked);
    let focus = typeof focusArg === 'string' ? focusArg : undefined;
    if (focus === undefined) {
      focus = await vscode.window.showInputBox({
        title: 'Compact Session',
        prompt: 'What the summary should keep (optional), e.g. "focus on the auth refactor, drop the lint chatter"',
      });
      if (focus === undefined) return;
    }
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Summarizing the session…' },
      () => deps.sessions.proposeCompaction(id, { focus }),
    );
    await preview(id);
  };

  const preview = async (id: string) => {
    const proposal = pending(id);
    if (!proposal) return;
    const doc = await vscode.workspace.openTextDocument({
      language: 'markdown',
      content: `${proposal.carried}\n\n${proposal.narrative}\n`,
    });
    previews.set(proposal.proposalId, doc);
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    const title = deps.sessions.get(id)?.title ?? id;
    const weaker =
      proposal.model !== deps.sessions.get(id)?.model
        ? ` Summarized by ${proposal.model}: a smaller model may lose facts.`
        : '';
    // not awaited: the command ends here; the buttons (or the commands) decide later
    void vscode.window
      .showInformationMessage(
        `Compaction of "${title}": ${proposal.tokensBefore.toLocaleString()} → about ${proposal.tokensAfter.toLocaleString()} tokens. Edit the summary beside, then apply.${weaker}`,
        'Apply',
        'Discard',
      )
      .then((choice) => {
        if (choice === 'Apply') void vscode.commands.executeCommand(Commands.applyCompaction, id);
        if (choice === 'Discard') void vscode.commands.executeCommand(Commands.discardCompaction, id);
      });
  };

  const apply = async (arg?: unknown) => {
    const id = await target(arg ?? deps.active.id, 'Which session’s compaction?');
    const proposal = id ? pending(id) : undefined;
    if (!id || !proposal) return void vscode.window.showInformationMessage('No compaction is waiting there.');
    const doc = previews.get(proposal.proposalId);
    const text = doc && !doc.isClosed ? doc.getText() : undefined;
    deps.run(deps.sessions.applyCompaction(id, proposal.proposalId, text));
  };

  const discard = async (arg?: unknown) => {
    const id = await target(arg ?? deps.active.id, 'Which session’s compaction?');
    const proposal = id ? pending(id) : undefined;
    if (!id || !proposal) return;
    previews.delete(proposal.proposalId);
    deps.run(deps.sessions.discardCompaction(id, proposal.proposalId));
  };

  return [
    vscode.commands.registerCommand(Commands.compact, (arg?: unknown, focus?: unknown) =>
      compact(arg, focus).catch((error: unknown) =>
        vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error)),
      ),
    ),
    vscode.commands.registerCommand(Commands.applyCompaction, apply),
    vscode.commands.registerCommand(Commands.discardCompaction, discard),
  ];
}
