import * as vscode from 'vscode';
import type { ContextPressureEvent } from '../core/contextPressure';
import { PressureTracker } from '../core/contextPressure';
import { Commands } from '../shared/ids';
import { parseSessionKey } from '../shared/sessionKey';
import type { SessionDirectory } from './sessionDirectory';
import type { ExtensionSettings } from './settings';

/**
 * Fires `onContextPressure` when any session, ours or another agent's, crosses one of the user's
 * thresholds upwards, and optionally says so with actions. Sessions already past a threshold when
 * first seen are recorded, not announced: only crossings that happen while VS Code watches count.
 */
export class ContextPressure implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ContextPressureEvent>();
  readonly onContextPressure = this.emitter.event;
  private readonly tracker = new PressureTracker();
  private readonly seen = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly directory: SessionDirectory,
    private readonly settings: ExtensionSettings,
  ) {
    this.disposables.push(directory.onDidChange(() => this.check()));
    this.check();
  }

  private check(): void {
    const thresholds = this.settings.pressureThresholds();
    for (const summary of this.directory.all()) {
      if (!this.seen.has(summary.key)) {
        this.seen.add(summary.key);
        this.tracker.prime(summary, thresholds);
        continue;
      }
      for (const event of this.tracker.update(summary, thresholds)) {
        this.emitter.fire(event);
        if (this.settings.pressureNotify()) void this.notify(summary.key, event);
      }
    }
  }

  private async notify(key: string, event: ContextPressureEvent): Promise<void> {
    const copy = 'Copy /compact';
    const answer = await vscode.window.showWarningMessage(
      `"${event.title}" (${event.source === 'own' ? 'Agent Sessions' : event.source}) has used ${event.percent}% of its context window.`,
      'Open',
      copy,
    );
    if (answer === 'Open')
      await vscode.commands.executeCommand(
        parseSessionKey(key)?.source === 'own' ? Commands.openSession : Commands.openTranscript,
        key,
      );
    if (answer === copy) {
      await vscode.env.clipboard.writeText(
        '/compact Keep the current task, decisions made, files touched and open problems; drop tool output and logs.',
      );
    }
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.emitter.dispose();
  }
}
