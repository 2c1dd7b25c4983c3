import type { TurnHub } from '../agentTurns';
import { contextOf, systemText } from '../contextOf';
import type { ModelClient, TokenCounter } from '../ports';
import { ModelError } from '../ports';
import type { SessionState } from '../session';
import { carriedFacts, carriedText } from './carriedFacts';
import { summarizerMessages } from './summarizerRequest';

export interface CompactorDeps {
  counter: TokenCounter;
  clientFor(state: SessionState): Promise<ModelClient | ModelError>;
  /** The summarizer model for this session (setting); undefined: the session's own model. */
  summarizerModel?(state: SessionState): string | undefined;
  /** The summarizer model's context window, when known (the request is cut to fit it). */
  windowOf?(state: SessionState, model: string): number | undefined;
  newProposalId(): string;
}

/** The summarizer's request must fit its window; this much of it is kept for the reply. */
const REPLY_TOKENS = 4096;
const DEFAULT_WINDOW = 32_000;

/**
 * Compaction the user previews and edits: `propose` asks the summarizer for the narrative and records the
 * proposal (carried facts + narrative, token counts) without touching the context; `apply` records
 * `context_replaced` with the text the user kept; `discard` drops the proposal. A failed, empty or larger
 * summary records nothing and says why.
 */
export class Compactor {
  constructor(
    private readonly hub: TurnHub,
    private readonly deps: CompactorDeps,
  ) {}

  async propose(sessionId: string, options: { focus?: string; signal?: AbortSignal } = {}): Promise<void> {
    const live = this.hub.writable(sessionId);
    if (live.abort) throw new Error('The session is replying; compact once the turn has ended.');
    const state = live.state;
    const conversation = contextOf(state).filter((m) => m.role !== 'system');
    if (!conversation.length) throw new Error('There is nothing to compact yet.');
    const model = this.deps.summarizerModel?.(state) || state.model;
    const window = this.deps.windowOf?.(state, model) ?? DEFAULT_WINDOW;
    const messages = summarizerMessages(conversation, Math.max(1024, window - REPLY_TOKENS), options.focus);
    const narrative = (await this.summarize(state, model, messages, options.signal)).trim();
    if (!narrative) throw new Error(`The summarizer (${model}) returned nothing; the context is unchanged.`);
    const carried = carriedText(carriedFacts(state));
    const tokensBefore = await this.tokens(
      contextOf(state)
        .map((m) => m.content)
        .join('\n'),
      state.model,
    );
    const tokensAfter = await this.tokens(`${systemText(state)}\n${carried}\n\n${narrative}`, state.model);
    if (tokensAfter >= tokensBefore)
      throw new Error(
        `The summary (${tokensAfter} tokens with the system message) is not smaller than the context it would replace (${tokensBefore}); nothing changed.`,
      );
    await this.hub.append(live, {
      type: 'compaction_proposed',
      proposalId: this.deps.newProposalId(),
      carried,
      narrative,
      model,
      ...(options.focus?.trim() ? { focus: options.focus.trim() } : {}),
      contextItems: state.context.length,
      tokensBefore,
      tokensAfter,
    });
  }

  /** Applies the pending proposal with the text the user kept (default: as proposed). */
  async apply(sessionId: string, proposalId: string, text?: string): Promise<void> {
    const live = this.hub.writable(sessionId);
    const proposal = live.state.compactions.proposal;
    if (!proposal || proposal.proposalId !== proposalId) throw new Error('That compaction is no longer pending.');
    if (live.abort) throw new Error('The session is replying; apply the compaction once the turn has ended.');
    const summary = (text ?? `${proposal.carried}\n\n${proposal.narrative}`).trim();
    if (!summary) throw new Error('The summary is empty: discard the compaction instead.');
    const after = await this.tokens(`${systemText(live.state)}\n${summary}`, live.state.model);
    if (after >= proposal.tokensBefore)
      throw new Error(
        `The edited summary (${after} tokens) is not smaller than the context it would replace (${proposal.tokensBefore}); nothing changed.`,
      );
    await this.hub.append(live, {
      type: 'context_replaced',
      proposalId,
      summary,
      contextItems: proposal.contextItems,
      tokensAfter: after,
    });
  }

  async discard(sessionId: string, proposalId: string): Promise<void> {
    const live = this.hub.writable(sessionId);
    if (live.state.compactions.proposal?.proposalId !== proposalId) return;
    await this.hub.append(live, { type: 'compaction_discarded', proposalId });
  }

  private async summarize(
    state: SessionState,
    model: string,
    messages: ReturnType<typeof summarizerMessages>,
    signal = new AbortController().signal,
  ): Promise<string> {
    const client = await this.deps.clientFor(state);
    if (client instanceof ModelError) throw new Error(`The summary could not be made: ${client.message}`);
    let text = '';
    let finished = false;
    try {
      for await (const event of client.stream({ model, messages, signal })) {
        if (event.kind === 'delta') text += event.text;
        else if (event.kind === 'finish') finished = true;
      }
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      throw new Error(`The summary could not be made (${model}): ${why}. The context is unchanged.`);
    }
    if (!finished) throw new Error(`The summarizer (${model}) stopped before it finished; the context is unchanged.`);
    return text;
  }

  private async tokens(text: string, model: string): Promise<number> {
    return (await this.deps.counter.count(text, model)).tokens;
  }
}
