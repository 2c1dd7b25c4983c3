import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { ModelClient, SessionStore } from '../../src/core/ports';
import { SessionService } from '../../src/core/sessionService';
import type { AgentTools } from '../../src/core/toolStep';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { MemoryStore } from '../support/memoryStore';
import { median, ms } from './stats';

/** Tools that answer at once: the runner's own work is all that is timed. */
const instantTools: AgentTools = {
  root: '/w',
  files: {
    target: async (p) => ({ rel: p, abs: `/w/${p}`, exists: true }),
    run: async () => ({ ok: true, output: 'export const x = 1;\n'.repeat(20) }),
  },
  commands: {
    run: async (argv) => ({ argv, exitCode: 0, timedOut: false, output: '', truncated: false, durationMs: 0 }),
  },
  validation: { commands: [], timeoutMs: 1000, outputCap: 1000 },
  command: { timeoutMs: 1000, outputCap: 1000 },
};

/**
 * One Builder turn of `steps` tool steps against a model that answers at once (a read_file call each
 * time, then text). Returns the time between successive model requests: one step of the runner's own
 * work (fold, persistence, the policy, the tool port, building the next request).
 */
async function stepGaps(steps: number, store: SessionStore): Promise<number[]> {
  const stamps: number[] = [];
  let n = 0;
  const client: ModelClient = {
    async *stream() {
      stamps.push(performance.now());
      if (++n > steps) {
        yield { kind: 'delta', text: 'done' };
        yield { kind: 'finish', reason: 'stop' };
        return;
      }
      yield { kind: 'tool_call', call: { id: `c${n}`, name: 'read_file', arguments: `{"path":"src/f${n}.ts"}` } };
      yield { kind: 'usage', usage: { promptTokens: 1000 + n * 50, completionTokens: 20, totalTokens: 1020 + n * 50 } };
      yield { kind: 'finish', reason: 'tool_calls' };
    },
  };
  const service = new SessionService({
    store,
    counter: createTiktokenCounter(packageRanks),
    newSessionId: () => `bench-${steps}-${Math.random().toString(36).slice(2)}`,
    clientFor: async () => client,
    toolsFor: () => instantTools,
    limits: { maxSteps: steps + 10, maxRefusals: 3 },
  });
  const state = await service.create({
    sessionType: 'builder',
    title: 'bench',
    model: 'gpt-4o',
    endpointHost: 'h',
    systemPrompt: 'You are Builder.',
    root: '/w',
  });
  await service.send(state.id, 'read every file');
  if (service.get(state.id)!.turns[0].status !== 'done') throw new Error('the bench turn did not finish');
  await service.dispose();
  return stamps.slice(1).map((t, i) => t - stamps[i]);
}

/** Runner overhead per tool step at 50 and 500 steps, with the real fsynced log and with memory. */
export async function benchRunnerOverhead(): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'asm-bench-runner-'));
  try {
    const rows: Array<[string, number, number]> = [];
    for (const [label, store] of [
      ['event log on disk (fsync)', () => createEventLogStore(folder)],
      ['in memory (no disk)', () => new MemoryStore()],
    ] as const) {
      await stepGaps(20, store()); // warm up
      const at50 = median(await stepGaps(50, store()));
      const gaps500 = await stepGaps(500, store());
      const at500 = median(gaps500.slice(-50)); // the last 50 steps: the longest context
      rows.push([label, at50, at500]);
    }
    console.log('runner overhead per tool step (median; the model and the tool answer at once):');
    for (const [label, at50, at500] of rows)
      console.log(
        `  ${label.padEnd(26)} 50 steps: ${ms(at50)}  500 steps (last 50): ${ms(at500)}  growth x${(at500 / at50).toFixed(2)}`,
      );
    const [disk, memory] = rows;
    console.log(`  persistence share at 500 steps: x${(disk[2] / memory[2]).toFixed(2)} of the in-memory step`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
