import type { Record } from './modelStep';
import type { ValidationStep } from './sessionEvents';
import type { AgentTools } from './toolStep';
import { redactSecrets } from './transcripts/redact';
import { controlExhaust } from './exhaust';
import { filesNamedIn } from './guards/readScope';

const NAMED_MAX = 500;

/**
 * Runs the validation commands in order and stops at the first failure, whose output (capped, redacted)
 * is the only failure the model is told about. `callId` set: this is the model's run_validation call; else
 * `runId` names the runner's run (the id its kept output is read back by).
 */
export async function runValidation(
  tools: AgentTools,
  turnId: string,
  callId: string | undefined,
  signal: AbortSignal,
  record: Record,
  runId = callId ?? `${turnId}-validation`,
): Promise<void> {
  const { commands, timeoutMs, outputCap } = tools.validation;
  const steps: ValidationStep[] = [];
  let failureOutput: string | undefined;
  for (const argv of commands) {
    const result = await tools.commands.run(argv, { cwd: tools.root, timeoutMs, outputCap, signal });
    const step: ValidationStep = {
      argv,
      exitCode: result.exitCode,
      timedOut: result.timedOut,
      durationMs: result.durationMs,
      ...(result.error ? { error: result.error } : {}),
    };
    steps.push(step);
    if (result.exitCode !== 0 || result.timedOut || result.error) {
      failureOutput = redactSecrets(result.output);
      break;
    }
  }
  const ok = failureOutput === undefined;
  const shown = failureOutput === undefined ? undefined : await controlExhaust(tools.exhaust, runId, failureOutput);
  // the model sees a kept output's head and tail only: the files all of it names are recorded for the read scope
  const named = shown?.kept ? [...filesNamedIn(failureOutput!, tools.root)].slice(0, NAMED_MAX) : [];
  await record({
    type: 'validation_run',
    turnId,
    ...(callId ? { callId } : {}),
    ok,
    steps,
    ...(shown ? { failureOutput: shown.output, ...(shown.kept ? { kept: shown.kept } : {}) } : {}),
    ...(named.length ? { named } : {}),
  });
}
