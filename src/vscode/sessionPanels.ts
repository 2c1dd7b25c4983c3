import * as vscode from 'vscode';
import { Commands, Views } from '../shared/ids';
import type { HostToWebview } from '../shared/protocol';
import { parseWebviewMessage } from '../shared/protocol';
import type { SessionService } from '../core/sessionService';
import { readOnlyMessage } from '../core/readOnly';
import { toSessionView } from '../core/sessionView';
import { editedBudget } from '../core/budget';
import { redactSecrets } from '../core/transcripts/redact';
import type { ActiveSession } from './activeSession';
import type { OwnModelFacts } from './ownModelFacts';
import type { ExtensionSettings } from './settings';
import { BeforeEditDocuments, openChangeDiff } from './changeDiff';
import { openToolOutput } from './toolOutputDocument';
import { renderWebviewHtml } from './webviewHtml';
import { BEFORE_EDIT_SCHEME } from '../shared/ids';

export interface PanelDeps {
  extensionUri: vscode.Uri;
  sessions: SessionService;
  settings: ExtensionSettings;
  facts: OwnModelFacts;
  active: ActiveSession;
  /** The sessions folder: kept tool outputs are files in it. */
  storageFolder: string;
  /** Why a session cannot send right now (Restricted Mode, no endpoint), or undefined. */
  blockedReason(): string | undefined;
  /** Runs a user intent and reports its failure (the service has already recorded what it could). */
  run(task: Promise<void>): void;
}

const SNAPSHOT_INTERVAL_MS = 33;
const CLOCK_REPAINT_MS = 5000;

/** One editor tab per session: a webview that renders snapshots and sends intents back. */
export class SessionPanels implements vscode.Disposable, vscode.WebviewPanelSerializer<{ sessionId?: string }> {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly ticks = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly deps: PanelDeps) {
    this.disposables.push(
      { dispose: deps.sessions.onDidChange((state) => this.schedule(state.id)) },
      { dispose: deps.sessions.onDidRemove((id) => this.panels.get(id)?.dispose()) },
      deps.settings.onDidChange(() => this.panels.forEach((_p, id) => this.schedule(id))),
      deps.facts.onDidChange(() => this.panels.forEach((_p, id) => this.schedule(id))),
      vscode.window.registerWebviewPanelSerializer(Views.sessionPanel, this),
      vscode.workspace.registerTextDocumentContentProvider(BEFORE_EDIT_SCHEME, new BeforeEditDocuments(deps.sessions)),
    );
  }

  open(sessionId: string, preserveFocus = false): void {
    const existing = this.panels.get(sessionId);
    if (existing) {
      existing.reveal(undefined, preserveFocus);
      return;
    }
    const state = this.deps.sessions.get(sessionId);
    const panel = vscode.window.createWebviewPanel(
      Views.sessionPanel,
      state ? redactSecrets(state.title) : 'Session',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus },
      this.options(),
    );
    this.attach(sessionId, panel);
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: { sessionId?: string } | undefined): Promise<void> {
    const id = state?.sessionId;
    if (!id || !this.deps.sessions.get(id) || this.panels.has(id)) {
      panel.dispose();
      return;
    }
    panel.webview.options = this.options();
    this.attach(id, panel);
  }

  isOpen(sessionId: string): boolean {
    return this.panels.has(sessionId);
  }

  /** A message as a session's tab posts it, through the same handler (the integration tests press its buttons so). */
  receive(sessionId: string, raw: unknown): void {
    this.onMessage(sessionId, raw);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [
        vscode.Uri.joinPath(this.deps.extensionUri, 'dist', 'webview'),
        vscode.Uri.joinPath(this.deps.extensionUri, 'media'),
      ],
    };
  }

  private attach(sessionId: string, panel: vscode.WebviewPanel): void {
    this.panels.set(sessionId, panel);
    panel.webview.html = renderWebviewHtml({
      webview: panel.webview,
      extensionUri: this.deps.extensionUri,
      script: 'dist/webview/session.js',
      style: 'media/session.css',
      title: panel.title,
    });
    const subscriptions = [
      panel.webview.onDidReceiveMessage((raw) => this.onMessage(sessionId, raw)),
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.active) this.deps.active.set(sessionId);
      }),
    ];
    panel.onDidDispose(() => {
      subscriptions.forEach((d) => d.dispose());
      this.panels.delete(sessionId);
      clearTimeout(this.timers.get(sessionId));
      this.timers.delete(sessionId);
    });
    if (panel.active) this.deps.active.set(sessionId);
  }

  private onMessage(sessionId: string, raw: unknown): void {
    const message = parseWebviewMessage(raw);
    if (!message) return; // unknown type or wrong shape: dropped
    const { sessions } = this.deps;
    switch (message.type) {
      case 'ready':
        this.post(sessionId);
        return;
      case 'send':
        if (this.deps.blockedReason() || sessions.isBusy(sessionId) || sessions.readOnly(sessionId)) return;
        this.deps.run(sessions.send(sessionId, message.text));
        return;
      case 'stop':
        sessions.stop(sessionId);
        return;
      case 'resend':
        if (this.deps.blockedReason() || sessions.isBusy(sessionId) || sessions.readOnly(sessionId)) return;
        this.deps.run(sessions.resend(sessionId, message.turnId));
        return;
      case 'decide': // an approval runs the tool and the turn goes on: like send, it needs a usable endpoint
        if (sessions.readOnly(sessionId) || (message.decision !== 'deny' && this.deps.blockedReason())) return;
        this.deps.run(sessions.decide(sessionId, message.callId, message.decision));
        return;
      case 'setPlanMode':
        if (!sessions.readOnly(sessionId)) this.deps.run(sessions.setPlanMode(sessionId, message.on));
        return;
      case 'openDiff':
        this.deps.run(openChangeDiff(sessions, sessionId, message.turnId, message.callId));
        return;
      case 'openSession': // only a session this window knows
        if (sessions.get(message.sessionId))
          void vscode.commands.executeCommand(Commands.openSession, message.sessionId);
        return;
      case 'openToolOutput':
        this.deps.run(openToolOutput(sessions, this.deps.storageFolder, sessionId, message.id));
        return;
      case 'raise': // the turn goes on: like send, it needs a usable endpoint
        if (this.deps.blockedReason() || sessions.isBusy(sessionId) || sessions.readOnly(sessionId)) return;
        this.deps.run(sessions.raiseAndContinue(sessionId, message.turnId, message.key, message.value));
        return;
      case 'escalate':
        if (this.deps.blockedReason() || sessions.isBusy(sessionId) || sessions.readOnly(sessionId)) return;
        this.deps.run(sessions.escalate(sessionId, message.turnId));
        return;
      case 'setBudget': {
        const state = sessions.get(sessionId);
        if (!state || sessions.readOnly(sessionId)) return;
        const edit = editedBudget(state.budget, message.limits, message.readScope);
        if (edit.dropped.length)
          void vscode.window.showWarningMessage(`Not saved in the budget (not valid): ${edit.dropped.join(', ')}`);
        this.deps.run(sessions.setBudget(sessionId, edit.budget));
        return;
      }
      case 'takeOver': // the command asks first, naming the other window
        if (sessions.readOnly(sessionId)) void vscode.commands.executeCommand(Commands.takeOverSession, sessionId);
        return;
    }
  }

  /** Snapshots are coalesced to ~30 per second while a reply streams. */
  private schedule(sessionId: string): void {
    if (!this.panels.has(sessionId) || this.timers.has(sessionId)) return;
    this.timers.set(
      sessionId,
      setTimeout(() => {
        this.timers.delete(sessionId);
        this.post(sessionId);
      }, SNAPSHOT_INTERVAL_MS),
    );
  }

  private post(sessionId: string): void {
    const panel = this.panels.get(sessionId);
    const state = this.deps.sessions.get(sessionId);
    if (!panel || !state) return;
    panel.title = redactSecrets(state.title);
    const holder = this.deps.sessions.readOnly(sessionId);
    const readOnly = holder && readOnlyMessage(redactSecrets(state.title), holder);
    const busy = this.deps.sessions.isBusy(sessionId);
    const message: HostToWebview = {
      type: 'snapshot',
      session: toSessionView(
        state,
        this.deps.facts.for(state),
        this.deps.settings.gauge(),
        busy,
        this.deps.blockedReason(),
        readOnly,
        {
          now: Date.now(),
          builderModel: this.deps.settings.modelFor('builder'),
          escalationModel: this.deps.settings.escalationModel(),
        },
      ),
    };
    void panel.webview.postMessage(message);
    // the minutes meter moves with the clock, not only with events: repaint a running turn now and then
    if (busy && state.budget.maxMinutes !== undefined && !this.ticks.has(sessionId))
      this.ticks.set(
        sessionId,
        setTimeout(() => {
          this.ticks.delete(sessionId);
          this.schedule(sessionId);
        }, CLOCK_REPAINT_MS),
      );
  }

  dispose(): void {
    this.timers.forEach((t) => clearTimeout(t));
    this.ticks.forEach((t) => clearTimeout(t));
    this.panels.forEach((p) => p.dispose());
    this.disposables.forEach((d) => d.dispose());
  }
}
