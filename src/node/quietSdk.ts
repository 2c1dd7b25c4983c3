/**
 * Keeps the `openai` SDK (v6) from printing model output. Its chat stream reports a line that is not
 * JSON through the client's logger (`logLevel: 'off'` plus `quietLogger` silence it), but a line that
 * follows an SSE `event: thread.*` field is printed with `console.error` directly. Chat Completions
 * never names its events, so `unnamedEvents` removes `event:` fields from a stream's body: every line
 * then takes the logger's path.
 */
const noop = (): void => undefined;
export const quietLogger = { error: noop, warn: noop, info: noop, debug: noop };

export function unnamedEvents(inner: typeof fetch): typeof fetch {
  return async (input, init) => {
    const response = await inner(input, init);
    if (!response.body || !/text\/event-stream/i.test(response.headers.get('content-type') ?? '')) return response;
    const body = response.body
      .pipeThrough(new TextDecoderStream())
      .pipeThrough(withoutEventFields())
      .pipeThrough(new TextEncoderStream());
    return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** Passes every line through unchanged except `event:` field lines (and their line ending). */
export function withoutEventFields(): TransformStream<string, string> {
  let carry = ''; // the start of a line not yet ended
  let swallowLf = false; // a dropped line ended in '\r' at a chunk's end: its '\n' may follow
  const pass = (text: string, controller: TransformStreamDefaultController<string>, final: boolean) => {
    if (!text) return;
    if (swallowLf && text.startsWith('\n')) text = text.slice(1);
    swallowLf = false;
    let out = '';
    let start = 0;
    const lineEnd = /\r\n|\r|\n/g;
    for (let m = lineEnd.exec(text); m; m = lineEnd.exec(text)) {
      const line = text.slice(start, m.index);
      const end = m.index + m[0].length;
      if (!isEventField(line)) out += text.slice(start, end);
      else if (m[0] === '\r' && end === text.length) swallowLf = true;
      start = end;
    }
    carry = text.slice(start);
    if (final && carry && !isEventField(carry)) out += carry;
    if (out) controller.enqueue(out);
  };
  return new TransformStream<string, string>({
    transform: (chunk, controller) => pass(carry + chunk, controller, false),
    flush: (controller) => pass(carry, controller, true),
  });
}

function isEventField(line: string): boolean {
  return line === 'event' || line.startsWith('event:');
}
