import type { SessionSummary } from '../../shared/sessionSummary';

/** Both CLIs name sessions by UUID (Codex: UUID v7 such as 019c8a70-dda7-7f33-98ea-f30553347322). */
const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ResumeCommand = { ok: true; file: string; args: string[] } | { ok: false; message: string };

/** Whether an id read from a transcript has the runtime's session id format (nothing else may reach argv). */
export function isSessionId(id: string): boolean {
  return SESSION_ID.test(id);
}

/**
 * The argv that resumes a session in its own CLI: an argument array, never a shell string. The id
 * comes from a file another program wrote (Codex: its content; Claude Code: its name), so it must be
 * a UUID, or nothing runs: `--dangerously-skip-permissions` is not a session id.
 */
export function resumeCommand(summary: SessionSummary): ResumeCommand | undefined {
  if (summary.source !== 'claude-code' && summary.source !== 'codex') return undefined;
  if (!isSessionId(summary.id)) {
    return { ok: false, message: `This session id is not a valid ${summary.label} session id; not running it.` };
  }
  // `claude --resume <id>` takes the id as an option value, where `--` would end the options before
  // it; the UUID check above is what keeps an option out of that slot.
  if (summary.source === 'claude-code') return { ok: true, file: 'claude', args: ['--resume', summary.id] };
  // `codex resume [SESSION_ID]` is a clap subcommand with a positional id: `--` ends its options.
  return { ok: true, file: 'codex', args: ['resume', '--', summary.id] };
}

/** The usage of a session as the `getContextUsage` command and the API return it. */
export function usageJson(summary: SessionSummary): string {
  const { used, window, percent, measured } = summary.context;
  return JSON.stringify({
    sessionId: summary.id,
    source: summary.source,
    title: summary.title,
    model: summary.model,
    used,
    window: window ?? null,
    percent: percent ?? null,
    measured,
  });
}
