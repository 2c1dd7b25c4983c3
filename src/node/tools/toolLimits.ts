/** The caps of the file tools: what one result may hold, so one call cannot flood the model's context. */
export const TOOL_LIMITS = {
  /** Characters of file text one read_file returns; past it the result says where to continue. */
  readChars: 50_000,
  /** A file larger than this is not read at all (a log, a dump): search it instead. */
  fileBytes: 8 * 1024 * 1024,
  /** Bytes looked at for a NUL to call a file binary (as git does). */
  binarySniffBytes: 8000,
  listEntries: 1000,
  foundFiles: 1000,
  /** Characters of search_text output, and of each matching line. */
  searchChars: 40_000,
  searchColumns: 400,
  /** Characters of a unified diff kept for the transcript. */
  diffChars: 64 * 1024,
  /** A file's text before an edit is kept for Open Diff up to this many characters. */
  beforeChars: 256 * 1024,
  searchTimeoutMs: 30_000,
} as const;

/** Cuts text to `max` characters with a marker that says what was cut. */
export function capText(text: string, max: number, what = 'characters'): { text: string; cut: boolean } {
  if (text.length <= max) return { text, cut: false };
  return { text: `${text.slice(0, max)}\n… [${text.length - max} more ${what} cut]`, cut: true };
}
