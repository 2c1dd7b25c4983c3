import * as vscode from 'vscode';
import { Settings } from '../shared/ids';
import type { SessionType } from '../shared/sessionTypes';
import type { GaugeSettings } from '../core/tokenMeter';
import type { ObservedSettings } from '../core/transcripts/observedSummary';
import type { ModelPrice } from '../core/transcripts/pricing';
import { endpointPolicy } from '../core/endpointPolicy';
import type { Budget } from '../core/budget';
import { cleanBudget } from '../core/budget';

/**
 * Reads our settings. Endpoint and model settings are application/machine scoped and listed in
 * `restrictedConfigurations`; on top of that we read only the user's (global) value, so a repository's
 * `.vscode/settings.json` can never redirect requests carrying the key.
 */
export class ExtensionSettings {
  private config(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(Settings.section);
  }

  private userValue<T>(key: string): T | undefined {
    const inspected = this.config().inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  }

  endpointBaseUrl(): string {
    return (this.userValue<string>(Settings.endpoint) ?? '').trim();
  }

  modelFor(type: SessionType): string {
    const key = {
      scout: Settings.modelScout,
      planner: Settings.modelPlanner,
      builder: Settings.modelBuilder,
      reviewer: Settings.modelReviewer,
    }[type];
    return (this.userValue<string>(key) ?? '').trim() || 'gpt-4o-mini';
  }

  /** The stronger model offered after two failed validation rounds (user settings only); undefined when unset. */
  /** The model compaction summaries are made with; undefined: the session's own. */
  summarizerModel(): string | undefined {
    return (this.userValue<string>(Settings.modelSummarizer) ?? '').trim() || undefined;
  }

  escalationModel(): string | undefined {
    return (this.userValue<string>(Settings.modelEscalation) ?? '').trim() || undefined;
  }

  /** The budget a new session of this type starts with (user settings only: a repository cannot raise it). */
  budgetFor(type: SessionType): Budget {
    return cleanBudget(this.userValue<unknown>(`${Settings.budgetPrefix}${type}`));
  }

  idleTimeoutMs(): number {
    return Math.max(5, this.userValue<number>(Settings.idleTimeoutSeconds) ?? 60) * 1000;
  }

  maxRetryWaitMs(): number {
    return Math.max(0, this.userValue<number>(Settings.maxRetryWaitSeconds) ?? 30) * 1000;
  }

  gauge(): GaugeSettings {
    const c = this.config();
    return {
      contextWindows: c.get<Record<string, number>>(Settings.contextWindows) ?? {},
      warningPercent: c.get<number>(Settings.warningThreshold) ?? 70,
      errorPercent: c.get<number>(Settings.errorThreshold) ?? 90,
    };
  }

  /** The user's prices (user settings only), by exact model id. */
  prices(): Record<string, ModelPrice> {
    return this.userValue<Record<string, ModelPrice>>(Settings.prices) ?? {};
  }

  observed(): ObservedSettings {
    return { ...this.gauge(), prices: this.userValue<Record<string, ModelPrice>>(Settings.prices) ?? {} };
  }

  /** Which sessions of other agents are listed: those of the open folders, or all found. */
  observedScope(): 'workspace' | 'all' {
    return this.config().get<string>(Settings.observedScope) === 'all' ? 'all' : 'workspace';
  }

  /** Extra folders to read sessions from, user settings only (machine scope). */
  extraRoots(): { claude: string[]; codex: string[] } {
    const list = (key: string) => {
      const value = this.userValue<unknown>(key);
      return Array.isArray(value) ? value.filter((p): p is string => typeof p === 'string' && p.trim() !== '') : [];
    };
    return { claude: list(Settings.claudeRoots), codex: list(Settings.codexRoots) };
  }

  pressureThresholds(): number[] {
    const raw = this.config().get<unknown>(Settings.pressureThresholds);
    return Array.isArray(raw) ? raw.filter((n): n is number => typeof n === 'number' && n > 0 && n <= 100) : [70, 85];
  }

  pressureNotify(): boolean {
    return this.config().get<boolean>(Settings.pressureNotify) ?? false;
  }

  groupBy(): 'type' | 'status' {
    return this.config().get<string>(Settings.groupBy) === 'status' ? 'status' : 'type';
  }

  async setEndpointBaseUrl(url: string): Promise<void> {
    await this.config().update(Settings.endpoint, url, vscode.ConfigurationTarget.Global);
  }

  /** Validation argv arrays from the user's settings (machine scope: a repository cannot set them); [] when unset. */
  validationCommands(): string[][] {
    const raw = this.userValue<unknown>(Settings.validationCommands);
    if (!Array.isArray(raw)) return [];
    return raw.filter((c): c is string[] => Array.isArray(c) && c.length > 0 && c.every((a) => typeof a === 'string'));
  }

  /** Characters of one tool output the model reads; past it the output is kept on disk. */
  toolOutputContextChars(): number {
    const value = this.userValue<number>(Settings.toolOutputContextChars) ?? 8000;
    return Number.isFinite(value) ? Math.min(200_000, Math.max(1000, Math.round(value))) : 8000;
  }

  validationTimeoutMs(): number {
    return Math.max(1, this.userValue<number>(Settings.validationTimeoutSeconds) ?? 300) * 1000;
  }

  onDidChange(listener: () => void): vscode.Disposable {
    return vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.section)) listener();
    });
  }
}

/** Validates an endpoint base URL (see endpointPolicy: plain http:// only to local hosts); an error message or undefined. */
export function endpointProblem(value: string): string | undefined {
  const verdict = endpointPolicy(value);
  return verdict.ok ? undefined : verdict.reason;
}
