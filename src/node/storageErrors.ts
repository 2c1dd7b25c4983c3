import { errorCode } from './storeFs';

const MESSAGES: Record<string, string> = {
  ENOSPC: 'Disk full: the last reply was not saved. Free some space and resend.',
  EDQUOT: 'Disk quota exceeded: the last reply was not saved. Free some space (or raise the quota) and resend.',
  EFBIG:
    'File too large: the session log reached the file-size limit (ulimit -f), so the last reply was not saved. ' +
    'Raise the limit and resend, or continue in a new session.',
  EIO: 'Disk error (EIO): the last reply was not saved. Check the disk, then resend.',
  EROFS: 'The storage folder became read-only (EROFS): the last reply was not saved. Make it writable and resend.',
  SHORT: 'The disk accepted only part of the last reply, so it was not saved. Resend.',
};

/** A failed append, with a message meant for the user; `code` is the system error code (or SHORT). */
export class LogWriteError extends Error {
  constructor(
    message: string,
    readonly code: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'LogWriteError';
  }
}

/** Classifies a failed write or fsync of a session log into plain words. */
export function classifyWriteError(error: unknown): LogWriteError {
  const code = errorCode(error) ?? 'UNKNOWN';
  const known = MESSAGES[code];
  const detail = error instanceof Error ? error.message : String(error);
  const message = known ?? `Could not write the session log (${code}: ${detail}); the last reply was not saved.`;
  return new LogWriteError(message, code, error);
}

/** The writer could not cut a failed write back off the log, so it refuses every further append. */
export function brokenLogError(cause: unknown, first: LogWriteError): LogWriteError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new LogWriteError(
    `${first.message} The log could not be repaired after the failed write (${detail}), so nothing more is saved to it; ` +
      'reload the window to recover it.',
    first.code,
    cause,
  );
}

export const shortWrite = (): Error => Object.assign(new Error('the write made no progress'), { code: 'SHORT' });
