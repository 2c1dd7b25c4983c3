/**
 * Finds the values of a few keys of one JSON object, and of objects nested in it, in one walk and
 * without building the rest. Transcript lines are large (file contents, tool output) and the usage
 * record is small: skipping the big strings with `indexOf` instead of materialising them, and matching
 * keys without allocating them, is what makes cold ingest fast.
 * Returns undefined when the text is not a well-formed object at the levels walked; the caller then
 * counts the line as unreadable. Values inside skipped parts are never looked at.
 */

import { count } from './tokenTotals';
import type { TranscriptLine } from './transcriptLine';

/** [start, end) of a value's raw JSON text. */
export type Span = readonly [number, number];

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COMMA = 44;
const COLON = 58;

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

function skipSpace(text: string, i: number, end: number): number {
  while (i < end && isSpace(text.charCodeAt(i))) i++;
  return i;
}

/** i is at an opening quote; returns the index after the closing one, or -1. */
export function skipString(text: string, i: number, end: number): number {
  let from = i + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0 || q >= end) return -1;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

function skipNested(text: string, i: number, end: number): number {
  let depth = 0;
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      i = skipString(text, i, end);
      if (i < 0) return -1;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  return -1;
}

function skipValue(text: string, i: number, end: number): number {
  const c = text.charCodeAt(i);
  if (c === QUOTE) return skipString(text, i, end);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return skipNested(text, i, end);
  let j = i;
  while (j < end) {
    const d = text.charCodeAt(j);
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) break;
    j++;
  }
  return j > i ? j : -1;
}

/**
 * The keys wanted of one object, and the specs of the objects nested under some of its keys (those
 * are walked in the same pass; their own span is recorded too). Built once, used for every line.
 */
export class KeySpec {
  readonly nested: ReadonlyMap<string, KeySpec>;
  private readonly byLength: string[][] = [];

  constructor(keys: readonly string[], nested: Readonly<Record<string, KeySpec>> = {}) {
    this.nested = new Map(Object.entries(nested));
    for (const key of [...keys, ...this.nested.keys()]) (this.byLength[key.length] ??= []).push(key);
  }

  /** The wanted key whose raw text is text[start, end), if any, compared in place (nothing allocated). */
  keyAt(text: string, start: number, end: number): string | undefined {
    const candidates = this.byLength[end - start];
    if (candidates) for (const key of candidates) if (text.startsWith(key, start)) return key;
    return undefined;
  }
}

export interface Scan {
  spans: Map<string, Span>;
  /** The scans of the nested objects the spec names (present only when the value was an object). */
  nested: Map<string, Scan>;
  /** The walk ended early at `stop`'s request: keys after that point were not looked at. */
  stopped: boolean;
}

/** Called for each wanted key of the outer object as it is found; true ends the walk there. */
export type StopAt = (key: string, span: Span) => boolean;

const STOPPED = -2;

const newScan = (): Scan => ({ spans: new Map(), nested: new Map(), stopped: false });

/** Walks the members of the object at `start`; the index after its closing brace, -1 if malformed, or STOPPED. */
function walkMembers(text: string, start: number, end: number, spec: KeySpec, into: Scan, stop?: StopAt): number {
  let i = skipSpace(text, start, end);
  if (text.charCodeAt(i) !== OPEN_BRACE) return -1;
  i = skipSpace(text, i + 1, end);
  if (text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return -1;
    const keyEnd = skipString(text, i, end);
    if (keyEnd < 0) return -1;
    const key = spec.keyAt(text, i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd, end);
    if (text.charCodeAt(i) !== COLON) return -1;
    i = skipSpace(text, i + 1, end);
    const inner = key === undefined ? undefined : spec.nested.get(key);
    let valueEnd: number;
    if (inner && text.charCodeAt(i) === OPEN_BRACE) {
      const nested = newScan();
      valueEnd = walkMembers(text, i, end, inner, nested);
      if (valueEnd >= 0) into.nested.set(key as string, nested);
    } else valueEnd = skipValue(text, i, end);
    if (valueEnd < 0) return -1;
    if (key !== undefined) {
      const span: Span = [i, valueEnd];
      into.spans.set(key, span);
      if (stop?.(key, span)) return STOPPED;
    }
    i = skipSpace(text, valueEnd, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return i + 1;
    if (c !== COMMA) return -1;
    i = skipSpace(text, i + 1, end);
  }
}

/**
 * The spans of the spec's keys in the object spanning [start, end), and of the keys of the nested
 * objects it names, in one walk. Later duplicates win. Undefined if malformed (unless stopped first).
 */
export function scan(text: string, spec: KeySpec, stop?: StopAt, start = 0, end = text.length): Scan | undefined {
  const result = newScan();
  const at = walkMembers(text, start, end, spec, result, stop);
  if (at === STOPPED) result.stopped = true;
  else if (at < 0) return undefined;
  return result;
}

/** Whether the value at a span is the JSON string `"value"` (ASCII, no escapes), without decoding it. */
export function isString(text: string, span: Span | undefined, value: string): boolean {
  return span !== undefined && span[1] - span[0] === value.length + 2 && text.charCodeAt(span[0]) === QUOTE && text.startsWith(value, span[0] + 1);
}

/** Whether the value at a span is the literal `true`. */
export function isTrue(text: string, span: Span | undefined): boolean {
  return span !== undefined && span[1] - span[0] === 4 && text.startsWith('true', span[0]);
}

/** A token count at a span: a plain integer read in place, anything else through Number; not a non-negative number -> 0. */
export function numberAt(text: string, span: Span | undefined): number {
  if (!span || span[1] <= span[0]) return 0;
  let n = 0;
  for (let i = span[0]; i < span[1]; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return count(Number(text.slice(span[0], span[1])));
    n = n * 10 + digit;
  }
  return n;
}

/** The value at a span as a string decoded from the line's UTF-8 bytes, when it is a JSON string. */
export function stringAt(line: TranscriptLine, span: Span | undefined): string | undefined {
  if (!span || line.text.charCodeAt(span[0]) !== QUOTE) return undefined;
  const backslash = line.text.indexOf('\\', span[0]);
  if (backslash < 0 || backslash >= span[1]) return line.utf8(span[0] + 1, span[1] - 1);
  try {
    return JSON.parse(line.utf8(span[0], span[1])) as string;
  } catch {
    return undefined;
  }
}
