/**
 * Reads the "Context budget:" block our users put in a task into limits the runner can enforce:
 *
 *   Context budget:
 *   - Read only billing/, jobs/, and tests/billing/ first.
 *   - Summarize findings in 10 bullets before editing.
 *   - Stop if the fix touches more than 5 files.
 *
 * Pure: text in, limits out. A bullet it does not understand is returned in `unread`, so the session
 * can say which lines are only advice to the model and not enforced.
 */
export interface TaskBudget {
  /** Folder or glob prefixes a read may take (normalised: no leading `./`, folders end in `/`). */
  readScope?: string[];
  /** Bullets the session must write before any write tool is allowed. */
  summaryBullets?: number;
  /** The most files a change may touch; the edit of file N+1 is refused. */
  maxChangedFiles?: number;
  /** Bullets of the block that set no limit (kept as advice). */
  unread: string[];
}

const HEADER = /^\s*context budget\s*:\s*$/i;
const BULLET = /^\s*[-*•]\s+(.*\S)\s*$/;
const READ_ONLY = /^read only\s+(.+?)(?:\s+first)?\.?$/i;
const SUMMARIZE = /^summari[sz]e\b.*?\bin\s+(\d{1,3})\s+bullets?\b.*\bbefore\s+(?:editing|edits|any edit|changing)/i;
const STOP_FILES = /^stop\s+if\b.*?\b(?:touches|changes|edits)\s+more\s+than\s+(\d{1,4})\s+files?\b/i;

/**
 * The block on one line, as a one-line input box leaves it (its line breaks dropped or made spaces):
 * "Context budget: - Read only src/ first.- Summarize … - Stop if …".
 */
const INLINE = /\bcontext budget\s*:\s*([-*•]\s.*\S)\s*$/i;
const INLINE_BULLET = /(?:^|(?<=[.;!?])|\s)[-*•]\s+/;

/** The bullets of a task's block, or undefined when it has none. */
function blockBullets(task: string): string[] | undefined {
  const lines = task.split(/\r?\n/);
  const start = lines.findIndex((line) => HEADER.test(line) || INLINE.test(line));
  if (start < 0) return undefined;
  const inline = INLINE.exec(lines[start]);
  if (inline)
    return inline[1]
      .split(INLINE_BULLET)
      .map((b) => b.trim())
      .filter(Boolean);
  const bullets: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (!line.trim()) {
      if (bullets.length) break;
      continue;
    }
    const bullet = BULLET.exec(line)?.[1];
    if (bullet === undefined) break; // the block ends at the first line that is not a bullet
    bullets.push(bullet);
  }
  return bullets;
}

/** The budget of a task, or undefined when it has no "Context budget:" block. */
export function parseTaskBudget(task: string): TaskBudget | undefined {
  const bullets = blockBullets(task);
  if (!bullets) return undefined;
  const budget: TaskBudget = { unread: [] };
  for (const bullet of bullets) {
    const read = READ_ONLY.exec(bullet);
    const summary = SUMMARIZE.exec(bullet);
    const stop = STOP_FILES.exec(bullet);
    if (read) {
      const scope = scopeList(read[1]);
      if (scope.length) budget.readScope = [...(budget.readScope ?? []), ...scope];
      else budget.unread.push(bullet);
    } else if (summary && Number(summary[1]) > 0) budget.summaryBullets = Number(summary[1]);
    else if (stop && Number(stop[1]) > 0) budget.maxChangedFiles = Number(stop[1]);
    else budget.unread.push(bullet);
  }
  return budget;
}

/** "billing/, jobs/, and tests/billing/" → ["billing/", "jobs/", "tests/billing/"]; anything unsafe is dropped. */
function scopeList(text: string): string[] {
  return text
    .split(/\s*,\s*|\s+and\s+|\s+or\s+/i)
    .map((part) => part.replace(/^(?:and|or)\s+/i, '').replace(/^[`'"]|[`'"]$/g, ''))
    .map((part) => part.replace(/^\.\//, ''))
    .filter((part) => part && !part.startsWith('/') && !part.startsWith('~') && !/(^|\/)\.\.(\/|$)/.test(part))
    .filter((part) => /^[\w.\-/*?[\]{}]+$/.test(part));
}
