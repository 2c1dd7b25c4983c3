import * as vscode from 'vscode';
import { escapeMarkdown } from '../core/escapeMarkdown';
import { Commands } from '../shared/ids';
import type { SessionService } from '../core/sessionService';
import { computeGauge, gaugeText, gaugeTooltipLines } from '../core/tokenMeter';
import type { ActiveSession } from './activeSession';
import type { ExtensionSettings } from './settings';

/** The status-bar token meter of the active session. Colours come from the theme. */
export class TokenMeter implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private tooltipText = '';

  constructor(
    private readonly sessions: SessionService,
    private readonly active: ActiveSession,
    private readonly settings: ExtensionSettings,
  ) {
    this.item = vscode.window.createStatusBarItem('agentSessions.tokenMeter', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Agent Session Context';
    this.item.command = Commands.pickSession;
    const unsubscribe = sessions.onDidChange((state) => {
      if (state.id === this.active.id) this.render();
    });
    this.disposables.push({ dispose: unsubscribe }, active.onDidChange(() => this.render()), settings.onDidChange(() => this.render()));
    this.render();
  }

  render(): void {
    const id = this.active.id;
    const state = id ? this.sessions.get(id) : undefined;
    if (!state) {
      this.item.hide();
      return;
    }
    const gauge = computeGauge(state, this.settings.gauge());
    this.item.text = `$(pulse) ${gaugeText(gauge)}`;
    const lines = gaugeTooltipLines(gauge, state);
    this.tooltipText = lines.join('\n');
    const tooltip = new vscode.MarkdownString(lines.map(escapeMarkdown).join('  \n'));
    tooltip.appendMarkdown('\n\n_Click to switch sessions_');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Context of ${gauge.label} session: ${gaugeText(gauge)}` };
    this.item.backgroundColor =
      gauge.level === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : gauge.level === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  /** The text shown right now (integration tests read it). */
  get text(): string {
    return this.item.text;
  }

  /** The tooltip's lines as plain text. */
  get tooltip(): string {
    return this.tooltipText;
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.item.dispose();
  }
}

