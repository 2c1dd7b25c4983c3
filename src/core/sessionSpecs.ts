import type { Budget } from './budget';
import type { SessionType } from '../shared/sessionTypes';
import type { LogHolder, LogRecovery } from './ports';
import type { RulesFile, SubSessionParent } from './sessionEvents';

/** What a new session of ours starts with (its first records). */
export interface NewSession {
  sessionType: SessionType;
  title: string;
  model: string;
  endpointHost: string;
  systemPrompt: string;
  /** The folder its tools work in; absent: a chat session. */
  root?: string;
  rules?: RulesFile[];
  review?: { base: string; diff: string };
  /** The session type's default budget (settings); recorded as the first budget_set. */
  budget?: Budget;
  /** A sub-session: who asked (see subSession.ts). */
  parent?: SubSessionParent;
}

/** What loading one log found worth telling (repairs, interrupted turns, read-only, or why it did not open). */
export interface RecoveryReport extends LogRecovery {
  sessionId: string;
  title: string;
  interruptedTurns: number;
  unknownRecords: number;
  /** Set when another live process (VS Code window) writes this log: it was loaded read-only. */
  readOnly?: LogHolder;
  /** Set when the log could not be opened at all; the other sessions still load. */
  error?: string;
}

export function emptyReport(sessionId: string, title: string): RecoveryReport {
  return {
    sessionId,
    title,
    tornBytes: 0,
    droppedLines: 0,
    seqGaps: 0,
    seqRepeats: 0,
    interruptedTurns: 0,
    unknownRecords: 0,
  };
}
