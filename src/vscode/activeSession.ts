import * as vscode from 'vscode';
import type { SessionKey } from '../shared/sessionKey';
import { isSessionKey, ownIdOf, sessionKey } from '../shared/sessionKey';
import type { ChoiceFile } from '../node/choiceFile';

const KEY = 'agentSessions.activeSessionId';

/**
 * Which session the user chose for the status-bar meter, remembered per workspace across reloads.
 * Our own sessions are stored by id (as before), other agents' sessions by their `<source>:<id>` key.
 * The workspace state answers at once; the choice file (fsynced next to the logs) is the copy that
 * survives VS Code being killed right after a choice, and wins at start (`restore`).
 */
export class ActiveSession implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.emitter.event;
  /** When the choice was made (this window's start for a remembered one). */
  chosenAt = Date.now();
  /** Bumped by every change, so a restore never overwrites a choice made while it read the file. */
  private changes = 0;

  constructor(
    private readonly memento: vscode.Memento,
    private readonly durable?: ChoiceFile,
  ) {}

  /**
   * At start (activation calls it once): the choice file is at least as new as the workspace state (a
   * failed write removes it), so it wins when they differ, unless the user has chosen again meanwhile.
   * Never rejects: the sessions load after it.
   */
  async restore(): Promise<void> {
    const before = this.changes;
    const value = await this.durable?.read(); // never throws: a bad or unreadable file is no value
    if (value === undefined || this.changes !== before || value === this.memento.get<string>(KEY)) return;
    void this.memento.update(KEY, value); // read back at once, as in set()
    this.emitter.fire(value);
  }

  /** Resolves when the newest choice has been written, or its write has failed (and was reported). */
  saved(): Promise<void> {
    return this.durable?.saved() ?? Promise.resolve();
  }

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
    if (changed) {
      this.changes++;
      void this.memento.update(KEY, value);
      this.durable?.write(value);
    }
    this.emitter.fire(value);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
