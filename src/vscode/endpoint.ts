import type { ModelClient } from '../core/ports';
import { ModelError } from '../core/ports';
import { createOpenAIClient } from '../node/openaiClient';
import type { ApiKeyStore } from './apiKey';
import type { ExtensionSettings } from './settings';

/** Builds the model client from the user's endpoint setting and the key in SecretStorage. */
export function endpointClientFactory(settings: ExtensionSettings, keys: ApiKeyStore): () => Promise<ModelClient | ModelError> {
  return async () => {
    const baseURL = settings.endpointBaseUrl();
    if (!baseURL) return new ModelError('not_configured', "No endpoint is set. Run 'Agent Sessions: Set Endpoint'.");
    return createOpenAIClient({
      baseURL,
      apiKey: (await keys.get()) ?? undefined,
      idleTimeoutMs: settings.idleTimeoutMs(),
      maxRetryWaitMs: settings.maxRetryWaitMs(),
    });
  };
}

/** The host part of the endpoint URL, shown in tooltips; never the path or query. */
export function endpointHost(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return '';
  }
}
