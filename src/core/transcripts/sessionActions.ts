import type { SessionSummary } from '../../shared/sessionSummary';

/** The argv that resumes a session in its own CLI: an argument array, never a shell string. */
export function resumeArgv(summary: SessionSummary): [string, string[]] | undefined {
  if (summary.source === 'claude-code') return ['claude', ['--resume', summary.id]];
  if (summary.source === 'codex') return ['codex', ['resume', summary.id]];
  return undefined;
}

/** The usage of a session as the `getContextUsage` command and the API return it. */
export function usageJson(summary: SessionSummary): string {
  const { used, window, percent, measured } = summary.context;
  return JSON.stringify({ sessionId: summary.id, source: summary.source, title: summary.title, model: summary.model, used, window: window ?? null, percent: percent ?? null, measured });
}
