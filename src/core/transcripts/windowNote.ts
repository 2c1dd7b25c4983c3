/** What a capped read of a transcript left out, as the reader reports it. */
export interface WindowExtent {
  /** Bytes before the first line shown (never read, except the tail of the line cut by the window). */
  skippedBytes: number;
  /** The file's size when it was opened. */
  size: number;
  capBytes: number;
  /** The window held no complete line: the last line alone is longer than the cap. */
  noLineInWindow: boolean;
}

export const OPEN_RAW_HINT = 'Run "Agent Sessions: Open Raw Transcript File" to open the whole file.';

/** 1234567890 -> "1.2 GB" (decimal units, as file managers show sizes). */
export function formatBytes(bytes: number): string {
  const units: Array<[number, string]> = [
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${(bytes / size).toFixed(1).replace(/\.0$/, '')} ${unit}`;
  }
  return `${bytes} bytes`;
}

/** The note at the top of a transcript document read through a window, or none when it shows everything. */
export function windowNotes(extent: WindowExtent): string[] {
  if (extent.skippedBytes <= 0) return [];
  if (extent.noLineInWindow) {
    const cap = formatBytes(extent.capBytes);
    const all = formatBytes(extent.skippedBytes);
    return [
      `The last line of this transcript is longer than ${cap} and is not shown, nor anything before it (${all} in all). ${OPEN_RAW_HINT}`,
    ];
  }
  const bytes = extent.skippedBytes.toLocaleString('en-US');
  const first = `The first ${formatBytes(extent.skippedBytes)} (${bytes} bytes) of this transcript are not shown.`;
  return [`${first} ${OPEN_RAW_HINT}`];
}
