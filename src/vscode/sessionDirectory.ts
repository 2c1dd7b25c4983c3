import * as vscode from 'vscode';
import { parseSessionKey } from '../shared/sessionKey';
import type { SessionSummary } from '../shared/sessionSummary';
import { ownSummary } from '../core/ownSummary';
import type { SessionService } from '../core/sessionService';
import type { ObservedSessions } from './observedSessions';
import type { OwnModelFacts } from './ownModelFacts';
import type { ExtensionSettings } from './settings';

/** Every session, ours and other agents', as summaries: what the meter, the tree and the API read. */
export class SessionDirectory implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly sessions: SessionService,
    private readonly observed: ObservedSessions | undefined,
    private readonly settings: ExtensionSettings,
    private readonly facts: OwnModelFacts,
  ) {
    const fire = () => this.emitter.fire();
    this.disposables.push(
      { dispose: sessions.onDidChange(fire) },
      { dispose: sessions.onDidRemove(fire) },
      settings.onDidChange(fire),
      facts.onDidChange(fire), // a window or price resolved later (the endpoint answered, the dataset loaded)
    );
    if (observed) this.disposables.push(observed.onDidChange(fire));
  }

  own(): SessionSummary[] {
    const gauge = this.settings.gauge();
    return this.sessions.all().map((s) => ownSummary(s, this.facts.for(s), gauge));
  }

  others(): SessionSummary[] {
    return this.observed?.all() ?? [];
  }

  all(): SessionSummary[] {
    return [...this.own(), ...this.others()];
  }

  get(key: string): SessionSummary | undefined {
    const parsed = parseSessionKey(key);
    if (parsed?.source === 'own') {
      const state = this.sessions.get(parsed.id);
      return state && ownSummary(state, this.facts.for(state), this.settings.gauge());
    }
    return this.observed?.get(key);
  }

  /** A session by summary key, or by its own id when the caller has only that. */
  find(keyOrId: string): SessionSummary | undefined {
    return this.get(keyOrId) ?? this.all().find((s) => s.id === keyOrId);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.emitter.dispose();
  }
}
