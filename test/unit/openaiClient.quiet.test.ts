import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { withoutEventFields } from '../../src/node/quietSdk';
import { startPeer } from '../peer/openaiPeer';
import type { Peer } from '../peer/openaiPeer';

let peer: Peer;
before(async () => {
  peer = await startPeer();
});
after(async () => {
  await peer.close();
});

const MARKER = 'sk-proj-SECRETMARKER0123456789abcdef';

/** Runs one turn in a real child process, with the SDK's own logging asked for by the environment. */
function runChild(): Promise<{ printed: string; result: { kind?: string; message?: string; log: string[] } }> {
  const child = spawn(process.execPath, [path.join(__dirname, '../support/quietChild.js'), peer.baseUrl], {
    env: { ...process.env, OPENAI_LOG: 'debug' },
  });
  let printed = '';
  child.stdout.on('data', (d: Buffer) => (printed += d.toString()));
  child.stderr.on('data', (d: Buffer) => (printed += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', () => {
      const line = printed.split('\n').find((l) => l.startsWith('RESULT '));
      if (!line) reject(new Error(`the child printed no result: ${printed}`));
      else resolve({ printed, result: JSON.parse(line.slice(7)) });
    });
  });
}

describe('openai client: the SDK prints nothing of the stream', () => {
  const cases: Array<[string, string, string | undefined]> = [
    ['a torn JSON line', `{"choices": [{"delta": {"content": "${MARKER}`, undefined],
    ['a line the parser quotes in its message', `${MARKER} and more`, undefined],
    ['a torn line after "event: thread.message.delta"', `{"content": "${MARKER}`, 'thread.message.delta'],
  ];
  for (const [name, text, event] of cases) {
    it(`${name} is printed nowhere, and the turn fails as a malformed stream line`, async () => {
      peer.enqueue({ chunks: ['a', 'b'], malformedLine: true, malformedText: text, malformedEvent: event });
      const { printed, result } = await runChild();
      assert.equal(result.kind, 'server');
      assert.match(result.message ?? '', /malformed stream line/);
      for (const part of ['SECRETMARKER', 'sk-proj-']) assert.equal(printed.includes(part), false, printed); // V8 quotes 10 chars
      assert.equal(result.log.length, 1, 'the classified failure is logged once');
    });
  }
});

describe('SSE event names removed from a stream', () => {
  async function through(parts: string[]): Promise<string> {
    const source = new ReadableStream<string>({
      start: (c) => {
        parts.forEach((p) => c.enqueue(p));
        c.close();
      },
    });
    const reader = source.pipeThrough(withoutEventFields()).getReader();
    let out = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) out += r.value;
    return out;
  }

  for (const eol of ['\n', '\r\n', '\r']) {
    const text = ['event: thread.run', 'data: {"a":1}', '', 'event', 'data: 2', 'id: 7', '', 'data: [DONE]', ''].join(
      eol,
    );
    const expected = ['data: {"a":1}', '', 'data: 2', 'id: 7', '', 'data: [DONE]', ''].join(eol);
    it(`drops only the event: lines (line end ${JSON.stringify(eol)}), however the chunks are cut`, async () => {
      for (let i = 0; i <= text.length; i++) {
        for (const j of [i, Math.min(text.length, i + 1), Math.min(text.length, i + 7)]) {
          assert.equal(
            await through([text.slice(0, i), text.slice(i, j), text.slice(j)]),
            expected,
            `cut at ${i}, ${j}`,
          );
        }
      }
    });
  }
});
