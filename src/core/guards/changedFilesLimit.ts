import type { Budget } from '../budget';
import type { SessionState } from '../session';
import { changedFiles } from './budgetUse';
import type { Verdict } from './verdict';
import { limitStop } from './verdict';

/**
 * An edit of a file not changed yet, when the session has changed as many files as it may, is refused and
 * stops the turn: a change that wide wants a plan first. `target` is the file's path relative to the root,
 * resolved by the runner; undefined when it could not be (then the limit cannot be checked: stop).
 */
export function changedFilesLimit(state: SessionState, budget: Budget, target: string | undefined): Verdict {
  const max = budget.maxChangedFiles;
  if (max === undefined) return undefined;
  if (target === undefined)
    return {
      kind: 'stop',
      guard: 'maxChangedFiles',
      message: 'Stopped: the file of this edit could not be resolved, so the changed-files limit cannot be checked.',
    };
  const files = changedFiles(state);
  if (files.has(target) || files.size < max) return undefined;
  return limitStop(
    'maxChangedFiles',
    max,
    files.size + 1,
    `editing ${target} would change file ${files.size + 1}; a change this wide is worth a Planner session first`,
  );
}
