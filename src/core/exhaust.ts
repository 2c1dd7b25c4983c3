import { formatCount } from './gaugeFormat';
import type { KeptOutput } from './sessionEvents';
import type { ToolOutputStore } from './tools/toolPorts';

/**
 * Exhaust control: a tool output longer than the threshold (characters) does not go into the context whole.
 * It is kept on disk (already redacted) and the model gets its head and tail with a marker naming the
 * hidden lines and how to read them (`read_tool_output`). The tail gets the larger share: build logs end
 * with the error.
 */
export interface Exhaust {
  /** Characters of one tool output the model reads at most. */
  threshold: number;
  store: ToolOutputStore;
}

const HEAD_SHARE = 0.3;
/** Lines one read_tool_output returns when the call names no end. */
export const READ_LINES = 200;

export interface ShownOutput {
  output: string;
  kept?: KeptOutput;
}

/** What the model reads of `text` (redacted), keeping the whole of it when it is over the threshold. */
export async function controlExhaust(exhaust: Exhaust | undefined, id: string, text: string): Promise<ShownOutput> {
  if (!exhaust || text.length <= exhaust.threshold) return { output: text };
  const lines = linesOf(text);
  try {
    const file = await exhaust.store.keep(id, text);
    const kept: KeptOutput = { id, file, chars: text.length, lines: lines.length };
    return { output: headAndTail(lines, exhaust.threshold, (hidden) => readHint(id, hidden)), kept };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { output: headAndTail(lines, exhaust.threshold, () => `The whole output could not be kept (${why}).`) };
  }
}

/** Lines without their line ends; a last empty line after the final newline is not a line. */
export function linesOf(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

interface Hidden {
  from: number;
  to: number;
  total: number;
  chars: number;
}

function readHint(id: string, hidden: Hidden): string {
  const end = Math.min(hidden.to, hidden.from + READ_LINES - 1);
  const call = JSON.stringify({ id, startLine: hidden.from, endLine: end });
  return `The whole output is kept: read_tool_output ${call} returns a range of its lines.`;
}

/**
 * The first and last lines that fit the threshold, a marker between naming what is hidden, and after it the
 * hidden lines that look like errors (a build's error is not always at its end), taken from the tail's share.
 */
function headAndTail(lines: string[], threshold: number, after: (hidden: Hidden) => string): string {
  const headBudget = Math.floor(threshold * HEAD_SHARE);
  const head = fit(lines, headBudget, 1);
  const rest = lines.slice(head.whole);
  let tail = fit(rest, threshold - head.chars, -1);
  let errors = errorLines(lines, head.whole, lines.length - tail.whole, Math.floor(threshold * ERROR_SHARE));
  if (errors.chars) {
    tail = fit(rest, threshold - head.chars - errors.chars, -1);
    errors = errorLines(lines, head.whole, lines.length - tail.whole, errors.chars);
  }
  const from = head.whole + 1;
  const to = lines.length - tail.whole;
  let chars = 0;
  for (let i = from - 1; i < to; i++) chars += lines[i].length + 1;
  const hidden = { from, to, total: lines.length, chars };
  const marker =
    `[… lines ${formatCount(from)}–${formatCount(to)} of ${formatCount(lines.length)} ` +
    `(${formatCount(chars)} characters) not shown. ${after(hidden)}]`;
  return [...head.shown, marker, ...errors.shown, ...tail.shown].join('\n');
}

/** A line a reader scanning a log for what went wrong would stop at. */
const ERRORISH = /\b(?:errors?|fail(?:s|ed|ure|ing)?|exception|panic(?:ked)?|fatal|traceback|not ok)\b|[✗✘✖]/i;
const ERROR_SHARE = 0.2;
const ERROR_LINES = 10;
const ERROR_COLUMNS = 300;

/** Up to ten hidden lines (indexes `from` to `to`, exclusive) that look like errors, within `budget` characters. */
function errorLines(lines: string[], from: number, to: number, budget: number): { shown: string[]; chars: number } {
  const shown: string[] = [];
  let chars = 0;
  for (let i = from; i < to && shown.length < ERROR_LINES; i++) {
    if (!ERRORISH.test(lines[i])) continue;
    const text = lines[i].length > ERROR_COLUMNS ? `${lines[i].slice(0, ERROR_COLUMNS)}…` : lines[i];
    const line = `  ↳ hidden line ${formatCount(i + 1)}: ${text}`;
    if (chars + line.length + 1 > budget) break;
    shown.push(line);
    chars += line.length + 1;
  }
  return { shown, chars };
}

/**
 * Whole lines from the start (`step` 1) or the end (-1) within `budget` characters; when not even one fits,
 * a piece of that line (it stays among the hidden lines).
 */
function fit(lines: string[], budget: number, step: 1 | -1): { shown: string[]; whole: number; chars: number } {
  const shown: string[] = [];
  let chars = 0;
  for (let k = 0; k < lines.length; k++) {
    const line = lines[step === 1 ? k : lines.length - 1 - k];
    if (chars + line.length + 1 > budget) {
      if (k === 0 && budget > 1) {
        const piece = step === 1 ? `${line.slice(0, budget - 1)}…` : `…${line.slice(line.length - budget + 1)}`;
        return { shown: [piece], whole: 0, chars: piece.length };
      }
      break;
    }
    chars += line.length + 1;
    if (step === 1) shown.push(line);
    else shown.unshift(line);
  }
  return { shown, whole: shown.length, chars };
}
