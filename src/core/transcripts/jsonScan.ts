/**
 * Finds the values of a few keys at the top level of one JSON object without building the rest of it.
 * Transcript lines are large (file contents, tool output) and the usage record is small: skipping the
 * big strings with `indexOf` instead of materialising them is what makes cold ingest fast.
 * Returns undefined when the text is not a well-formed object at the level walked; the caller then
 * counts the line as unreadable. Values inside skipped parts are never looked at.
 */

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

/** The spans of the wanted keys' values in the object spanning [start, end). Later duplicates win. */
export function scanObject(text: string, wanted: ReadonlySet<string>, start = 0, end = text.length): Map<string, Span> | undefined {
  const found = new Map<string, Span>();
  let i = skipSpace(text, start, end);
  if (text.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipSpace(text, i + 1, end);
  if (text.charCodeAt(i) === CLOSE_BRACE) return found;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = skipString(text, i, end);
    if (keyEnd < 0) return undefined;
    const rawKey = text.slice(i + 1, keyEnd - 1);
    i = skipSpace(text, keyEnd, end);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i = skipSpace(text, i + 1, end);
    const valueEnd = skipValue(text, i, end);
    if (valueEnd < 0) return undefined;
    if (wanted.has(rawKey)) found.set(rawKey, [i, valueEnd]);
    i = skipSpace(text, valueEnd, end);
    const c = text.charCodeAt(i);
    if (c === CLOSE_BRACE) return found;
    if (c !== COMMA) return undefined;
    i = skipSpace(text, i + 1, end);
  }
}

/** The value at a span as a string, when it is a JSON string. */
export function stringAt(text: string, span: Span | undefined): string | undefined {
  if (!span || text.charCodeAt(span[0]) !== QUOTE) return undefined;
  const raw = text.slice(span[0] + 1, span[1] - 1);
  if (raw.indexOf('\\') < 0) return raw;
  try {
    return JSON.parse(text.slice(span[0], span[1])) as string;
  } catch {
    return undefined;
  }
}

/** The value at a span parsed as JSON (for small values only), or undefined. */
export function valueAt(text: string, span: Span | undefined): unknown {
  if (!span) return undefined;
  try {
    return JSON.parse(text.slice(span[0], span[1])) as unknown;
  } catch {
    return undefined;
  }
}
