import type { Exhaust } from './exhaust';
import { linesOf, READ_LINES } from './exhaust';
import { formatCount } from './gaugeFormat';
import type { SessionState } from './session';
import type { KeptOutput } from './sessionEvents';
import { redactSecrets } from './transcripts/redact';

/** The outputs this session kept on disk, by the id `read_tool_output` takes. */
export function keptOutputs(state: SessionState): Map<string, KeptOutput> {
  const kept = new Map<string, KeptOutput>();
  for (const turn of state.turns)
    for (const item of turn.items)
      if ((item.kind === 'tool' || item.kind === 'validation') && item.kept) kept.set(item.kept.id, item.kept);
  return kept;
}

export interface ReadRange {
  id: string;
  startLine?: number;
  endLine?: number;
}

/**
 * `read_tool_output`: a range of lines of an output this session kept, within the threshold (a line longer
 * than it is cut, and the result says so). Only ids of this session's kept outputs are read: the file name
 * comes from the log, never from the model.
 */
export async function readToolOutput(
  state: SessionState,
  exhaust: Exhaust | undefined,
  range: ReadRange,
): Promise<{ ok: boolean; output: string }> {
  const kept = keptOutputs(state);
  const entry = kept.get(range.id);
  if (!exhaust || !entry) {
    const ids = [...kept.keys()];
    const known = ids.length ? `the kept ones are ${ids.join(', ')}` : 'this session has kept none';
    return { ok: false, output: `No output with id "${range.id}" is kept (${known}).` };
  }
  let text: string;
  try {
    text = await exhaust.store.read(entry.file);
  } catch (error) {
    return { ok: false, output: `The kept output of ${entry.id} could not be read: ${messageOf(error)}` };
  }
  const lines = linesOf(text);
  const start = range.startLine ?? 1;
  if (start > lines.length)
    return { ok: false, output: `The output of ${entry.id} has ${formatCount(lines.length)} lines; ask within them.` };
  const end = Math.min(range.endLine ?? start + READ_LINES - 1, lines.length);
  if (end < start) return { ok: false, output: `endLine (${end}) is before startLine (${start}).` };
  // the file was redacted when kept; again on the way back, in case it was changed since
  return { ok: true, output: redactSecrets(linesWithin(lines, start, end, exhaust.threshold, entry.id)) };
}

function linesWithin(lines: string[], start: number, end: number, budget: number, id: string): string {
  const shown: string[] = [];
  let chars = 0;
  let last = start - 1;
  let cutLine = false;
  for (let n = start; n <= end; n++) {
    const line = lines[n - 1];
    if (chars + line.length + 1 > budget) {
      if (shown.length === 0) {
        shown.push(`${line.slice(0, budget)}…`);
        last = n;
        cutLine = true;
      }
      break;
    }
    shown.push(line);
    chars += line.length + 1;
    last = n;
  }
  const total = formatCount(lines.length);
  const head = `Lines ${formatCount(start)}–${formatCount(last)} of ${total} of the output of ${id}:`;
  const notes: string[] = [];
  if (cutLine) notes.push(`[line ${formatCount(last)} is longer than ${formatCount(budget)} characters: cut]`);
  if (last < end) notes.push(`[… stopped at ${formatCount(budget)} characters; continue with startLine ${last + 1}]`);
  return [head, ...shown, ...notes].join('\n');
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
