import type { PlanParts, ValidationStep } from './sessionEvents';

/** The words the runner says to the model (and shows the user) about what it did. One place, so they agree. */

export const PLAN_HEADINGS: Record<keyof PlanParts, string> = {
  rootCause: 'Root cause',
  files: 'Files expected to change',
  invariants: 'Invariants to preserve',
  risks: 'Risks',
  validation: 'Validation commands',
};

export function refusedWords(reason: string): string {
  return `Not run: ${reason}`;
}

export const DENIED_WORDS = 'Not run: the user denied this call. Do not repeat it; choose another way or ask the user.';

export function lostWords(name: string): string {
  if (name === 'ask_scout')
    return 'VS Code stopped while the Scout was answering; its partial work is in its own session. Ask again if you still need it.';
  return (
    `VS Code stopped while ${name} was running; it was not run again and its effect is unknown. ` +
    'Check the files it touches before repeating it.'
  );
}

export function argvText(argv: readonly string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a))).join(' ');
}

function ending(step: ValidationStep): string {
  if (step.error) return step.error;
  if (step.timedOut) return 'was stopped at its time limit';
  return `exited with ${step.exitCode === null ? 'a signal' : step.exitCode}`;
}

/** What the model reads after a validation run: a pass, or the first failure only. */
export function validationWords(ok: boolean, steps: readonly ValidationStep[], failureOutput?: string): string {
  if (steps.length === 0) return 'No validation commands are set (rules file or agentSessions.validation.commands).';
  if (ok) return `Validation passed: ${steps.map((s) => `\`${argvText(s.argv)}\``).join(', ')}.`;
  const failed = steps.find((s) => s.error || s.timedOut || s.exitCode !== 0) ?? steps[steps.length - 1];
  const output = failureOutput ? `\n${failureOutput}` : '';
  return `Validation failed: \`${argvText(failed.argv)}\` ${ending(failed)} (the first failure only).${output}`;
}

export function planReminderWords(missing: readonly string[]): string {
  const all = Object.values(PLAN_HEADINGS).map((h) => `## ${h}`);
  return `Your plan lacks: ${missing.join(', ')}. Reply with the whole plan under these five headings:\n${all.join('\n')}`;
}

export const PLAN_MODE_WORDS =
  'Plan mode: you cannot edit files or run commands. Read what you need, then reply with a plan under these ' +
  `five headings: ${Object.values(PLAN_HEADINGS)
    .map((h) => `"## ${h}"`)
    .join(', ')}. The plan is recorded and the turn ends.`;
