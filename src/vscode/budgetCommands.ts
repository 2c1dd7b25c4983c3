import * as vscode from 'vscode';
import { isLimitValue, LIMIT_LABELS, raisedLimit } from '../core/budget';
import { shown } from '../core/guards/verdict';
import { Commands } from '../shared/ids';
import type { CommandDeps } from './commands';

/**
 * Agent Sessions: Raise the Limit and Continue / Continue on the Escalation Model: a stop's buttons as
 * commands (palette, keyboard, tests). Arguments: a session (id or tree item; default the active one)
 * and, for raise, the new value (default: asked for, offering half as much again).
 */
export function registerBudgetCommands(
  deps: CommandDeps,
  target: (arg: unknown, placeHolder: string) => Promise<string | undefined>,
): vscode.Disposable[] {
  const lastHalted = (id: string) => {
    const turns = deps.sessions.get(id)?.turns ?? [];
    const turn = turns[turns.length - 1];
    return turn?.status === 'halted' ? turn : undefined;
  };
  const usable = () => {
    const blocked = deps.blockedReason();
    if (blocked) void vscode.window.showWarningMessage(blocked);
    return !blocked;
  };
  const raise = async (arg?: unknown, value?: unknown) => {
    const id = await target(arg ?? deps.active.id, 'Which session’s stopped turn?');
    if (!id) return;
    const turn = lastHalted(id);
    const limit = turn?.halt?.limit;
    if (!turn || !limit) {
      void vscode.window.showInformationMessage('That session’s last turn was not stopped by a budget limit.');
      return;
    }
    if (!usable()) return;
    const label = LIMIT_LABELS[limit.key];
    let to = typeof value === 'number' ? value : undefined;
    if (to === undefined) {
      const offered = raisedLimit(limit.key, Math.max(limit.value, limit.used));
      const typed = await vscode.window.showInputBox({
        title: `Raise the ${label} limit and continue`,
        prompt: `Now ${shown(limit.key, limit.value)}; the turn needs at least ${shown(limit.key, limit.used)}.`,
        value: String(offered),
        validateInput: (text) => {
          const n = Number(text);
          if (!isLimitValue(limit.key, n)) return 'Give a positive number.';
          return n < limit.used ? `At least ${shown(limit.key, limit.used)}.` : undefined;
        },
      });
      if (typed === undefined) return;
      to = Number(typed);
    }
    deps.run(deps.sessions.raiseAndContinue(id, turn.id, limit.key, to));
  };
  const escalate = async (arg?: unknown) => {
    const id = await target(arg ?? deps.active.id, 'Which session?');
    if (!id) return;
    const turn = lastHalted(id);
    if (!turn || turn.halt?.guard !== 'validation_failed_twice') {
      void vscode.window.showInformationMessage('That session’s last turn did not stop after two failed validations.');
      return;
    }
    if (usable()) deps.run(deps.sessions.escalate(id, turn.id));
  };
  return [
    vscode.commands.registerCommand(Commands.raiseLimit, raise),
    vscode.commands.registerCommand(Commands.escalate, escalate),
  ];
}
