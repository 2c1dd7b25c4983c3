import type { ChatRequest, ModelClient, ModelStreamEvent } from '../../src/core/ports';

/** An in-memory ModelClient double: yields scripted events, or throws the scripted error after them. */
export function scriptedClient(
  script: Array<ModelStreamEvent | Error>,
  onRequest?: (r: ChatRequest) => void,
): ModelClient {
  return {
    async *stream(request) {
      onRequest?.(request);
      for (const step of script) {
        if (step instanceof Error) throw step;
        if (request.signal.aborted) {
          const abort = new Error('aborted');
          abort.name = 'AbortError';
          throw abort;
        }
        yield step;
      }
    },
  };
}
