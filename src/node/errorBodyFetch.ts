/**
 * Some OpenAI-compatible servers (vLLM, some proxies) answer errors with a top-level
 * `{ "message": ..., "type": ... }` instead of OpenAI's `{ "error": { ... } }`; the SDK then drops the
 * message. This fetch wrapper rewrites such error bodies into OpenAI's shape so the words survive.
 */
export function errorBodyFetch(inner: typeof fetch = fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.ok) return response;
    const text = await response.text();
    let body = text;
    try {
      const parsed = JSON.parse(text) as unknown;
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed) && !('error' in parsed))
        body = JSON.stringify({ error: parsed });
      else if (typeof parsed === 'string') body = JSON.stringify({ error: { message: parsed } });
    } catch {
      if (text.trim()) body = JSON.stringify({ error: { message: text.trim().slice(0, 2000) } });
    }
    const headers = new Headers(response.headers);
    headers.set('content-type', 'application/json');
    headers.delete('content-length');
    headers.delete('content-encoding');
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
}
