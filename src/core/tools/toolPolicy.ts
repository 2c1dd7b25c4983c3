import type { SessionState } from '../session';
import { SESSION_TYPE_LABELS } from '../../shared/sessionTypes';
import { argvText } from '../runnerWords';
import { commandKey, shellMetaReason } from './commandSafety';
import { protectedReason } from './protectedPaths';
import type { ResolvedPath } from './toolPorts';
import type { CheckedCall, ToolName } from './toolSpecs';
import { TOOL_NAMES, TOOLS } from './toolSpecs';
import { mayAskScout } from '../subSession';

/**
 * What a session may do, decided by the runner and never by the prompt: which tools a session type and
 * plan mode offer, and for each checked call whether it runs, waits for the user, or is refused.
 */
export type Decision =
  | { kind: 'run' }
  | { kind: 'refuse'; reason: string }
  /** `key` is what "allow this exact … for this session" remembers; '' when it may never be remembered. */
  | { kind: 'ask'; subject: string; reason: string; key: string };

/** The tools offered in this session now: none without a root or after the endpoint refused tools. */
export function offeredTools(state: SessionState): ToolName[] {
  if (!state.root || state.toolsDisabled) return [];
  const writes = state.sessionType === 'builder' && !state.planMode;
  return TOOL_NAMES.filter(
    (name) => (writes || TOOLS[name].access === 'read') && (name !== 'ask_scout' || mayAskScout(state)),
  );
}

function notOffered(state: SessionState, name: ToolName): string {
  if (name === 'ask_scout') return 'ask_scout is not available to a Scout or a sub-session: read and answer.';
  if (state.planMode) return `${name} is not available in plan mode: read, then reply with the plan.`;
  return `${name} is not available to a ${SESSION_TYPE_LABELS[state.sessionType]} session (read-only tools only).`;
}

export function writeKey(rel: string): string {
  return `write:${rel}`;
}

/** `target` is the resolved file of a write tool (from FileTools.target), absent for the other tools. */
export function decide(state: SessionState, call: CheckedCall, target?: ResolvedPath | { error: string }): Decision {
  if (!offeredTools(state).includes(call.name)) return { kind: 'refuse', reason: notOffered(state, call.name) };
  const access = TOOLS[call.name].access;
  if (access === 'write') {
    if (!target) return { kind: 'refuse', reason: 'the target file could not be resolved' };
    if ('error' in target) return { kind: 'refuse', reason: target.error };
    const why = protectedReason(target.rel);
    const key = writeKey(target.rel);
    if (why && !state.allowed.includes(key))
      return {
        kind: 'ask',
        subject: target.rel,
        reason: `${target.exists ? 'Edit' : 'Create'} a protected file: ${why}`,
        key,
      };
    return { kind: 'run' };
  }
  if (call.name === 'run_command') {
    const argv = call.args.argv;
    const meta = shellMetaReason(argv);
    if (meta) return { kind: 'ask', subject: argvText(argv), reason: `Never run without asking: ${meta}`, key: '' };
    const key = commandKey(argv);
    if (state.allowed.includes(key)) return { kind: 'run' };
    return { kind: 'ask', subject: argvText(argv), reason: 'Run a command', key };
  }
  return { kind: 'run' };
}
