import { estimateNextPrompt, unmeasuredReplyText } from '../../src/core/contextEstimate';
import { foldSession } from '../../src/core/session';
import type { SessionEvent } from '../../src/core/sessionEvents';
import { computeGauge } from '../../src/core/tokenMeter';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { median, ms, runs } from './stats';

/**
 * Gauge update after one more 2 KB message on a session of ~1M tokens: the incremental estimate
 * (count only the new message, add it to the last measured context) against a full recount of the
 * whole conversation with the same tokenizer, in the same process.
 */
export function benchGaugeUpdate(): {
  incrementalMedianMs: number;
  recountMedianMs: number;
  ratio: number;
  tokens: number;
} {
  const counter = createTiktokenCounter(packageRanks);
  const model = 'gpt-4o';
  const paragraph = 'The session manager appends every event to its log before the views hear of it; state is a fold. ';
  const turnText = paragraph.repeat(40); // ~4 KB, ~800 tokens
  const events: SessionEvent[] = [];
  let seq = 0;
  const at = new Date(0).toISOString();
  events.push({
    seq: ++seq,
    at,
    type: 'session_created',
    sessionId: 's',
    sessionType: 'builder',
    source: 'own',
    title: 'big',
    model,
    endpointHost: 'h',
    systemPrompt: 'You are Builder.',
  });
  let prompt = 0;
  let turns = 0;
  const perTurn = counter.countSync(turnText, model) * 2;
  while (prompt < 1_000_000) {
    const turnId = `t${++turns}`;
    events.push({ seq: ++seq, at, type: 'user_message', turnId, text: turnText });
    events.push({ seq: ++seq, at, type: 'assistant_delta', turnId, text: turnText });
    prompt += perTurn;
    events.push({
      seq: ++seq,
      at,
      type: 'usage_reported',
      turnId,
      usage: { promptTokens: prompt, completionTokens: perTurn / 2, totalTokens: prompt + perTurn / 2 },
    });
    events.push({ seq: ++seq, at, type: 'turn_completed', turnId, finishReason: 'stop' });
  }
  const state = foldSession(events);
  const message = 'x'.repeat(0) + paragraph.repeat(21).slice(0, 2048);
  const settings = { contextWindows: {}, warningPercent: 70, errorPercent: 90 };
  counter.countSync(message, model); // load ranks outside the timing
  const incremental = runs(200, () => {
    const estimate = estimateNextPrompt(
      state,
      {
        systemTokens: counter.countSync(state.systemPrompt, model),
        newMessageTokens: counter.countSync(message, model),
        unmeasuredReplyTokens: counter.countSync(unmeasuredReplyText(state), model),
      },
      'o200k_base',
    );
    const next = {
      ...state,
      turns: [
        ...state.turns,
        {
          id: 'n',
          userText: message,
          assistantText: '',
          items: [],
          unvalidatedChanges: 0,
          validationFailures: 0,
          planReminders: 0,
          usages: [],
          clock: { runMs: 0, since: at },
          status: 'streaming' as const,
          startedAt: at,
          estimate,
        },
      ],
    };
    computeGauge(next, { tokens: 128_000, source: { kind: 'settings' } }, settings);
  });
  const whole = state.turns.map((t) => `${t.userText}\n${t.assistantText}`).join('\n') + message;
  const recount = runs(3, () => {
    counter.countSync(whole, model);
  });
  const incrementalMedianMs = median(incremental);
  const recountMedianMs = median(recount);
  const tokens = counter.countSync(whole, model);
  console.log(`gauge update, 2 KB message on a ${(tokens / 1e6).toFixed(2)}M-token session (${turns} turns):`);
  console.log(
    `  incremental median ${ms(incrementalMedianMs)} | full recount median ${ms(recountMedianMs)} | ratio ${(recountMedianMs / incrementalMedianMs).toFixed(0)}x faster (target: <= 1 ms, >= 100x)`,
  );
  return { incrementalMedianMs, recountMedianMs, ratio: recountMedianMs / incrementalMedianMs, tokens };
}
