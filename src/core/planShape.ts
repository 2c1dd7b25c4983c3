import type { PlanParts } from './sessionEvents';
import { PLAN_HEADINGS } from './runnerWords';

/**
 * Finds the five parts of a plan in the model's reply: a heading (markdown `#`, a bold line, or a
 * line ending in ":") naming each part, and the non-empty text under it up to the next part's heading.
 */
const NAMES: Record<keyof PlanParts, RegExp> = {
  rootCause: /^(root[ -]?cause|cause|problem|diagnosis)\b/,
  files: /^(files?\b|files? (expected )?to change|affected files|changes)/,
  invariants: /^(invariants?|must (not change|hold|preserve)|constraints)/,
  risks: /^(risks?|hazards|what (could|can) go wrong)/,
  validation: /^(validation|verification|tests?\b|how to (test|validate|verify)|commands)/,
};

const PARTS = Object.keys(NAMES) as Array<keyof PlanParts>;

/** The part a line heads, if it is a heading line. */
function headingOf(line: string): keyof PlanParts | undefined {
  const md = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
  const bold = /^\s*(?:\d+[.)]\s*)?\*\*(.+?)\*\*\s*:?\s*(.*)$/.exec(line);
  const colon = /^\s*(?:\d+[.)]\s*)?([A-Za-z][A-Za-z /-]{2,40}):\s*$/.exec(line);
  const title = (md?.[1] ?? bold?.[1] ?? colon?.[1])
    ?.replace(/^\d+[.)]\s*/, '')
    .replace(/:$/, '')
    .trim();
  if (!title) return undefined;
  const lower = title.toLowerCase();
  return PARTS.find((part) => NAMES[part].test(lower));
}

export type PlanCheck = { ok: true; plan: PlanParts } | { ok: false; missing: string[] };

export function checkPlan(text: string): PlanCheck {
  const found: Partial<Record<keyof PlanParts, string[]>> = {};
  let current: keyof PlanParts | undefined;
  for (const line of text.split(/\r?\n/)) {
    const part = headingOf(line);
    if (part && found[part] === undefined) {
      current = part;
      found[part] = [];
      const inline = /\*\*.+?\*\*\s*:?\s*(.+)$/.exec(line)?.[1]; // "**Risks:** none known"
      if (inline) found[part].push(inline);
      continue;
    }
    if (current) found[current]?.push(line);
  }
  const plan = {} as PlanParts;
  const missing: string[] = [];
  for (const part of PARTS) {
    const body = (found[part] ?? []).join('\n').trim();
    if (body) plan[part] = body;
    else missing.push(PLAN_HEADINGS[part]);
  }
  return missing.length ? { ok: false, missing } : { ok: true, plan };
}
