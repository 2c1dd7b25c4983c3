import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatMessage, ModelStreamEvent, ToolSpec } from '../../src/core/ports';
import { ModelError } from '../../src/core/ports';
import { toolSpec } from '../../src/core/tools/toolSpecs';
import { createOpenAIClient } from '../../src/node/openaiClient';
import { BUILDER_LOOP_IDS, builderLoop, toolTurn } from '../peer/agentScripts';
import { errorBodies, startPeer } from '../peer/openaiPeer';
import type { Peer, PeerScript } from '../peer/openaiPeer';

let peer: Peer;
before(async () => {
  peer = await startPeer();
});
after(async () => {
  await peer.close();
});

const TOOLS: ToolSpec[] = [toolSpec('read_file'), toolSpec('edit_file')];

async function run(script: PeerScript | undefined, options: { messages?: ChatMessage[]; tools?: ToolSpec[] } = {}) {
  if (script) peer.enqueue(script);
  const log: string[] = [];
  const client = createOpenAIClient({
    baseURL: peer.baseUrl,
    idleTimeoutMs: 5000,
    maxRetryWaitMs: 30_000,
    sleep: async () => undefined, // a retry would be counted in `requests`, not waited for
    log: (l) => log.push(l),
  });
  const events: ModelStreamEvent[] = [];
  const before = peer.requests.length;
  let error: ModelError | undefined;
  try {
    for await (const e of client.stream({
      model: 'gpt-4o',
      messages: options.messages ?? [{ role: 'user', content: 'fix the bug' }],
      tools: 'tools' in options ? options.tools : TOOLS,
      signal: new AbortController().signal,
    }))
      events.push(e);
  } catch (e) {
    if (!(e instanceof ModelError)) throw e;
    error = e;
  }
  const requests = peer.requests.length - before;
  return { events: events.filter((e) => e.kind !== 'usage'), error, requests, log, sent: peer.requests.at(-1)! };
}

const read = { name: 'read_file', arguments: '{"path":"src/add.ts","startLine":1,"endLine":40}' };
const edit = { name: 'edit_file', arguments: '{"path":"src/add.ts","search":"a - b","replace":"a + b"}' };

describe('openai client: tool calls through the real SDK', () => {
  it('joins a call split across deltas and yields it whole, after the text and before finish', async () => {
    const r = await run(toolTurn([{ ...read, id: 'call_abc' }], { text: 'Reading it.' }));
    assert.equal(r.error, undefined);
    assert.deepEqual(r.events, [
      { kind: 'delta', text: 'Reading it.' },
      { kind: 'tool_call', call: { id: 'call_abc', ...read } },
      { kind: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('yields two parallel calls in index order', async () => {
    const r = await run(toolTurn([read, edit]));
    assert.deepEqual(r.events, [
      { kind: 'tool_call', call: { id: 'call_0', ...read } },
      { kind: 'tool_call', call: { id: 'call_1', ...edit } },
      { kind: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('takes a whole call sent in one delta (Ollama, vLLM, llama.cpp)', async () => {
    const r = await run(toolTurn([{ ...read, id: 'call_w' }], { style: 'whole' }));
    assert.deepEqual(r.events, [
      { kind: 'tool_call', call: { id: 'call_w', ...read } },
      { kind: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('tells apart calls sent without an index by their ids', async () => {
    const r = await run(
      toolTurn(
        [
          { ...read, id: 'a' },
          { ...edit, id: 'b' },
        ],
        { style: 'unindexed' },
      ),
    );
    assert.deepEqual(r.events, [
      { kind: 'tool_call', call: { id: 'a', ...read } },
      { kind: 'tool_call', call: { id: 'b', ...edit } },
      { kind: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('gives a call without an id a stable one of its own', async () => {
    const r = await run(toolTurn([{ ...read, id: null }], { style: 'unindexed' }));
    assert.deepEqual(r.events[0], { kind: 'tool_call', call: { id: 'call_0', ...read } });
  });

  it('sends the tools and the tool messages in OpenAI wire shape', async () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'You are a Builder.' },
      { role: 'user', content: 'fix the bug' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'call_r', ...read }] },
      { role: 'tool', toolCallId: 'call_r', content: '1: export const add = (a, b) => a - b;' },
    ];
    const r = await run(undefined, { messages });
    assert.deepEqual(r.sent.body.tools, [
      {
        type: 'function',
        function: { name: 'read_file', description: TOOLS[0].description, parameters: TOOLS[0].parameters },
      },
      {
        type: 'function',
        function: { name: 'edit_file', description: TOOLS[1].description, parameters: TOOLS[1].parameters },
      },
    ]);
    assert.deepEqual(r.sent.body.messages, [
      { role: 'system', content: 'You are a Builder.' },
      { role: 'user', content: 'fix the bug' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_r', type: 'function', function: { name: 'read_file', arguments: read.arguments } }],
      },
      { role: 'tool', tool_call_id: 'call_r', content: '1: export const add = (a, b) => a - b;' },
    ]);
  });

  it('sends no tools field when none are offered', async () => {
    const r = await run(undefined, { tools: [] });
    assert.equal('tools' in r.sent.body, false);
    assert.equal(r.error, undefined);
  });

  it('after a tool-call delta, a cut connection is incomplete: no retry, no half call yielded', async () => {
    // lines: the call's first half (with id and name), its second half, finish; cut after the first
    const r = await run({ ...toolTurn([read]), cutAfterChunks: 1 });
    assert.equal(r.error?.kind, 'incomplete');
    assert.equal(r.requests, 1, 'a reply that has begun is never asked for twice');
    assert.deepEqual(r.events, []);
  });

  it('a reply whose calls never finish (no finish_reason) yields none of them', async () => {
    const r = await run({ ...toolTurn([read]), omitFinishReason: true });
    assert.equal(r.error?.kind, 'incomplete');
    assert.match(r.error!.message, /unfinished tool calls are not run/);
    assert.deepEqual(r.events, []);
  });

  it('plays the Builder loop script: read, edit, validation, answer', async () => {
    const [first, second, third, last] = builderLoop();
    const ids = (r: Awaited<ReturnType<typeof run>>) =>
      r.events.flatMap((e) => (e.kind === 'tool_call' ? [`${e.call.id}:${e.call.name}`] : []));
    assert.deepEqual(ids(await run(first)), [`${BUILDER_LOOP_IDS.read}:read_file`]);
    assert.deepEqual(ids(await run(second)), [`${BUILDER_LOOP_IDS.edit}:edit_file`]);
    assert.deepEqual(ids(await run(third)), [`${BUILDER_LOOP_IDS.validate}:run_validation`]);
    const answer = await run(last);
    assert.deepEqual(ids(answer), []);
    assert.deepEqual(answer.events.at(-1), { kind: 'finish', reason: 'stop' });
  });
});

describe('openai client: endpoints that refuse tools', () => {
  const refusals: Array<[string, number, unknown, RegExp?]> = [
    ['Ollama', 400, errorBodies.ollamaToolsUnsupported],
    ['vLLM without tool parsing', 400, errorBodies.vllmAutoToolChoice, /--enable-auto-tool-choice/],
    ['llama.cpp without --jinja', 500, errorBodies.llamaCppNoJinja, /--jinja/],
    ['older llama.cpp', 500, errorBodies.llamaCppUnsupportedTools],
    ['OpenRouter', 404, errorBodies.openRouterNoToolEndpoints],
    ['OpenAI unsupported_parameter', 400, errorBodies.openaiToolsUnsupported],
    ['Azure', 400, errorBodies.azureUnrecognizedTools],
    ['a gateway (422)', 422, errorBodies.genericFunctionCalling],
    ['a generic wording', 400, errorBodies.genericToolUse],
  ];
  for (const [who, status, errorBody, hint] of refusals) {
    it(`${who} (${status}) is tools_unsupported, said plainly, never retried`, async () => {
      const r = await run({ status, errorBody });
      assert.equal(r.error?.kind, 'tools_unsupported');
      assert.match(r.error!.message, /does not support tools; the session runs as chat/);
      if (hint) assert.match(r.error!.message, hint);
      assert.equal(r.requests, 1);
    });
  }

  const others: Array<[string, number, unknown]> = [
    ['an invalid tool schema', 400, errorBodies.invalidToolSchema],
    ['a tool message without its call', 400, errorBodies.orphanToolMessage],
    ['OpenRouter without the model', 404, errorBodies.openRouterNoModelEndpoints],
  ];
  for (const [what, status, errorBody] of others) {
    it(`${what} (${status}) stays bad_request`, async () => {
      const r = await run({ status, errorBody });
      assert.equal(r.error?.kind, 'bad_request');
    });
  }

  it('a refusal wording on a request that offered no tools is not about tools', async () => {
    const r = await run({ status: 400, errorBody: errorBodies.ollamaToolsUnsupported }, { tools: [] });
    assert.equal(r.error?.kind, 'bad_request');
  });
});
