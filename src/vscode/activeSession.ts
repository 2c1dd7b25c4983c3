import * as vscode from 'vscode';
import type { SessionKey } from '../shared/sessionKey';
import { isSessionKey, ownIdOf, sessionKey } from '../shared/sessionKey';

const KEY = 'agentSessions.activeSessionId';

/**
 * Which session the user chose for the status-bar meter, remembered per workspace across reloads.
 * Our own sessions are stored by id (as before), other agents' sessions by their `<source>:<id>` key.
 */
export class ActiveSession implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.emitter.event;
  /** When the choice was made (this window's start for a remembered one). */
  chosenAt = Date.now();

  constructor(private readonly memento: vscode.Memento) {}

  /** The chosen own session's id, or undefined when the choice is another agent's session. */
  get id(): string | undefined {
    const value = this.memento.get<string>(KEY);
    return value ? ownIdOf(value) : undefined;
  }

  /** The chosen session's summary key, whatever its source. */
  get key(): SessionKey | undefined {
    const value = this.memento.get<string>(KEY);
    if (!value) return undefined;
    return isSessionKey(value) ? value : sessionKey('own', value);
  }

  /**
   * An own session id, or a summary key (`own:` keys are stored as the bare id). `explicit`: the user
   * chose it just now (opened, picked), so it takes the meter back from an agent that is writing;
   * a tab merely regaining focus does not.
   */
  set(idOrKey: string | undefined, explicit = false): void {
    const value = idOrKey === undefined ? undefined : (ownIdOf(idOrKey) ?? idOrKey);
    const changed = value !== this.memento.get<string>(KEY);
    if (!changed && !explicit) return;
    this.chosenAt = Date.now();
    if (changed) void this.memento.update(KEY, value);
    this.emitter.fire(value);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
