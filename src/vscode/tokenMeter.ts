import * as vscode from 'vscode';
import { escapeMarkdown } from '../core/escapeMarkdown';
import { meterTarget } from '../core/meterTarget';
import { Commands } from '../shared/ids';
import type { SessionSummary } from '../shared/sessionSummary';
import type { ActiveSession } from './activeSession';
import type { SessionDirectory } from './sessionDirectory';

/**
 * The status-bar token meter: the session the user chose, or another agent's session while its
 * transcript is being written. Colours come from the theme.
 */
export class TokenMeter implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly emitter = new vscode.EventEmitter<string>();
  /** Fires with the new text whenever it changes (integration tests wait on it). */
  readonly onDidChangeText = this.emitter.event;
  private tooltipText = '';
  private shown: SessionSummary | undefined;

  constructor(
    private readonly directory: SessionDirectory,
    private readonly active: ActiveSession,
  ) {
    this.item = vscode.window.createStatusBarItem('agentSessions.tokenMeter', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Agent Session Context';
    this.item.command = Commands.pickSession;
    this.disposables.push(
      directory.onDidChange(() => this.render()),
      active.onDidChange(() => this.render()),
    );
    this.render();
  }

  /** The session shown now, if any. */
  get session(): SessionSummary | undefined {
    return this.shown;
  }

  render(): void {
    const key = this.active.key;
    const summary = meterTarget(key ? { key, at: this.active.chosenAt } : undefined, this.directory.all());
    this.shown = summary;
    if (!summary) {
      this.item.hide();
      return;
    }
    const text = `$(pulse) ${summary.gaugeText}`;
    this.tooltipText = summary.tooltip.join('\n');
    const tooltip = new vscode.MarkdownString(summary.tooltip.map(escapeMarkdown).join('  \n'));
    tooltip.appendMarkdown('\n\n_Click to switch sessions_');
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: `Context of ${summary.label} session: ${summary.gaugeText}` };
    this.item.backgroundColor =
      summary.context.level === 'error'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : summary.context.level === 'warning'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
    if (text !== this.item.text) {
      this.item.text = text;
      this.emitter.fire(text);
    }
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
    this.emitter.dispose();
    this.item.dispose();
  }
}
