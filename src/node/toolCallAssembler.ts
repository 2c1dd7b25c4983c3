import type { ModelToolCall } from '../core/ports';

/** A call's arguments past this are cut (the start is kept): the runner refuses them as invalid JSON. */
export const MAX_TOOL_ARGUMENT_CHARS = 4_000_000;
/** Calls past this many in one reply are dropped. */
export const MAX_TOOL_CALLS = 64;
const MAX_NAME_CHARS = 1000;

/** One streamed piece of a tool call, as a delta carried it; every field may be missing. */
export interface ToolCallFragment {
  index?: number;
  id?: string;
  name?: string;
  arguments?: string;
}

interface Slot {
  index: number;
  seq: number;
  id: string;
  name: string;
  parts: string[];
  length: number;
  cut: boolean;
}

/**
 * Joins the tool-call deltas of one reply into whole calls. OpenAI streams the id and name in the first
 * delta of an `index`, then argument fragments for that index. Other servers differ, and each is handled:
 * the whole call in one delta (Ollama, vLLM, llama.cpp), the id or name repeated in every delta, no
 * `index` at all (one call, or several calls each with its own id), or a new id (or a new name after
 * the arguments) at an index already used: a second call. Arguments stay raw text, never parsed here.
 */
export class ToolCallAssembler {
  private readonly slots: Slot[] = [];
  private readonly byIndex = new Map<number, Slot>();
  /** The slot the last fragment went to; null when it began a call past MAX_TOOL_CALLS (dropped). */
  private last: Slot | null | undefined;
  private overflow = false;

  /** Whether the reply made more than MAX_TOOL_CALLS calls (the later ones were dropped). */
  get overflowed(): boolean {
    return this.overflow;
  }

  get size(): number {
    return this.slots.length;
  }

  add(fragment: ToolCallFragment): void {
    const slot = this.slotFor(fragment);
    if (!slot) {
      this.last = null;
      return;
    }
    this.last = slot;
    if (fragment.id && !slot.id) slot.id = fragment.id;
    if (fragment.name && fragment.name !== slot.name) {
      slot.name = (slot.name + fragment.name).slice(0, MAX_NAME_CHARS);
    }
    if (fragment.arguments) append(slot, fragment.arguments);
  }

  /** The calls in index order (then in the order they began); a missing id becomes `call_<n>`, unique. */
  calls(): ModelToolCall[] {
    const ordered = [...this.slots].sort((a, b) => a.index - b.index || a.seq - b.seq);
    const used = new Set<string>();
    return ordered.map((slot, n) => {
      let id = slot.id || `call_${n}`;
      for (let k = 2; used.has(id); k++) id = `${slot.id || `call_${n}`}_${k}`;
      used.add(id);
      return { id, name: slot.name, arguments: slot.parts.join('') };
    });
  }

  private slotFor(fragment: ToolCallFragment): Slot | undefined {
    if (fragment.index === undefined) {
      // No index: a fragment with a new id begins a new call; anything else continues the last one.
      const last = this.last;
      if (last === null && !fragment.id) return undefined; // continues a dropped call
      if (last && !beginsAnother(last, fragment)) return last;
      const next = this.slots.reduce((max, s) => Math.max(max, s.index + 1), 0);
      return this.open(next);
    }
    const existing = this.byIndex.get(fragment.index);
    if (existing && !beginsAnother(existing, fragment)) return existing;
    return this.open(fragment.index);
  }

  private open(index: number): Slot | undefined {
    if (this.slots.length >= MAX_TOOL_CALLS) {
      this.overflow = true;
      this.last = null;
      return undefined;
    }
    const slot: Slot = { index, seq: this.slots.length, id: '', name: '', parts: [], length: 0, cut: false };
    this.slots.push(slot);
    this.byIndex.set(index, slot);
    return slot;
  }
}

/** A different id, or a different name after the arguments began, is another call at the same place. */
function beginsAnother(slot: Slot, fragment: ToolCallFragment): boolean {
  if (fragment.id && slot.id && fragment.id !== slot.id) return true;
  return Boolean(fragment.name && slot.length > 0 && fragment.name !== slot.name);
}

function append(slot: Slot, text: string): void {
  if (slot.cut) return;
  const room = MAX_TOOL_ARGUMENT_CHARS - slot.length;
  const piece = text.length > room ? text.slice(0, room) : text;
  slot.parts.push(piece);
  slot.length += piece.length;
  if (piece.length < text.length) slot.cut = true;
}
