import * as vscode from 'vscode';
import type { DatasetLookup, ResolvedFacts } from '../core/modelFactResolver';
import { learnedWindow, ModelFactResolver } from '../core/modelFactResolver';
import type { SessionState } from '../core/session';
import { readEndpointInfo } from '../node/endpointInfoReader';
import type { ApiKeyStore } from './apiKey';
import type { ExtensionSettings } from './settings';

/**
 * The window and price of each of our sessions, resolved in order (settings > a reply > the endpoint >
 * the dataset) by a ModelFactResolver bound to the configured endpoint and the origin-bound key.
 * Fires when a read lands, so the meter, the tree and the tabs render again.
 */
export class OwnModelFacts implements vscode.Disposable {
  private readonly resolver: ModelFactResolver;
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly settings: ExtensionSettings,
    keys: ApiKeyStore,
    log: (line: string) => void,
    dataset: DatasetLookup,
  ) {
    this.resolver = new ModelFactResolver({
      endpoint: async (baseUrl, model) =>
        readEndpointInfo({ baseUrl, model, apiKey: await keys.keyIfBound(originOf(baseUrl)), log }),
      dataset,
      log,
    });
    this.disposables.push(
      { dispose: this.resolver.onDidChange(() => this.emitter.fire()) },
      // a new key may open routes that refused us: ask the endpoint again
      keys.onDidChange(() => this.resolver.forgetEndpoints()),
      this.emitter,
    );
  }

  for(state: SessionState): ResolvedFacts {
    const baseUrl = this.settings.endpointBaseUrl();
    const overrides = { contextWindows: this.settings.gauge().contextWindows, prices: this.settings.prices() };
    const query = { model: state.model, endpoint: baseUrl };
    return this.resolver.resolve(query, overrides, learnedWindow(state));
  }

  /** Resolves when every read started so far has landed. */
  settled(): Promise<void> {
    return this.resolver.settled();
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
  }
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
