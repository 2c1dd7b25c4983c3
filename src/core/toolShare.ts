import { contextOf } from './contextOf';
import type { SessionState } from './session';

/** How much of what the model sees now is tool output, by characters. */
export function toolShareLine(state: SessionState): string | undefined {
  let tool = 0;
  let all = 0;
  for (const m of contextOf(state)) {
    all += m.content.length;
    if (m.role === 'tool') tool += m.content.length;
  }
  if (!tool || !all) return undefined;
  const chars = tool < 1000 ? `${tool}` : `${Math.round(tool / 1000)}k`;
  return `Tool output: ${Math.round((tool / all) * 100)}% of the context (${chars} characters)`;
}
