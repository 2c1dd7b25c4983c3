import * as vscode from 'vscode';
import { Commands } from '../shared/ids';
import { redactSecrets } from '../core/transcripts/redact';
import type { CommandDeps } from './commands';

/**
 * Agent Sessions: Toggle Plan Mode. In plan mode the runner offers no write tools and requires the
 * five-part plan. Arguments for tests and other commands: a session (id or tree item) and `on`.
 */
export function registerPlanModeCommand(
  deps: CommandDeps,
  target: (arg: unknown, placeHolder: string) => Promise<string | undefined>,
): vscode.Disposable {
  return vscode.commands.registerCommand(Commands.togglePlanMode, async (arg?: unknown, on?: boolean) => {
    const id = await target(arg ?? deps.active.id, 'Plan mode for which session?');
    const state = id ? deps.sessions.get(id) : undefined;
    if (!state) return;
    const next = typeof on === 'boolean' ? on : !state.planMode;
    try {
      await deps.sessions.setPlanMode(state.id, next);
    } catch (error) {
      void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
      return;
    }
    void vscode.window.setStatusBarMessage(
      `${redactSecrets(state.title)}: plan mode ${next ? 'on (no edits; a five-part plan)' : 'off'}`,
      4000,
    );
  });
}
