import type { SessionSummary } from '../shared/sessionSummary';
import { redactSecrets } from './transcripts/redact';

/**
 * The one funnel every session summary leaves through (ours, Claude Code's, Codex's): the text that
 * views, the quick pick, terminal names, the API and the log show is redacted here, once per build.
 * `id`, `cwd` and `path` stay as read: commands need them exact, and they are checked where used.
 */
export function redactSummary(summary: SessionSummary): SessionSummary {
  return { ...summary, title: redactSecrets(summary.title), model: redactSecrets(summary.model), tooltip: summary.tooltip.map(redactSecrets) };
}
