import type { BudgetView, GaugeLevel, HaltView, MeterView } from '../shared/protocol';
import type { LimitKey } from './budget';
import { LIMIT_KEYS, LIMIT_LABELS, raisedLimit } from './budget';
import { toolShareLine } from './toolShare';
import {
  bulletsWritten,
  changedFiles,
  costSpent,
  perTokenRate,
  tokensSpent,
  toolCallsRun,
  turnMinutes,
  validationRuns,
} from './guards/budgetUse';
import { shown } from './guards/verdict';
import type { PriceFact } from './modelFacts';
import type { SessionState, Turn } from './session';

/** What the tab's budget row needs besides the session: the time, the price, the models in the settings. */
export interface BudgetContext {
  now: number;
  price?: PriceFact;
  /** The Builder's model in the settings (a Reviewer on the same model is said). */
  builderModel?: string;
  escalationModel?: string;
}

function level(percent: number): GaugeLevel {
  return percent >= 100 ? 'error' : percent >= 80 ? 'warning' : 'normal';
}

function meter(key: LimitKey, used: number, max: number, detail: string): MeterView {
  const percent = Math.min(100, Math.round((used / max) * 100));
  return {
    key,
    label: LIMIT_LABELS[key],
    text: `${shown(key, used)} / ${shown(key, max)}`,
    percent,
    level: level(percent),
    detail,
  };
}

/** The budget as meters (one per set limit), the read scope, summary-first progress and notes. */
export function toBudgetView(state: SessionState, context: BudgetContext): BudgetView {
  const budget = state.budget;
  const meters: MeterView[] = [];
  const latest = state.turns[state.turns.length - 1];
  for (const key of LIMIT_KEYS) {
    const max = budget[key];
    if (max === undefined) continue;
    if (key === 'maxCostUsd') {
      const cost = costSpent(state, context.price);
      // no rate: the next request cannot be reserved and stops, even when nothing was spent yet
      meters.push(
        cost.known && perTokenRate(state, context.price) !== undefined
          ? meter(key, cost.usd, max, 'Reported and priced replies; the next request is reserved before it is sent.')
          : {
              ...meter(key, max, max, ''),
              text: `? / ${shown(key, max)}`,
              detail: `${state.model} has no known price: the next request stops rather than guess.`,
            },
      );
    } else if (key === 'maxRepeats')
      meters.push({
        ...meter(key, 0, max, 'The same tool call with the same arguments in a row stops the turn.'),
        text: `stop at ${max}`,
      });
    else meters.push(meter(key, usedOf(state, key, latest, context.now), max, detailOf(state, key)));
  }
  const notes = [...state.budgetNotes];
  if (state.sessionType === 'reviewer' && context.builderModel && context.builderModel === state.model)
    notes.push(
      `This Reviewer runs on the Builder's model (${state.model}): a different model (agentSessions.models.reviewer) catches more.`,
    );
  const values: BudgetView['values'] = {};
  for (const key of LIMIT_KEYS) if (budget[key] !== undefined) values[key] = budget[key];
  return {
    meters,
    ...(budget.readScope ? { readScope: budget.readScope } : {}),
    ...(budget.summaryBullets ? { summary: { wanted: budget.summaryBullets, written: bulletsWritten(state) } } : {}),
    notes,
    values,
    toolShare: toolShareLine(state),
  };
}

function usedOf(state: SessionState, key: LimitKey, latest: Turn | undefined, now: number): number {
  switch (key) {
    case 'maxToolCalls':
      return toolCallsRun(state);
    case 'maxValidationRuns':
      return validationRuns(state);
    case 'maxChangedFiles':
      return changedFiles(state).size;
    case 'maxMinutes':
      return latest ? turnMinutes(latest, now) : 0;
    case 'maxTokens':
      return tokensSpent(state);
    default:
      return 0;
  }
}

function detailOf(state: SessionState, key: LimitKey): string {
  if (key === 'maxTokens') {
    const { requests, unreported } = state.spend;
    const estimated = unreported ? `; ${unreported} without reported usage, counted at their estimate` : '';
    return `Prompt + completion of ${requests} requests as the endpoint reported them${estimated}; the next one is reserved before it is sent.`;
  }
  if (key === 'maxMinutes') return 'The latest turn, from its message; approval waits are not counted.';
  if (key === 'maxChangedFiles') return [...changedFiles(state)].join(', ') || 'No file changed yet.';
  return 'Counted over the whole session.';
}

/** The stop of the session's last turn with what can be done about it. */
export function haltView(turn: Turn, isLast: boolean, context: BudgetContext, model: string): HaltView | undefined {
  if (turn.status !== 'halted' || !turn.halt) return undefined;
  const view: HaltView = { message: turn.halt.message };
  const limit = turn.halt.limit;
  if (isLast && limit) {
    const to = raisedLimit(limit.key, Math.max(limit.value, limit.used));
    view.raise = { key: limit.key, label: LIMIT_LABELS[limit.key], to, toText: shown(limit.key, to) };
  }
  const escalation = context.escalationModel;
  if (isLast && turn.halt.guard === 'validation_failed_twice' && escalation && escalation !== model)
    view.escalate = { model: escalation };
  return view;
}
