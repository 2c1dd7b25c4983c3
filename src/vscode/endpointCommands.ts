import * as vscode from 'vscode';
import { Commands } from '../shared/ids';
import { endpointPolicy } from '../core/endpointPolicy';
import type { KeyChoice } from '../core/keyOrigin';
import type { ApiKeyStore } from './apiKey';
import { confirmKeyOrigin } from './apiKey';
import type { ExtensionSettings } from './settings';
import { endpointProblem } from './settings';

export interface EndpointCommandDeps {
  settings: ExtensionSettings;
  keys: ApiKeyStore;
  output: vscode.LogOutputChannel;
}

/**
 * Set Endpoint and Set API Key. Plain http:// is refused unless the host is local (endpointPolicy);
 * a key is bound to the endpoint's origin, and moving the endpoint to another origin asks about the key.
 * Both accept their value as an argument (Set Endpoint also the answer, 'send' or 'without') for tests.
 */
export function registerEndpointCommands(deps: EndpointCommandDeps): vscode.Disposable[] {
  const { settings, keys } = deps;
  return [
    vscode.commands.registerCommand(Commands.setEndpoint, async (value?: string, keyChoice?: KeyChoice) => {
      const url =
        typeof value === 'string'
          ? value
          : await vscode.window.showInputBox({
              title: 'OpenAI-compatible endpoint',
              prompt: 'Base URL of an OpenAI-compatible API (OpenAI, OpenRouter, LiteLLM, vLLM, Ollama, LM Studio)',
              value: settings.endpointBaseUrl() || 'https://api.openai.com/v1',
              ignoreFocusOut: true,
              validateInput: endpointProblem,
            });
      if (url === undefined) return;
      const verdict = endpointPolicy(url);
      if (!verdict.ok) {
        void vscode.window.showWarningMessage(`Endpoint not set. ${verdict.reason}`);
        return;
      }
      const old = endpointPolicy(settings.endpointBaseUrl());
      const confirm = keyChoice === 'send' || keyChoice === 'without' ? async () => keyChoice : confirmKeyOrigin;
      if ((await keys.endpointChanging(old.ok ? old.origin : undefined, verdict.origin, confirm)) === 'cancelled') {
        void vscode.window.showInformationMessage('The endpoint was not changed.');
        return;
      }
      await settings.setEndpointBaseUrl(url.trim());
    }),
    vscode.commands.registerCommand(Commands.setApiKey, async (value?: string) => {
      const verdict = endpointPolicy(settings.endpointBaseUrl());
      if (!verdict.ok && !(typeof value === 'string' && !value.trim())) {
        const why = 'the key is bound to the endpoint it is entered for.';
        void vscode.window.showWarningMessage(`Run 'Agent Sessions: Set Endpoint' first: ${why}`);
        return;
      }
      const origin = verdict.ok ? verdict.origin : '';
      const key =
        typeof value === 'string'
          ? value
          : await vscode.window.showInputBox({
              title: `API key for ${origin}`,
              password: true,
              ignoreFocusOut: true,
              prompt: `Kept in VS Code SecretStorage and sent only to ${origin}. Empty removes it (local servers need none).`,
            });
      if (key === undefined) return;
      await keys.set(key, origin);
      deps.output.info(key.trim() ? `API key stored, bound to ${origin}.` : 'API key removed.');
    }),
  ];
}
