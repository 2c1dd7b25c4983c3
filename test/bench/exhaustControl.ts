import { MESSAGE_OVERHEAD_TOKENS, REPLY_PRIMING_TOKENS } from '../../src/core/contextEstimate';
import type { ChatMessage, ChatRequest, ModelClient, ModelStreamEvent, TokenCounter } from '../../src/core/ports';
import { SessionService } from '../../src/core/sessionService';
import type { ToolOutputStore } from '../../src/core/tools/toolPorts';
import type { AgentTools } from '../../src/core/toolStep';
import { toolCalls } from '../../src/core/turnItems';
import { OutputCap } from '../../src/node/tools/outputCap';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { MemoryStore } from '../support/memoryStore';

const MODEL = 'gpt-4o';
/** The command output cap the runner had before exhaust control (head and tail, bytes). */
const OLD_CAP = 64 * 1024;
/** The cap it has now (src/vscode/agentTools.ts): a 200 KB log passes whole. */
const NEW_CAP = 4 * 1024 * 1024;
const THRESHOLD = 8000;
const LOG_BYTES = 200 * 1024;
const ERROR_LINE = "src/billing/invoice.ts(214,11): error TS2322: Type 'string' is not assignable to type 'number'.";

/** A TypeScript module of about `bytes` characters, different per path. */
function sourceFile(path: string, bytes: number): string {
  const name = path.replace(/^.*\/|\.ts$/g, '').replace(/\W/g, '_');
  const lines = [
    `import type { Invoice, LineItem } from './types';`,
    `import { roundCents, currencyOf } from '../money';`,
    '',
    `/** ${name}: totals, taxes and discounts of one invoice. */`,
  ];
  for (let i = 0; lines.join('\n').length < bytes; i++)
    lines.push(
      `export function ${name}Step${i}(invoice: Invoice, items: readonly LineItem[]): number {`,
      `  const currency = currencyOf(invoice.customer, ${i});`,
      `  let total = 0;`,
      `  for (const item of items) total += item.quantity * item.unitPrice * (1 - (item.discount ?? 0));`,
      `  if (invoice.taxRate > 0) total += total * invoice.taxRate; // ${name} rule ${i}`,
      `  return roundCents(total, currency);`,
      `}`,
      '',
    );
  const text = lines.join('\n') + '\n';
  return `${path} (${text.split('\n').length - 1} lines)\n${text}`;
}

/** A ~200 KB build log: numbered lines, the compiler error near the end. */
function buildLog(run: number): string {
  const lines: string[] = [`> billing@1.4.0 build`, `> tsc -p tsconfig.json && node scripts/bundle.mjs`];
  let n = 0;
  while (lines.join('\n').length < LOG_BYTES - 600) {
    n++;
    lines.push(`[${String(n).padStart(4)}] compiled src/modules/m${n % 97}/part${n}.ts in ${(n * 7 + run) % 90} ms`);
  }
  lines.push(ERROR_LINE, '', `Found 1 error in src/billing/invoice.ts:214`, `npm ERR! code ${run + 1}`);
  lines.push(`npm ERR! billing@1.4.0 build: exit status 2`, `npm ERR! A complete log of this run is kept.`);
  return lines.join('\n') + '\n';
}

type Step = { name: string; args: unknown };
const read = (path: string): Step => ({ name: 'read_file', args: { path } });
const build: Step = { name: 'run_command', args: { argv: ['npm', 'run', 'build'] } };
const edit = (path: string, n: number): Step => ({
  name: 'edit_file',
  args: { path, search: `rule ${n}`, replace: `rule ${n} (rounded per line)` },
});

/** 30 tool calls of one Builder turn: explore, read, build, edit, build again. */
const SCRIPT: Step[] = [
  { name: 'list_dir', args: {} },
  { name: 'list_dir', args: { path: 'src' } },
  { name: 'search_text', args: { pattern: 'roundCents', glob: 'src/**/*.ts' } },
  ...['invoice', 'totals', 'tax', 'discount', 'money', 'types'].map((f) => read(`src/billing/${f}.ts`)),
  build,
  { name: 'search_text', args: { pattern: 'taxRate', fixed: true } },
  ...['customer', 'currency', 'lineItem', 'format'].map((f) => read(`src/billing/${f}.ts`)),
  edit('src/billing/invoice.ts', 3),
  edit('src/billing/totals.ts', 5),
  build,
  read('src/billing/invoice.ts'),
  { name: 'search_text', args: { pattern: 'unitPrice\\s*\\*', path: 'src' } },
  ...['rounding', 'ledger', 'export', 'audit'].map((f) => read(`src/billing/${f}.ts`)),
  edit('src/billing/invoice.ts', 7),
  { name: 'list_dir', args: { path: 'test/billing' } },
  read('test/billing/invoice.test.ts'),
  edit('test/billing/invoice.test.ts', 2),
  build,
  read('src/billing/totals.ts'),
];

function searchOutput(pattern: string): string {
  const hits = Array.from(
    { length: 24 },
    (_, i) => `src/billing/${['invoice', 'totals', 'tax', 'ledger'][i % 4]}.ts:${10 + i * 17}:  ${pattern}(total, 2)`,
  );
  return hits.join('\n');
}

function listOutput(path: string | undefined): string {
  const names = ['billing/', 'modules/', 'invoice.ts', 'totals.ts', 'tax.ts', 'money.ts', 'types.ts', 'index.ts'];
  return `${path || '.'}/ (${names.length} entries)\n${names.join('\n')}`;
}

/** The tool ports over made-up files; a command prints a build log, cut the way `cap` (bytes) cuts it. */
function scriptedTools(exhaust: AgentTools['exhaust'], cap: number): AgentTools {
  let runs = 0;
  return {
    root: '/w',
    files: {
      target: async (p) => ({ rel: p, abs: `/w/${p}`, exists: true }),
      run: async (c) => {
        if (c.name === 'read_file')
          return { ok: true, output: sourceFile(c.args.path, 2000 + (c.args.path.length % 5) * 500) };
        if (c.name === 'search_text') return { ok: true, output: searchOutput(c.args.pattern) };
        if (c.name === 'list_dir') return { ok: true, output: listOutput(c.args.path) };
        if (c.name === 'edit_file') {
          const diff = `--- a/${c.args.path}\n+++ b/${c.args.path}\n@@ -40,1 +40,1 @@\n-${c.args.search}\n+${c.args.replace}\n`;
          return {
            ok: true,
            output: `edited ${c.args.path}: 1 line changed`,
            change: { path: c.args.path, created: false, diff },
          };
        }
        return { ok: false, output: `${c.name} is not scripted` };
      },
    },
    commands: {
      // the real runner cuts with the same OutputCap (src/node/tools/commandRunner.ts)
      run: async (argv, options) => {
        const out = new OutputCap(options.outputCap);
        out.add(Buffer.from(buildLog(++runs)));
        return { argv, exitCode: 2, timedOut: false, output: out.text(), truncated: out.truncated, durationMs: 1 };
      },
    },
    validation: { commands: [], timeoutMs: 60_000, outputCap: cap },
    command: { timeoutMs: 60_000, outputCap: cap },
    ...(exhaust ? { exhaust } : {}),
  };
}

function memoryOutputs(): ToolOutputStore {
  const files = new Map<string, string>();
  return {
    keep: async (id, text) => (files.set(`bench.tool-${id}.txt`, text), `bench.tool-${id}.txt`),
    read: async (file) => files.get(file) ?? '',
  };
}

/** The prompt tokens of a request's messages, counted the way the context estimate counts a message. */
async function promptTokens(counter: TokenCounter, messages: readonly ChatMessage[]): Promise<number> {
  const count = async (s: string) => (s ? (await counter.count(s, MODEL)).tokens : 0);
  let tokens = REPLY_PRIMING_TOKENS;
  for (const m of messages) {
    tokens += MESSAGE_OVERHEAD_TOKENS + (await count(m.content));
    if (m.role === 'assistant' && m.toolCalls)
      for (const c of m.toolCalls) tokens += (await count(c.name)) + (await count(c.arguments));
  }
  return tokens;
}

/** Runs the script as one Builder turn (the build approved for the session once); the last request. */
async function lastRequest(counter: TokenCounter, tools: AgentTools): Promise<ChatRequest> {
  const requests: ChatRequest[] = [];
  const client: ModelClient = {
    async *stream(request) {
      requests.push(request);
      const step = SCRIPT[requests.length - 1];
      const events: ModelStreamEvent[] = step
        ? [
            { kind: 'delta', text: `Next: ${step.name}.` },
            {
              kind: 'tool_call',
              call: { id: `call_${requests.length}`, name: step.name, arguments: JSON.stringify(step.args) },
            },
            { kind: 'finish', reason: 'tool_calls' },
          ]
        : [
            { kind: 'delta', text: 'Fixed: invoice totals round per line; the build passes the type check.' },
            { kind: 'finish', reason: 'stop' },
          ];
      yield* events;
    },
  };
  const svc = new SessionService({
    store: new MemoryStore(),
    counter,
    newSessionId: () => 'bench-exhaust',
    clientFor: async () => client,
    toolsFor: () => tools,
    limits: { maxSteps: SCRIPT.length + 5, maxRefusals: 3 },
  });
  await svc.create({
    sessionType: 'builder',
    title: 'bench',
    model: MODEL,
    endpointHost: 'h',
    systemPrompt: 'You are Builder.',
    root: '/w',
  });
  await svc.send('bench-exhaust', 'Invoice totals are off by a cent: fix the rounding and make the build pass.');
  for (;;) {
    const turn = svc.get('bench-exhaust')!.turns[0];
    const waiting = toolCalls(turn.items).find((c) => c.status === 'awaiting_approval');
    if (!waiting) break;
    await svc.decide('bench-exhaust', waiting.callId, 'approve_always');
  }
  const turn = svc.get('bench-exhaust')!.turns[0];
  const ran = toolCalls(turn.items).filter((c) => c.status === 'done' || c.status === 'failed').length;
  await svc.dispose();
  if (turn.status !== 'done' || ran !== SCRIPT.length)
    throw new Error(`the bench turn ended ${turn.status} after ${ran} of ${SCRIPT.length} tool calls`);
  return requests[requests.length - 1];
}

/** Exhaust control: the last request's prompt tokens with it, against the same script without it. */
export async function benchExhaustControl(): Promise<void> {
  const counter = createTiktokenCounter(packageRanks);
  const measure = async (tools: AgentTools) => {
    const request = await lastRequest(counter, tools);
    const logs = request.messages.filter((m) => m.content.includes(ERROR_LINE));
    const logTokens = (await promptTokens(counter, logs)) - REPLY_PRIMING_TOKENS;
    return { tokens: await promptTokens(counter, request.messages), logTokens, errorShown: logs.length };
  };
  const capped = await measure(scriptedTools(undefined, OLD_CAP));
  const whole = await measure(scriptedTools(undefined, NEW_CAP));
  const exhaust = await measure(scriptedTools({ threshold: THRESHOLD, store: memoryOutputs() }, NEW_CAP));
  const pct = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
  const verdict = exhaust.tokens / capped.tokens <= 0.25 ? 'PASS' : 'MISS';
  const row = (label: string, r: { tokens: number; logTokens: number; errorShown: number }) =>
    `  ${label.padEnd(52)} ${String(r.tokens).padStart(7)} tokens, the three logs ${String(r.logTokens).padStart(6)} ` +
    `(the error line in ${r.errorShown} of 3), the rest ${r.tokens - r.logTokens}`;
  console.log(
    `exhaust control, a Builder turn of ${SCRIPT.length} tool calls with three ${LOG_BYTES / 1024} KB build logs (last request's prompt tokens, ${MODEL}):`,
  );
  console.log(row('without: 64 KiB head+tail command cap (as before)', capped));
  console.log(row('without: the whole 200 KB logs in context (no cap)', whole));
  console.log(row(`with: exhaust control at ${THRESHOLD} characters`, exhaust));
  console.log(
    `  with / without (64 KiB cap): ${pct(exhaust.tokens, capped.tokens)} — ${verdict} (target <= 25 %); with / whole logs: ${pct(exhaust.tokens, whole.tokens)}`,
  );
}
