import type { SessionSummary } from '../shared/sessionSummary';
import { redactSecrets } from './transcripts/redact';

/**
 * The one funnel every session summary leaves through (ours, Claude Code's, Codex's): the text that
 * views, the quick pick, terminal names, the API and the log show is redacted here, once per build.
 * `id`, `cwd` and `path` stay as read: commands need them exact, and they are checked where used.
 */
export function redactSummary(summary: SessionSummary): SessionSummary {
  const { title, model, tooltip } = summary;
  return { ...summary, title: redactSecrets(title), model: redactSecrets(model), tooltip: tooltip.map(redactSecrets) };
}
