import type { LimitKey } from '../shared/budgetKeys';
import { LIMIT_KEYS } from '../shared/budgetKeys';
import type { TaskBudget } from './budgetBlock';

/**
 * A session's budget: the limits the runner enforces (never the prompt). Counts are per session; the wall
 * clock is per turn (from the user's message). An absent limit is not enforced. The budget is in the log
 * (`budget_set`), so the tab's edits, a task's "Context budget:" block and the settings' defaults all
 * leave a record of what held when.
 */
export interface Budget {
  /** Tool calls that run (refused calls are not counted; `maxRefusals` of the loop stops those). */
  maxToolCalls?: number;
  /** Validation rounds, automatic or asked for. */
  maxValidationRuns?: number;
  /** Distinct files changed; the edit that would touch one more is refused and the turn stops. */
  maxChangedFiles?: number;
  /** Minutes one turn may run, from its message. */
  maxMinutes?: number;
  /** Tokens the endpoint reported (prompt + completion, every request) plus the next request's reserve. */
  maxTokens?: number;
  /** US dollars spent plus the next request's reserved cost. */
  maxCostUsd?: number;
  /** The same tool with the same arguments this many times in a row stops the turn. */
  maxRepeats?: number;
  /** Folders, files or globs (relative to the root) read tools may take. */
  readScope?: string[];
  /** Bullets the model must write before a write tool runs. */
  summaryBullets?: number;
}

export type { LimitKey } from '../shared/budgetKeys';
export { LIMIT_KEYS, LIMIT_LABELS, isLimitKey } from '../shared/budgetKeys';

/** The largest value each limit takes (a typo of extra zeros is refused, not obeyed). */
const LIMIT_MAX: { [K in LimitKey]: number } = {
  maxToolCalls: 100_000,
  maxValidationRuns: 10_000,
  maxChangedFiles: 100_000,
  maxMinutes: 10_000,
  maxTokens: 1_000_000_000,
  maxCostUsd: 100_000,
  maxRepeats: 1_000,
};

/** A repeat limit of 1 would stop every call: the same call twice in a row is the least it can mean. */
const REPEATS_MIN = 2;

/** A valid value for a limit: positive, finite, within its maximum; whole except US$ and minutes. */
export function isLimitValue(key: LimitKey, value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > LIMIT_MAX[key]) return false;
  if (key === 'maxRepeats' && value < REPEATS_MIN) return false;
  return key === 'maxCostUsd' || key === 'maxMinutes' || Number.isInteger(value);
}

const SCOPE_PART = /^[\w.\-/*?[\]{}]+$/;

/** A read-scope entry is relative, inside the root, and free of shell characters. */
export function isScopeEntry(value: unknown): value is string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500 || !SCOPE_PART.test(value)) return false;
  return !value.startsWith('/') && !/(^|\/)\.\.(\/|$)/.test(value);
}

/**
 * Only what is valid survives: a budget read from the log or sent by the webview is checked field by field;
 * anything else is dropped (an unknown field, a negative limit, an unsafe scope entry).
 */
export function cleanBudget(value: unknown): Budget {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  const raw = value as Record<string, unknown>;
  const budget: Budget = {};
  for (const key of LIMIT_KEYS) if (isLimitValue(key, raw[key])) budget[key] = raw[key];
  if (Array.isArray(raw.readScope)) {
    const scope = raw.readScope.filter(isScopeEntry).slice(0, 100);
    if (scope.length) budget.readScope = scope;
  }
  const bullets = raw.summaryBullets;
  if (typeof bullets === 'number' && Number.isInteger(bullets) && bullets > 0 && bullets <= 200)
    budget.summaryBullets = bullets;
  return budget;
}

/** The budget with a task's block laid over it: the block's limits win, the rest stays. */
export function withTaskBudget(budget: Budget, task: TaskBudget): Budget {
  return cleanBudget({
    ...budget,
    ...(task.readScope ? { readScope: task.readScope } : {}),
    ...(task.summaryBullets ? { summaryBullets: task.summaryBullets } : {}),
    ...(task.maxChangedFiles ? { maxChangedFiles: task.maxChangedFiles } : {}),
  });
}

/** The value a stop's "Raise and continue" offers: half as much again, at least one more. */
export function raisedLimit(key: LimitKey, value: number): number {
  if (key === 'maxCostUsd') return Math.min(LIMIT_MAX[key], Math.ceil(value * 150) / 100);
  return Math.min(LIMIT_MAX[key], Math.max(value + 1, Math.ceil(value * 1.5)));
}

/**
 * The tab's edit laid over the current budget: a number sets a limit, null clears it; a given read scope
 * replaces the old one ([] clears it). `dropped` names what was not valid (said to the user, not obeyed).
 */
export function editedBudget(
  current: Budget,
  limits: { [K in LimitKey]?: number | null },
  readScope?: readonly string[],
): { budget: Budget; dropped: string[] } {
  const next: Record<string, unknown> = { ...current };
  const dropped: string[] = [];
  for (const key of LIMIT_KEYS) {
    const value = limits[key];
    if (value === null) delete next[key];
    else if (value !== undefined) {
      if (isLimitValue(key, value)) next[key] = value;
      else dropped.push(`${key} ${value}`);
    }
  }
  if (readScope) {
    const entries = readScope.map((e) => e.trim().replace(/^\.\//, '')).filter(Boolean);
    dropped.push(...entries.filter((e) => !isScopeEntry(e)));
    next.readScope = entries.filter(isScopeEntry);
  }
  return { budget: cleanBudget(next), dropped };
}
