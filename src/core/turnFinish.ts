import type { Record } from './modelStep';
import { checkPlan } from './planShape';
import type { SessionState } from './session';

/**
 * The model replied without tool calls. Outside plan mode the turn is done. In plan mode the reply must
 * hold the five plan parts: then the plan is recorded and the turn ends; if parts are missing the model
 * is asked once more (false: go on), and a second incomplete plan stops the turn naming what is missing.
 */
export async function finishTurn(state: SessionState, turnId: string, record: Record): Promise<boolean> {
  if (!state.planMode) {
    await record({ type: 'turn_completed', turnId, finishReason: 'stop' });
    return true;
  }
  const turn = state.turns.find((t) => t.id === turnId);
  const last = [...state.context].reverse().find((i) => i.kind === 'assistant' && i.turnId === turnId);
  const check = checkPlan(last?.kind === 'assistant' ? last.text : '');
  if (check.ok) {
    await record({ type: 'plan_recorded', turnId, plan: check.plan });
    await record({ type: 'turn_completed', turnId, finishReason: 'stop' });
    return true;
  }
  if ((turn?.planReminders ?? 0) === 0) {
    await record({ type: 'plan_reminder', turnId, missing: check.missing });
    return false;
  }
  await record({
    type: 'guard_tripped',
    turnId,
    guard: 'plan_incomplete',
    message: `Stopped: the plan still lacks ${check.missing.join(', ')} after one reminder.`,
  });
  return true;
}
