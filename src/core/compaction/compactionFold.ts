import type { ContextItem } from '../contextItems';
import type { SessionEvent, SessionEventPayload } from '../sessionEvents';

/**
 * A proposed summary, waiting for the user to apply (perhaps edited) or discard it; it survives a reload. Its
 * fields are the event's: the runner's verbatim part (`carried`) and the summarizer's `narrative`, the model,
 * the focus, how many context items it replaces (later ones stay), and the token counts.
 */
export type CompactionProposal = Omit<Extract<SessionEventPayload, { type: 'compaction_proposed' }>, 'type'> & {
  at: string;
};

/** A compaction applied: the transcript shows a "compacted here" divider after `afterTurn`. */
export interface AppliedCompaction {
  proposalId: string;
  afterTurn?: string;
  /** The context's size right after it (system message and summary), as counted when applied. */
  tokensAfter?: number;
  at: string;
}

export interface Compactions {
  proposal?: CompactionProposal;
  applied: AppliedCompaction[];
}

export const NO_COMPACTIONS: Compactions = { applied: [] };

/** The compaction events folded into the session's compactions; others return the same object. */
export function foldCompactions(compactions: Compactions, event: SessionEvent, lastTurn?: string): Compactions {
  switch (event.type) {
    case 'compaction_proposed': {
      const { type: _type, seq: _seq, ...proposal } = event;
      return { ...compactions, proposal };
    }
    case 'compaction_discarded':
      return compactions.proposal?.proposalId === event.proposalId
        ? { ...compactions, proposal: undefined }
        : compactions;
    case 'context_replaced': {
      const applied: AppliedCompaction = {
        proposalId: event.proposalId,
        at: event.at,
        ...(lastTurn ? { afterTurn: lastTurn } : {}),
        ...(event.tokensAfter === undefined ? {} : { tokensAfter: event.tokensAfter }),
      };
      return { proposal: undefined, applied: [...compactions.applied, applied] };
    }
    default:
      return compactions;
  }
}

/**
 * What the model sees after a compaction: the summary in place of the items it replaces, and every item
 * recorded since the proposal was made. The transcript (the turns) keeps everything.
 */
export function replacedContext(items: ContextItem[], summary: string, replaced: number): ContextItem[] {
  return [{ kind: 'summary', text: summary }, ...items.slice(Math.min(replaced, items.length))];
}
