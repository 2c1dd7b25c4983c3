/**
 * One complete line of a transcript file, as the reader hands it over. Transcript lines are large
 * (file contents, tool output) and only a few of their bytes matter, so the reader does not decode
 * them as UTF-8: `text` has one character per byte (ASCII exactly, every other byte as a stand-in),
 * which keeps the needle search cheap and byte offsets easy. `text` may be the whole window of
 * the file the line was read in (decoded once for all its lines); the line is `text[start, end)`.
 * A fold that wants the line's values decodes it properly with `utf8` (and JSON.parses that).
 * A line is valid only during the call it is handed to: keep decoded values, never `text` or slices of it.
 */
export interface TranscriptLine {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** The bytes [start, end) of `text` (indices into `text`) decoded as UTF-8, as a new string. */
  utf8(start: number, end: number): string;
  /** Where the line starts in its file: unique within the file. */
  readonly offset: number;
}

/** The running fold of one transcript file, fed its complete lines in order. */
export interface TranscriptFold {
  /**
   * ASCII strings of which a line must hold at least one to matter now (the reader skips the others
   * without decoding them). May change after any line; the reader asks again after each and compares
   * by identity, so a change must return another array (never mutate one handed out).
   */
  needles(): readonly string[];
  /** `matched`: bit k is set when the line holds `needles()[k]` (the needles asked for just before it). */
  applyLine(line: TranscriptLine, matched: number): void;
}

/** A line made from a JavaScript string (tests, first lines): its UTF-8 bytes, one character per byte. */
export function stringLine(value: string, offset = 0): TranscriptLine {
  const bytes = new TextEncoder().encode(value);
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return {
    text,
    start: 0,
    end: text.length,
    offset,
    utf8: (start, end) => new TextDecoder().decode(bytes.subarray(start, end)),
  };
}
