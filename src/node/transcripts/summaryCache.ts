import * as fs from 'fs';
import type { SessionSummary } from '../../shared/sessionSummary';
import { isSessionKey, parseSessionKey } from '../../shared/sessionKey';
import { isRecord } from '../../core/transcripts/tokenTotals';
import type { CacheIdentity } from './indexCache';
import { CACHE_VERSION, identityProblem, OTHER_FOLDERS } from './indexCache';

/**
 * The summaries the persisted index last published, saved beside it (`<index>.summaries.json`) with
 * the same header. On a restart the host shows them at once, before the worker has started, and the
 * worker's first pass then confirms or corrects each of them and removes the ones that are gone.
 * Read back they are untrusted: a wrong header or one malformed summary discards the whole file.
 */

/** Bigger than the summaries of any real machine (~1 KB a session). */
const MAX_BYTES = 64 << 20;

export function summaryFileFor(indexFile: string): string {
  return indexFile.replace(/(\.json)?$/, '.summaries.json');
}

export function encodeSummaryCache(identity: CacheIdentity, summaries: readonly SessionSummary[]): string {
  return JSON.stringify({ version: CACHE_VERSION, ...identity, summaries });
}

const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isText = (v: unknown) => typeof v === 'string';

/** The fields every view reads, checked; anything else a summary holds is optional for them. */
function isSummary(v: unknown): v is SessionSummary {
  if (!isRecord(v) || !isSessionKey(v.key)) return false;
  if (![v.id, v.source, v.label, v.title, v.model, v.gaugeText].every(isText) || !isNumber(v.lastActivity))
    return false;
  if (!Array.isArray(v.tooltip) || !v.tooltip.every(isText)) return false;
  const c = v.context;
  if (!isRecord(c) || !isNumber(c.used) || typeof c.measured !== 'boolean' || !isText(c.level)) return false;
  if (c.window !== undefined && !isNumber(c.window)) return false;
  if (parseSessionKey(v.key)?.source !== v.source) return false;
  if (v.cwd !== undefined && !isText(v.cwd)) return false;
  if (v.compactions !== undefined && !(isRecord(v.compactions) && isNumber(v.compactions.count))) return false;
  if (v.totals !== undefined && !isTotals(v.totals)) return false;
  return v.path === undefined || isText(v.path);
}

const isBreakdown = (b: unknown) =>
  isRecord(b) && [b.input, b.output, b.cacheCreation, b.cacheRead, b.total].every(isNumber);
const isTotals = (t: unknown) =>
  isRecord(t) && isBreakdown(t.main) && isBreakdown(t.subagents) && (t.costUsd === undefined || isNumber(t.costUsd));

export type SummaryRead = { summaries: SessionSummary[] } | { discarded: string } | { missing: true };

/** The saved summaries, if the file fits this machine, roots and scope and every one is well-formed. */
export async function readSummaryCache(file: string, expected: CacheIdentity): Promise<SummaryRead> {
  let text: string;
  try {
    const handle = await fs.promises.open(file, 'r');
    try {
      const size = (await handle.stat()).size;
      if (size > MAX_BYTES) return { discarded: `it is ${size} bytes, more than saved summaries can be` };
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { missing: true };
    return { discarded: `it cannot be read (${error instanceof Error ? error.message : String(error)})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { discarded: text.trim() ? 'it is not valid JSON (cut short or damaged)' : 'it is empty' };
  }
  if (!isRecord(value)) return { discarded: 'it is not a list of summaries' };
  const foreign = identityProblem(value, expected);
  // another scope's summaries are expected after a change of scope: not worth a line, just not shown
  if (foreign) return foreign === OTHER_FOLDERS ? { missing: true } : { discarded: foreign };
  const { summaries } = value;
  if (!Array.isArray(summaries)) return { discarded: 'it has no summaries' };
  const bad = summaries.findIndex((s) => !isSummary(s));
  if (bad >= 0) return { discarded: `summary ${bad} is malformed` };
  return { summaries: summaries as SessionSummary[] };
}
