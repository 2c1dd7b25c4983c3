import * as vscode from 'vscode';

const KEY = 'agentSessions.activeSessionId';

/** Which session the status-bar meter follows; remembered per workspace across reloads. */
export class ActiveSession implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly memento: vscode.Memento) {}

  get id(): string | undefined {
    return this.memento.get<string>(KEY);
  }

  set(id: string | undefined): void {
    if (id === this.id) return;
    void this.memento.update(KEY, id);
    this.emitter.fire(id);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
