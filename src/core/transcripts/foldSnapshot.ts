import type { ClaudeContextNow, Compaction, UsageEntry } from './claudeCodeTranscript';
import type { CodexTurn, CodexUsage } from './codexTranscript';
import type { TokenTotals } from './tokenTotals';
import { isRecord } from './tokenTotals';

/**
 * Plain-data snapshots of the transcript folds, for the persisted index: everything a summary reads,
 * so that restoring one and folding the rest of its file gives exactly what a cold read gives. They
 * come back from a file on disk, so each is checked field by field on the way in: anything malformed
 * makes the whole snapshot undefined (never half of one).
 */

export interface ClaudeFoldSnapshot {
  wantTitle: boolean;
  /** In the fold's order (sums, and so costs, are added in that order). */
  messages: Array<[string, UsageEntry]>;
  contextNow?: ClaudeContextNow;
  title?: string;
  cwd?: string;
  sessionId?: string;
  compactions: Compaction[];
  linesRead: number;
  unreadable: number;
  version: number;
  model: string;
}

export interface CodexFoldSnapshot {
  totals: TokenTotals;
  reasoningOutput: number;
  last?: CodexUsage;
  previousTotal?: CodexUsage;
  contextWindow?: number;
  model?: string;
  title?: string;
  cwd?: string;
  sessionId?: string;
  cliVersion?: string;
  compactions: Compaction[];
  turns: CodexTurn[];
  linesRead: number;
  unreadable: number;
  version: number;
}

/** Thrown inside the parsers; the exported ones turn it into undefined. */
class Malformed extends Error {}

const fail = (what: string): never => {
  throw new Malformed(what);
};

/** A count as the folds make them: a non-negative safe integer. */
function counted(value: unknown, what: string): number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : fail(what);
}

function optionalString(value: unknown, what: string): string | undefined {
  return value === undefined || typeof value === 'string' ? value : fail(what);
}

function record(value: unknown, what: string): Record<string, unknown> {
  return isRecord(value) ? value : fail(what);
}

function totalsOf(value: unknown): TokenTotals {
  const v = record(value, 'usage');
  return {
    input: counted(v.input, 'usage.input'),
    output: counted(v.output, 'usage.output'),
    cacheCreation: counted(v.cacheCreation, 'usage.cacheCreation'),
    cacheCreation1h: counted(v.cacheCreation1h, 'usage.cacheCreation1h'),
    cacheRead: counted(v.cacheRead, 'usage.cacheRead'),
  };
}

function entryOf(value: unknown): UsageEntry {
  const v = record(value, 'message');
  if (typeof v.model !== 'string') fail('message.model');
  if (typeof v.sidechain !== 'boolean') fail('message.sidechain');
  return {
    model: v.model as string,
    usage: totalsOf(v.usage),
    sidechain: v.sidechain as boolean,
    at: optionalString(v.at, 'message.at'),
  };
}

function messagesOf(value: unknown): Array<[string, UsageEntry]> {
  if (!Array.isArray(value)) fail('messages');
  const seen = new Set<string>();
  return (value as unknown[]).map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || !pair[0]) fail('message key');
    const key = (pair as [string, unknown])[0];
    if (seen.has(key)) fail(`message ${key} twice`);
    seen.add(key);
    return [key, entryOf((pair as unknown[])[1])];
  });
}

function compactionsOf(value: unknown): Compaction[] {
  if (!Array.isArray(value)) fail('compactions');
  return (value as unknown[]).map((item) => {
    const v = record(item, 'compaction');
    if (v.preTokens !== undefined && (typeof v.preTokens !== 'number' || !Number.isFinite(v.preTokens)))
      fail('compaction.preTokens');
    return {
      timestamp: optionalString(v.timestamp, 'compaction.timestamp'),
      trigger: optionalString(v.trigger, 'compaction.trigger'),
      preTokens: v.preTokens as number | undefined,
    };
  });
}

function contextNowOf(value: unknown): ClaudeContextNow | undefined {
  if (value === undefined) return undefined;
  const v = record(value, 'contextNow');
  if (typeof v.model !== 'string') fail('contextNow.model');
  return {
    input: counted(v.input, 'contextNow.input'),
    cacheCreation: counted(v.cacheCreation, 'contextNow.cacheCreation'),
    cacheRead: counted(v.cacheRead, 'contextNow.cacheRead'),
    output: counted(v.output, 'contextNow.output'),
    model: v.model as string,
  };
}

function codexUsageOf(value: unknown, what: string): CodexUsage | undefined {
  if (value === undefined) return undefined;
  const v = record(value, what);
  return {
    input: counted(v.input, `${what}.input`),
    cachedInput: counted(v.cachedInput, `${what}.cachedInput`),
    output: counted(v.output, `${what}.output`),
    reasoningOutput: counted(v.reasoningOutput, `${what}.reasoningOutput`),
    total: counted(v.total, `${what}.total`),
  };
}

/** Runs a parser; a malformed field gives undefined, and `onMalformed` hears which one. */
function checked<T>(parse: () => T, onMalformed?: (what: string) => void): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof Malformed)) throw error;
    onMalformed?.(error.message);
    return undefined;
  }
}

export function parseClaudeSnapshot(
  value: unknown,
  onMalformed?: (what: string) => void,
): ClaudeFoldSnapshot | undefined {
  return checked(() => {
    const v = record(value, 'fold');
    if (typeof v.wantTitle !== 'boolean') fail('wantTitle');
    if (typeof v.model !== 'string') fail('model');
    return {
      wantTitle: v.wantTitle as boolean,
      messages: messagesOf(v.messages),
      contextNow: contextNowOf(v.contextNow),
      title: optionalString(v.title, 'title'),
      cwd: optionalString(v.cwd, 'cwd'),
      sessionId: optionalString(v.sessionId, 'sessionId'),
      compactions: compactionsOf(v.compactions),
      linesRead: counted(v.linesRead, 'linesRead'),
      unreadable: counted(v.unreadable, 'unreadable'),
      version: counted(v.version, 'version'),
      model: v.model as string,
    };
  }, onMalformed);
}

function turnsOf(value: unknown): CodexTurn[] {
  if (!Array.isArray(value)) return fail('turns');
  return value.map((t, i) => {
    const r = record(t, `turns[${i}]`);
    const model = optionalString(r.model, `turns[${i}].model`) ?? fail(`turns[${i}].model`);
    const turn: CodexTurn = {
      model,
      input: counted(r.input, `turns[${i}].input`),
      cacheRead: counted(r.cacheRead, `turns[${i}].cacheRead`),
      output: counted(r.output, `turns[${i}].output`),
    };
    const at = optionalString(r.at, `turns[${i}].at`);
    if (at !== undefined) turn.at = at;
    return turn;
  });
}

export function parseCodexSnapshot(
  value: unknown,
  onMalformed?: (what: string) => void,
): CodexFoldSnapshot | undefined {
  return checked(() => {
    const v = record(value, 'fold');
    return {
      totals: totalsOf(v.totals),
      reasoningOutput: counted(v.reasoningOutput, 'reasoningOutput'),
      last: codexUsageOf(v.last, 'last'),
      previousTotal: codexUsageOf(v.previousTotal, 'previousTotal'),
      contextWindow: v.contextWindow === undefined ? undefined : counted(v.contextWindow, 'contextWindow'),
      model: optionalString(v.model, 'model'),
      title: optionalString(v.title, 'title'),
      cwd: optionalString(v.cwd, 'cwd'),
      sessionId: optionalString(v.sessionId, 'sessionId'),
      cliVersion: optionalString(v.cliVersion, 'cliVersion'),
      compactions: compactionsOf(v.compactions),
      turns: turnsOf(v.turns),
      linesRead: counted(v.linesRead, 'linesRead'),
      unreadable: counted(v.unreadable, 'unreadable'),
      version: counted(v.version, 'version'),
    };
  }, onMalformed);
}
