import type { BoundKeyStore } from '../core/boundKeyStore';
import { endpointPolicy } from '../core/endpointPolicy';
import type { ConfirmKeyOrigin } from '../core/keyOrigin';
import { keyNotSentMessage } from '../core/keyOrigin';
import type { ModelClient } from '../core/ports';
import { ModelError } from '../core/ports';
import { createOpenAIClient } from './openaiClient';

export interface EndpointClientDeps {
  /** The base URL the user configured (trimmed), or '' when none. */
  baseUrl: string;
  keys: BoundKeyStore;
  /** Asks before the key goes to an origin it was not entered for. */
  confirm: ConfirmKeyOrigin;
  idleTimeoutMs: number;
  maxRetryWaitMs: number;
  log(line: string): void;
}

/**
 * The client for one turn, or why there is none: no endpoint, an endpoint the policy refuses (plain
 * http:// to a public host), or a key entered for another origin that the user did not let go there.
 * All of these are decided before any request is made.
 */
export async function endpointClient(deps: EndpointClientDeps): Promise<ModelClient | ModelError> {
  if (!deps.baseUrl) return new ModelError('not_configured', "No endpoint is set. Run 'Agent Sessions: Set Endpoint'.");
  const verdict = endpointPolicy(deps.baseUrl);
  if (!verdict.ok) {
    const message = `The endpoint setting is not used: ${verdict.reason} Run 'Agent Sessions: Set Endpoint'.`;
    return new ModelError('not_configured', message);
  }
  const key = await deps.keys.keyFor(verdict.origin, deps.confirm);
  if (key.kind === 'declined') return new ModelError('auth', keyNotSentMessage(key.keyOrigin, verdict.origin));
  return createOpenAIClient({
    baseURL: deps.baseUrl,
    apiKey: key.kind === 'key' ? key.key : undefined,
    idleTimeoutMs: deps.idleTimeoutMs,
    maxRetryWaitMs: deps.maxRetryWaitMs,
    log: deps.log,
  });
}
