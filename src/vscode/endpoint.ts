import type { ConfirmKeyOrigin } from '../core/keyOrigin';
import type { ModelClient } from '../core/ports';
import type { ModelError } from '../core/ports';
import { endpointClient } from '../node/endpointClient';
import type { ApiKeyStore } from './apiKey';
import type { ExtensionSettings } from './settings';

/** Builds the model client for a turn from the user's endpoint setting and the origin-bound key. */
export function endpointClientFactory(
  settings: ExtensionSettings,
  keys: ApiKeyStore,
  confirm: ConfirmKeyOrigin,
  log: (line: string) => void,
): () => Promise<ModelClient | ModelError> {
  return () =>
    endpointClient({
      baseUrl: settings.endpointBaseUrl(),
      keys,
      confirm,
      idleTimeoutMs: settings.idleTimeoutMs(),
      maxRetryWaitMs: settings.maxRetryWaitMs(),
      log,
    });
}

/** The host part of the endpoint URL, shown in tooltips; never the path or query. */
export function endpointHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return '';
  }
}
