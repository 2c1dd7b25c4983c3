import type { LogHolder } from './ports';
import { redactSecrets } from './transcripts/redact';

/** Why a session cannot be changed here: another VS Code window (process) writes its log. */
export function readOnlyMessage(title: string, holder: LogHolder | undefined): string {
  const who = holder ? `pid ${holder.pid}${holder.host ? ` on ${holder.host}` : ''}` : 'another process';
  return `"${redactSecrets(title) || 'This session'}" is open in another VS Code window (${who}); close it there to edit here.`;
}
