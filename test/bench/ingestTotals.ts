import * as path from 'path';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import type { Layout } from '../support/transcriptLayout';
import { totalOf } from './ingestChild';

/** Per-session totals keyed the way ccusage names sessions: Claude by file uuid, Codex by path under sessions/. */
export function ourSessionTotals(layout: Layout, summaries: readonly SessionSummary[]): Map<string, number> {
  const byName = new Map<string, number>();
  for (const s of summaries) {
    const file = s.path ?? '';
    const name =
      s.source === 'claude-code'
        ? `claude:${path.basename(file, '.jsonl')}`
        : `codex:${path.relative(path.join(layout.codexHome, 'sessions'), file).replace(/\.jsonl$/, '')}`;
    byName.set(name, totalOf(s));
  }
  return byName;
}

export function differences(ours: ReadonlyMap<string, number>, theirs: ReadonlyMap<string, number>): number {
  let differ = 0;
  for (const name of new Set([...ours.keys(), ...theirs.keys()]))
    if ((ours.get(name) ?? 0) !== (theirs.get(name) ?? 0)) differ++;
  return differ;
}
