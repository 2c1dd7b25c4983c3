import { argvText, PLAN_HEADINGS } from '../runnerWords';
import type { SessionState, Turn } from '../session';
import type { PlanParts } from '../sessionEvents';
import type { ToolCallItem, ValidationItem } from '../turnItems';
import { toolCalls } from '../turnItems';

/**
 * The part of a compaction summary the runner carries itself, verbatim and deterministic, from the session's
 * own events: every user message (the task and each instruction, marked done or open), the latest plan, the
 * files read and changed, the validation commands and their last result, and the guard stops. The model
 * writes only the narrative (decisions, what was ruled out, open failures, state, next step); it cannot drop
 * what is here. The rules files are not part of it: they stay in the system message, never summarized.
 */
export interface CarriedFacts {
  instructions: { turnId: string; text: string; done: boolean }[];
  plan?: PlanParts;
  filesRead: string[];
  filesChanged: string[];
  validation?: { commands: string[]; ok: boolean; at: string };
  stops: string[];
}

const READS = new Set(['read_file', 'list_dir', 'find_files', 'search_text']);

/** The facts of the turns up to and including `throughTurn` (all turns when undefined). */
export function carriedFacts(state: SessionState, throughTurn?: string): CarriedFacts {
  const end = throughTurn ? state.turns.findIndex((t) => t.id === throughTurn) + 1 : state.turns.length;
  const turns = state.turns.slice(0, end > 0 ? end : state.turns.length);
  const facts: CarriedFacts = { instructions: [], filesRead: [], filesChanged: [], stops: [] };
  const read = new Set<string>();
  const changed = new Set<string>();
  for (const turn of turns) {
    facts.instructions.push({ turnId: turn.id, text: turn.userText, done: turn.status === 'done' });
    for (const item of turn.items) {
      if (item.kind === 'plan') facts.plan = item.plan;
      if (item.kind === 'validation' && item.steps.length) facts.validation = validationFact(item, turn);
    }
    for (const call of toolCalls(turn.items)) {
      if (call.status === 'done' && call.change) changed.add(call.change.path);
      const path = READS.has(call.name) && call.status === 'done' ? pathOf(call) : undefined;
      if (path !== undefined) read.add(path || '.');
    }
    if (turn.halt) facts.stops.push(turn.halt.message);
  }
  facts.filesRead = [...read].filter((p) => !changed.has(p)).sort();
  facts.filesChanged = [...changed].sort();
  return facts;
}

function validationFact(item: ValidationItem, turn: Turn): NonNullable<CarriedFacts['validation']> {
  return { commands: item.steps.map((s) => argvText(s.argv)), ok: item.ok, at: turn.id };
}

/** The path a read tool's arguments name (the model wrote them: parsed defensively). */
function pathOf(call: ToolCallItem): string | undefined {
  try {
    const args = JSON.parse(call.arguments) as { path?: unknown };
    return typeof args.path === 'string' ? args.path : '';
  } catch {
    return undefined;
  }
}

/** The carried facts as the summary's first part, in Markdown the model and the user both read. */
export function carriedText(facts: CarriedFacts): string {
  const parts: string[] = ['## Carried by the runner (verbatim)'];
  parts.push('### Instructions, in order');
  for (const i of facts.instructions) parts.push(`- [${i.done ? 'done' : 'open'}] ${quoted(i.text)}`);
  if (facts.plan) {
    parts.push('### Current plan');
    for (const [key, heading] of Object.entries(PLAN_HEADINGS))
      parts.push(`**${heading}**: ${facts.plan[key as keyof PlanParts].trim()}`);
  }
  if (facts.filesChanged.length) parts.push(`### Files changed\n${facts.filesChanged.map((f) => `- ${f}`).join('\n')}`);
  if (facts.filesRead.length) parts.push(`### Files read\n${facts.filesRead.map((f) => `- ${f}`).join('\n')}`);
  if (facts.validation) {
    const { commands, ok, at } = facts.validation;
    parts.push(
      `### Validation\n${commands.map((c) => `- \`${c}\``).join('\n')}\nLast result (${at}): ${ok ? 'passed' : 'failed'}`,
    );
  }
  if (facts.stops.length) parts.push(`### Stops by the runner\n${facts.stops.map((s) => `- ${s}`).join('\n')}`);
  return parts.join('\n\n');
}

/** A user message kept whole, its lines indented under its bullet. */
function quoted(text: string): string {
  return text.trim().replace(/\n/g, '\n  ');
}
