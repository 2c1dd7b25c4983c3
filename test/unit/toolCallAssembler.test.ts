import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { chunkEvents } from '../../src/node/chatChunks';
import type { ToolCallFragment } from '../../src/node/toolCallAssembler';
import { MAX_TOOL_ARGUMENT_CHARS, MAX_TOOL_CALLS, ToolCallAssembler } from '../../src/node/toolCallAssembler';

function assemble(...fragments: ToolCallFragment[]) {
  const a = new ToolCallAssembler();
  for (const f of fragments) a.add(f);
  return a;
}

/** A chunk as a server would send it (the SDK passes the parsed JSON through unchecked). */
function chunk(delta: unknown, finish: string | null = null): ChatCompletionChunk {
  return {
    id: 'c',
    object: 'chat.completion.chunk',
    created: 0,
    model: 'm',
    choices: [{ index: 0, delta, finish_reason: finish }],
  } as unknown as ChatCompletionChunk;
}

describe('tool-call assembly', () => {
  it("joins OpenAI's deltas: id and name first, then argument fragments under the index", () => {
    const a = assemble(
      { index: 0, id: 'call_1', name: 'read_file', arguments: '' },
      { index: 0, arguments: '{"pa' },
      { index: 0, arguments: 'th":"a"}' },
    );
    assert.deepEqual(a.calls(), [{ id: 'call_1', name: 'read_file', arguments: '{"path":"a"}' }]);
  });

  it('ignores an id and a name repeated in every delta', () => {
    const a = assemble(
      { index: 0, id: 'x', name: 'read_file', arguments: '{"path":' },
      { index: 0, id: 'x', name: 'read_file', arguments: '"a"}' },
    );
    assert.deepEqual(a.calls(), [{ id: 'x', name: 'read_file', arguments: '{"path":"a"}' }]);
  });

  it('joins a name streamed in pieces', () => {
    const a = assemble({ index: 0, id: 'x', name: 'read_' }, { index: 0, name: 'file' }, { index: 0, arguments: '{}' });
    assert.equal(a.calls()[0].name, 'read_file');
  });

  it('continues a single call whose deltas carry no index', () => {
    const a = assemble({ id: 'x', name: 'list_dir', arguments: '{"pa' }, { arguments: 'th":"."}' });
    assert.deepEqual(a.calls(), [{ id: 'x', name: 'list_dir', arguments: '{"path":"."}' }]);
    const repeated = assemble(
      { id: 'x', name: 'list_dir', arguments: '{"pa' },
      { id: 'x', name: 'list_dir', arguments: 'th":"."}' },
    );
    assert.deepEqual(repeated.calls(), [{ id: 'x', name: 'list_dir', arguments: '{"path":"."}' }]);
  });

  it('orders calls by index, whatever order their deltas came in', () => {
    const a = assemble(
      { index: 1, id: 'b', name: 'edit_file', arguments: '{}' },
      { index: 0, id: 'a', name: 'read_file', arguments: '{}' },
    );
    assert.deepEqual(
      a.calls().map((c) => c.id),
      ['a', 'b'],
    );
  });

  it('takes a new id, or a new name after arguments, at a used index as another call', () => {
    const a = assemble(
      { index: 0, id: 'a', name: 'read_file', arguments: '{"path":"x"}' },
      { index: 0, id: 'b', name: 'read_file', arguments: '{"path":"y"}' },
      { index: 0, name: 'list_dir', arguments: '{}' },
    );
    assert.deepEqual(
      a.calls().map((c) => `${c.id}:${c.name}:${c.arguments}`),
      ['a:read_file:{"path":"x"}', 'b:read_file:{"path":"y"}', 'call_2:list_dir:{}'],
    );
  });

  it('yields a call without a name with name "" (the runner refuses it)', () => {
    assert.deepEqual(assemble({ index: 0, arguments: '{}' }).calls(), [{ id: 'call_0', name: '', arguments: '{}' }]);
  });

  it('makes ids unique within a reply', () => {
    const a = assemble(
      { index: 0, name: 'a', arguments: '{}' },
      { index: 1, id: 'call_0', name: 'b', arguments: '{}' },
    );
    assert.deepEqual(
      a.calls().map((c) => c.id),
      ['call_0', 'call_0_2'],
    );
  });

  it(`keeps the first ${MAX_TOOL_ARGUMENT_CHARS} characters of a call's arguments`, () => {
    const a = new ToolCallAssembler();
    a.add({ index: 0, id: 'x', name: 'write_file', arguments: '{"content":"' });
    const piece = 'y'.repeat(1_000_000);
    for (let i = 0; i < 6; i++) a.add({ index: 0, arguments: piece });
    const args = a.calls()[0].arguments;
    assert.equal(args.length, MAX_TOOL_ARGUMENT_CHARS);
    assert.ok(args.startsWith('{"content":"yyy'));
  });

  it(`keeps at most ${MAX_TOOL_CALLS} calls and says it dropped the rest`, () => {
    const a = new ToolCallAssembler();
    for (let i = 0; i < MAX_TOOL_CALLS + 5; i++) {
      a.add({ index: i, id: `c${i}`, name: 'read_file', arguments: '{"pa' });
      a.add({ index: i, arguments: 'th":"x"}' });
    }
    const calls = a.calls();
    assert.equal(calls.length, MAX_TOOL_CALLS);
    assert.equal(calls.at(-1)!.id, `c${MAX_TOOL_CALLS - 1}`);
    assert.equal(calls.at(-1)!.arguments, '{"path":"x"}');
    assert.equal(a.overflowed, true);
    assert.equal(assemble({ index: 0, name: 'a' }).overflowed, false);
  });
});

describe('tool-call fragments in chunks', () => {
  it('reads tool_calls deltas, text first, the finish reason last', () => {
    const events = chunkEvents(
      chunk(
        {
          content: 'ok',
          tool_calls: [{ index: 0, id: 'x', type: 'function', function: { name: 'read_file', arguments: '{}' } }],
        },
        'tool_calls',
      ),
    );
    assert.deepEqual(events, [
      { kind: 'delta', text: 'ok' },
      { kind: 'tool_fragment', fragment: { index: 0, id: 'x', name: 'read_file', arguments: '{}' } },
      { kind: 'finish', reason: 'tool_calls' },
    ]);
  });

  it('reads the legacy function_call delta as call 0', () => {
    const events = chunkEvents(chunk({ function_call: { name: 'list_dir', arguments: '{}' } }));
    assert.deepEqual(events, [{ kind: 'tool_fragment', fragment: { index: 0, name: 'list_dir', arguments: '{}' } }]);
  });

  it('keeps arguments sent as an object as their JSON text, and drops malformed entries', () => {
    const events = chunkEvents(
      chunk({ tool_calls: [null, 'x', { index: -1, function: { name: 'read_file', arguments: { path: 'a' } } }] }),
    );
    assert.deepEqual(events, [{ kind: 'tool_fragment', fragment: { name: 'read_file', arguments: '{"path":"a"}' } }]);
  });
});
