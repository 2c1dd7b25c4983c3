import { ModelError } from '../core/ports';

/** A models list of a busy router runs to a few MB (OpenRouter: ~2 MB); more than this is refused unread. */
export const MAX_INFO_BYTES = 8 * 1024 * 1024;

/**
 * GETs (or POSTs) one model-info route and parses its JSON, never throwing: a failure becomes a short note
 * for the one log line ("GET /props: HTTP 404"). Paths only: the query and the key never reach a note.
 */
export type JsonProbe = (url: string, post?: unknown) => Promise<{ body: unknown; headers: Headers } | undefined>;

export interface JsonProbeOptions {
  fetch: typeof fetch;
  apiKey?: string;
  signal: AbortSignal;
  timeoutMs: number;
  notes: string[];
}

export function jsonProbe(options: JsonProbeOptions): JsonProbe {
  return async (url, post) => {
    const what = `${post === undefined ? 'GET' : 'POST'} ${new URL(url).pathname}`;
    if (options.signal.aborted) return undefined; // out of time: the note was written when it ran out
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.apiKey) headers.authorization = `Bearer ${options.apiKey}`;
    if (post !== undefined) headers['content-type'] = 'application/json';
    try {
      const response = await options.fetch(url, {
        method: post === undefined ? 'GET' : 'POST',
        headers,
        body: post === undefined ? undefined : JSON.stringify(post),
        signal: options.signal,
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        options.notes.push(`${what}: HTTP ${response.status}`);
        return undefined;
      }
      const text = await readLimited(response, MAX_INFO_BYTES);
      if (text === undefined) {
        options.notes.push(`${what}: larger than ${MAX_INFO_BYTES / 1024 / 1024} MB`);
        return undefined;
      }
      try {
        return { body: JSON.parse(text) as unknown, headers: response.headers };
      } catch {
        options.notes.push(`${what}: not JSON`);
        return undefined;
      }
    } catch (error) {
      if (options.signal.aborted) options.notes.push(`${what}: no answer within ${options.timeoutMs / 1000} s`);
      else if (error instanceof ModelError) options.notes.push(`${what}: ${error.message}`);
      else options.notes.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
}

/** The body as text, or undefined once it passes `max` bytes (declared or counted). */
async function readLimited(response: Response, max: number): Promise<string | undefined> {
  if (Number(response.headers.get('content-length')) > max) {
    await response.body?.cancel().catch(() => undefined);
    return undefined;
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      return undefined;
    }
    chunks.push(Buffer.from(value));
  }
  return Buffer.concat(chunks).toString('utf8');
}
