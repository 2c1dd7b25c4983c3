import type { EndpointFacts } from './endpointFacts';
import { endpointWindow, isRecord, sameModel, tokenCount } from './endpointFacts';

/**
 * LM Studio's `GET /api/v0/models/<id>`: `max_context_length` is the most the model supports;
 * `loaded_context_length` (while `state` is "loaded") is what the loaded instance was given, and is
 * what a request may fill. The loaded length wins when present.
 */
export function readLmStudioModel(body: unknown, model: string): EndpointFacts {
  if (!isRecord(body) || (body.id !== undefined && !sameModel(body.id, model))) return {};
  const loaded = body.state === 'loaded' ? tokenCount(body.loaded_context_length) : undefined;
  if (loaded !== undefined) return { window: endpointWindow(loaded, 'LM Studio loaded_context_length') };
  const max = tokenCount(body.max_context_length);
  return max === undefined ? {} : { window: endpointWindow(max, 'LM Studio max_context_length') };
}
