/**
 * Finds the values of a few keys of one JSON object, and of objects nested in it, in one walk and
 * without building the rest. Transcript lines are large (file contents, tool output) and the usage
 * record is small: skipping the big strings with `indexOf` instead of materialising them, matching
 * keys in place and reusing one result per spec (nothing is allocated per line) is what makes cold
 * ingest fast. A walk that meets text that is not well-formed fails; the caller then counts the line
 * as unreadable. Values inside skipped parts are never looked at.
 */

import { CLOSE_BRACE, COLON, COMMA, OPEN_BRACE, QUOTE, skipSpace, skipString, skipValue } from './jsonSkip';
import { count } from './tokenTotals';
import type { TranscriptLine } from './transcriptLine';

/**
 * The keys wanted of one object, and the specs of the objects nested under some of them (walked in
 * the same pass; their own span is recorded too). Built once per format; owns the one reusable `Scan`
 * its walks fill, so a result is valid until the next walk with the same spec.
 */
export class KeySpec {
  readonly keys: readonly string[];
  readonly children: ReadonlyArray<KeySpec | undefined>;
  readonly result: Scan;
  private readonly indexOf = new Map<string, number>();
  private readonly byLength: Array<Array<[string, number]>> = [];

  constructor(keys: readonly string[], nested: Readonly<Record<string, KeySpec>> = {}) {
    this.keys = [...keys, ...Object.keys(nested)];
    this.children = this.keys.map((k) => nested[k]);
    this.keys.forEach((key, k) => {
      this.indexOf.set(key, k);
      (this.byLength[key.length] ??= []).push([key, k]);
    });
    this.result = new Scan(this);
  }

  /** The index of the wanted key whose raw text is text[start, end), or -1; compared in place. */
  keyAt(text: string, start: number, end: number): number {
    const candidates = this.byLength[end - start];
    if (candidates) for (const [key, k] of candidates) if (text.startsWith(key, start)) return k;
    return -1;
  }

  index(key: string): number {
    return this.indexOf.get(key) ?? -1;
  }
}

/** What one walk found: for each wanted key present, its value's [start, end); nested objects' scans. */
export class Scan {
  /** The walk ended early at `stop`'s request: keys after that point were not looked at. */
  stopped = false;
  private generation = 1;
  private readonly seen: Uint32Array;
  private readonly walked: Uint32Array;
  private readonly starts: Int32Array;
  private readonly ends: Int32Array;
  private readonly children: ReadonlyArray<Scan | undefined>;

  constructor(private readonly spec: KeySpec) {
    const n = spec.keys.length;
    this.seen = new Uint32Array(n);
    this.walked = new Uint32Array(n);
    this.starts = new Int32Array(n);
    this.ends = new Int32Array(n);
    this.children = spec.children.map((c) => (c ? new Scan(c) : undefined));
  }

  has(key: string): boolean {
    const k = this.spec.index(key);
    return k >= 0 && this.seen[k] === this.generation;
  }

  /** Start of the key's value, or -1 when the key is absent. */
  start(key: string): number {
    const k = this.spec.index(key);
    return k >= 0 && this.seen[k] === this.generation ? this.starts[k] : -1;
  }

  end(key: string): number {
    const k = this.spec.index(key);
    return k >= 0 && this.seen[k] === this.generation ? this.ends[k] : -1;
  }

  /** The scan of the object under `key`, when the spec nests one there and the value was an object. */
  child(key: string): Scan | undefined {
    const k = this.spec.index(key);
    return k >= 0 && this.walked[k] === this.generation ? this.children[k] : undefined;
  }

  /** Begins a walk: forgets the last one in O(1). */
  reset(): void {
    this.generation = (this.generation + 1) >>> 0 || 1;
    this.stopped = false;
  }

  record(k: number, start: number, end: number): void {
    this.seen[k] = this.generation;
    this.starts[k] = start;
    this.ends[k] = end;
  }

  /** The child scan to walk the object under key index k with (reset), or undefined if k nests none. */
  childFor(k: number): Scan | undefined {
    const child = this.children[k];
    child?.reset();
    return child;
  }

  markWalked(k: number, walked: boolean): void {
    this.walked[k] = walked ? this.generation : 0;
  }

  keyName(k: number): string {
    return this.spec.keys[k];
  }
}

/** Called for each wanted key of the outer object as it is found; true ends the walk there. */
export type StopAt = (key: string, start: number, end: number) => boolean;

const STOPPED = -2;

/** Walks the members of the object at `start`; the index after its closing brace, -1 if malformed, or STOPPED. */
function walkMembers(text: string, start: number, end: number, into: Scan, spec: KeySpec, stop?: StopAt): number {
  let i = skipSpace(text, start, end);
  if (i >= end || text.charCodeAt(i) !== OPEN_BRACE) return -1;
  i = skipSpace(text, i + 1, end);
  if (i < end && text.charCodeAt(i) === CLOSE_BRACE) return i + 1;
  for (;;) {
    if (i >= end || text.charCodeAt(i) !== QUOTE) return -1;
    const keyEnd = skipString(text, i, end);
    if (keyEnd < 0) return -1;
    const k = spec.keyAt(text, i + 1, keyEnd - 1);
    // compact JSON (what the agents write) has no spaces around ':' and ','; others take the long way
    if (text.charCodeAt(keyEnd) === COLON) i = keyEnd + 1;
    else {
      i = skipSpace(text, keyEnd, end);
      if (i >= end || text.charCodeAt(i) !== COLON) return -1;
      i++;
    }
    i = skipSpace(text, i, end);
    if (i >= end) return -1;
    const childSpec = k < 0 ? undefined : spec.children[k];
    let valueEnd: number;
    if (childSpec !== undefined && text.charCodeAt(i) === OPEN_BRACE) {
      const child = into.childFor(k) as Scan;
      valueEnd = walkMembers(text, i, end, child, childSpec);
      if (valueEnd >= 0) into.markWalked(k, true);
    } else {
      valueEnd = skipValue(text, i, end);
      // a later duplicate that is not an object hides an earlier one's scan
      if (k >= 0) into.markWalked(k, false);
    }
    if (valueEnd < 0) return -1;
    if (k >= 0) {
      into.record(k, i, valueEnd);
      if (stop !== undefined && stop(into.keyName(k), i, valueEnd)) return STOPPED;
    }
    let c = text.charCodeAt(valueEnd);
    i = valueEnd;
    if (c !== COMMA && c !== CLOSE_BRACE) {
      i = skipSpace(text, valueEnd, end);
      c = text.charCodeAt(i);
    }
    if (i >= end) return -1;
    if (c === CLOSE_BRACE) return i + 1;
    if (c !== COMMA) return -1;
    i = skipSpace(text, i + 1, end);
  }
}

/**
 * Walks the object spanning [start, end) for the spec's keys and the keys of the nested objects it
 * names. Later duplicates win. Returns the spec's reusable result (valid until the next walk with
 * this spec), or undefined if the text is malformed before the walk ended.
 */
export function scan(text: string, spec: KeySpec, stop?: StopAt, start = 0, end = text.length): Scan | undefined {
  const result = spec.result;
  result.reset();
  const at = walkMembers(text, start, end, result, spec, stop);
  if (at === STOPPED) result.stopped = true;
  else if (at < 0) return undefined;
  return result;
}

/** Whether the value under `key` is the JSON string `"value"` (ASCII, no escapes), without decoding it. */
export function isString(text: string, found: Scan | undefined, key: string, value: string): boolean {
  const start = found?.start(key) ?? -1;
  return start >= 0 && spanIsString(text, start, (found as Scan).end(key), value);
}

export function spanIsString(text: string, start: number, end: number, value: string): boolean {
  return end - start === value.length + 2 && text.charCodeAt(start) === QUOTE && text.startsWith(value, start + 1);
}

/** Whether the value under `key` is the literal `true`. */
export function isTrue(text: string, found: Scan | undefined, key: string): boolean {
  const start = found?.start(key) ?? -1;
  return start >= 0 && (found as Scan).end(key) - start === 4 && text.startsWith('true', start);
}

/** A token count under `key`: a plain integer read in place, anything else through Number; not a non-negative number -> 0. */
export function numberAt(text: string, found: Scan | undefined, key: string): number {
  const start = found?.start(key) ?? -1;
  if (start < 0) return 0;
  const end = (found as Scan).end(key);
  let n = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return count(Number(text.slice(start, end)));
    n = n * 10 + digit;
  }
  return end > start ? n : 0;
}

/** The value under `key` as a string decoded from the line's UTF-8 bytes, when it is a JSON string. */
export function stringAt(line: TranscriptLine, found: Scan | undefined, key: string): string | undefined {
  const start = found?.start(key) ?? -1;
  if (start < 0) return undefined;
  return stringIn(line, start, (found as Scan).end(key));
}

/** The JSON string at [start, end) of the line, decoded; undefined if it is not a string. */
export function stringIn(line: TranscriptLine, start: number, end: number): string | undefined {
  if (line.text.charCodeAt(start) !== QUOTE) return undefined;
  const backslash = line.text.indexOf('\\', start);
  if (backslash < 0 || backslash >= end) return line.utf8(start + 1, end - 1);
  try {
    return JSON.parse(line.utf8(start, end)) as string;
  } catch {
    return undefined;
  }
}
