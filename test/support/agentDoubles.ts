import type { ModelClient, ModelStreamEvent, ChatRequest } from '../../src/core/ports';
import type { AgentTools } from '../../src/core/toolStep';

/** One scripted reply per request, in order; every request is kept. */
export function repliesClient(replies: ModelStreamEvent[][], requests: ChatRequest[]): ModelClient {
  return {
    async *stream(request) {
      requests.push(request);
      for (const event of replies.shift() ?? [{ kind: 'finish', reason: 'stop' }]) yield event;
    },
  };
}

export const call = (name: string, args: unknown): ModelStreamEvent => ({
  kind: 'tool_call',
  call: { id: 'call_0', name, arguments: JSON.stringify(args) },
});
export const finish = (reason = 'tool_calls'): ModelStreamEvent => ({ kind: 'finish', reason });

/** In-memory doubles of the tool ports: writes land in a map, commands exit with the queued codes. */
export function toolsDouble(exitCodes: number[]) {
  const files = new Map<string, string>();
  const ran: string[][] = [];
  const tools: AgentTools = {
    root: '/w',
    files: {
      target: async (p) => ({ rel: p, abs: `/w/${p}`, exists: files.has(p) }),
      run: async (c) => {
        if (c.name !== 'write_file') return { ok: true, output: 'read' };
        files.set(c.args.path, c.args.content);
        return { ok: true, output: 'written', change: { path: c.args.path, created: true, diff: '+' } };
      },
    },
    commands: {
      run: async (argv) => {
        ran.push(argv);
        const exitCode = exitCodes.shift() ?? 0;
        return { argv, exitCode, timedOut: false, output: `exit ${exitCode}`, truncated: false, durationMs: 1 };
      },
    },
    validation: { commands: [['npm', 'test']], timeoutMs: 1000, outputCap: 1000 },
    command: { timeoutMs: 1000, outputCap: 1000 },
  };
  return { tools, files, ran };
}
