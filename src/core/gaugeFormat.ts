import type { GaugeLevel } from '../shared/protocol';

/**
 * The gauge's words and numbers, for every source: the level a percentage reaches, the
 * `used/window percent` text, and the two number formats. The status bar, the tree, the tab and the
 * tooltips of ours and other agents' sessions all use these, so they never disagree.
 */

export interface GaugeThresholds {
  warningPercent: number;
  errorPercent: number;
}

/** Percent of the window used (rounded), undefined when the window is unknown. */
export function percentOf(used: number, window: number | undefined): number | undefined {
  return window ? Math.round((used / window) * 100) : undefined;
}

export function gaugeLevel(percent: number | undefined, thresholds: GaugeThresholds): GaugeLevel {
  if (percent === undefined) return 'normal';
  if (percent >= thresholds.errorPercent) return 'error';
  return percent >= thresholds.warningPercent ? 'warning' : 'normal';
}

/** 950 -> "950", 12_400 -> "12.4k", 128_000 -> "128k", 1_047_576 -> "1.05M". */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 100_000) return `${trim((n / 1000).toFixed(1))}k`;
  if (n < 1_000_000) return `${Math.round(n / 1000)}k`;
  return `${trim((n / 1_000_000).toFixed(2))}M`;
}

function trim(s: string): string {
  return s.replace(/\.0+$/, '').replace(/(\.\d*[1-9])0+$/, '$1');
}

/** 1234567 -> "1,234,567" (Intl's toLocaleString costs ~100x more; summaries are built by the thousand). */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** "12.4k/128k 10%", "~1.2k/128k 1%" (estimated), "12.4k/?" (window unknown). */
export function usageText(context: { used: number; window?: number; percent?: number; measured: boolean }): string {
  const used = `${context.measured ? '' : '~'}${formatTokens(context.used)}`;
  if (context.window === undefined) return `${used}/?`;
  return `${used}/${formatTokens(context.window)} ${context.percent ?? percentOf(context.used, context.window)}%`;
}

/** The status bar's text: the label, then `usageText`, e.g. "Scout 12.4k/128k 10%". */
export function gaugeLine(label: string, context: Parameters<typeof usageText>[0]): string {
  return `${label} ${usageText(context)}`;
}
