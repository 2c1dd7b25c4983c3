import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Exhaust } from '../../src/core/exhaust';
import { controlExhaust } from '../../src/core/exhaust';
import type { ChatRequest, ModelClient, ModelStreamEvent } from '../../src/core/ports';
import { readToolOutput } from '../../src/core/readToolOutput';
import { emptySession, foldSession } from '../../src/core/session';
import type { SessionState } from '../../src/core/session';
import { SessionService } from '../../src/core/sessionService';
import type { ToolOutputStore } from '../../src/core/tools/toolPorts';
import { toolCalls } from '../../src/core/turnItems';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { createToolOutputFiles, fileNamePart, toolOutputPath } from '../../src/node/toolOutputFiles';
import { finish, toolsDouble } from '../support/agentDoubles';
import { MemoryStore } from '../support/memoryStore';

const counter = createTiktokenCounter(packageRanks);
const SECRET = 'sk-proj-abcdefghijklmnopqrstuvwx1234';

/** A build log of `n` numbered lines, about 50 characters each. */
function buildLog(n: number): string {
  return Array.from({ length: n }, (_, i) => `line ${i + 1}: compiling module ${'x'.repeat(30)}`).join('\n') + '\n';
}

function memoryStore(): ToolOutputStore & { files: Map<string, string> } {
  const files = new Map<string, string>();
  return {
    files,
    keep: async (id, text) => (files.set(`s.tool-${id}.txt`, text), `s.tool-${id}.txt`),
    read: async (file) => {
      const text = files.get(file);
      if (text === undefined) throw new Error('no such file');
      return text;
    },
  };
}

const callEv = (id: string, name: string, args: unknown): ModelStreamEvent => ({
  kind: 'tool_call',
  call: { id, name, arguments: JSON.stringify(args) },
});

describe('exhaust control: long tool outputs kept on disk, head and tail in the context', () => {
  it('leaves an output within the threshold alone, and needs no store for it', async () => {
    const shown = await controlExhaust({ threshold: 100, store: memoryStore() }, 'c1', 'short');
    assert.deepEqual(shown, { output: 'short' });
    assert.deepEqual(await controlExhaust(undefined, 'c1', 'x'.repeat(1000)), { output: 'x'.repeat(1000) });
  });

  it('keeps the whole output and gives the model its first and last lines with a marker naming the rest', async () => {
    const store = memoryStore();
    const log = buildLog(4000); // ~200 KB
    const shown = await controlExhaust({ threshold: 8000, store }, 'call_7', log);
    assert.equal(store.files.get('s.tool-call_7.txt'), log);
    assert.deepEqual(shown.kept, { id: 'call_7', file: 's.tool-call_7.txt', chars: log.length, lines: 4000 });
    const lines = shown.output.split('\n');
    assert.equal(lines[0], 'line 1: compiling module ' + 'x'.repeat(30));
    assert.match(lines[lines.length - 1], /^line 4000: /);
    assert.ok(shown.output.length <= 8000 + 400, `${shown.output.length} characters shown`);
    const marker = lines.find((l) => l.startsWith('[…'))!;
    const [, from, to] = /lines ([\d,]+)–([\d,]+) of 4,000/.exec(marker)!;
    const hint = JSON.parse(/read_tool_output (\{.*?\})/.exec(marker)![1]);
    assert.deepEqual(hint, { id: 'call_7', startLine: Number(from), endLine: Number(from) + 199 });
    // the head, the hidden lines and the tail are the whole output, in order
    const head = lines.slice(0, lines.indexOf(marker));
    const tail = lines.slice(lines.indexOf(marker) + 1);
    assert.equal(head.length, Number(from) - 1);
    assert.equal(tail.length, 4000 - Number(to.replace(',', '')));
    assert.ok(tail.length > head.length, 'the tail (where a build log has its error) gets the larger share');
  });

  it('names the hidden lines that look like errors after the marker, within the threshold', async () => {
    const log =
      buildLog(2000) + 'src/a.ts(3,7): error TS2345: Argument of type "x" is not assignable\n' + buildLog(2000);
    const shown = await controlExhaust({ threshold: 8000, store: memoryStore() }, 'c', log);
    const lines = shown.output.split('\n');
    const at = lines.findIndex((l) => l.startsWith('[…'));
    assert.equal(
      lines[at + 1],
      '  ↳ hidden line 2,001: src/a.ts(3,7): error TS2345: Argument of type "x" is not assignable',
    );
    assert.match(lines[at + 2], /^line \d+: compiling/);
    assert.ok(shown.output.length <= 8000 + 400, `${shown.output.length} characters shown`);
    const quiet = await controlExhaust({ threshold: 8000, store: memoryStore() }, 'c', buildLog(4000));
    assert.match(quiet.output.split('\n')[at + 1], /^line \d+: compiling/, 'no errors: the tail follows the marker');
  });

  it('cuts one very long line into a head piece and a tail piece', async () => {
    const shown = await controlExhaust({ threshold: 1000, store: memoryStore() }, 'c', 'a'.repeat(100_000) + 'END');
    assert.ok(shown.output.endsWith('aEND') && shown.output.startsWith('aaa'));
    assert.match(shown.output, /lines 1–1 of 1 \(100,004 characters\) not shown/);
    assert.ok(shown.output.length < 1400);
  });

  it('says so when the whole output could not be kept, and still keeps the context small', async () => {
    const failing: ToolOutputStore = {
      keep: async () => Promise.reject(new Error('ENOSPC: no space left')),
      read: async () => '',
    };
    const shown = await controlExhaust({ threshold: 2000, store: failing }, 'c', buildLog(1000));
    assert.equal(shown.kept, undefined);
    assert.match(shown.output, /could not be kept \(ENOSPC: no space left\)/);
    assert.ok(shown.output.length < 2500);
  });

  it('read_tool_output returns the asked lines of a kept output, within the threshold, and only kept ids', async () => {
    const store = memoryStore();
    const log = buildLog(4000);
    const exhaust: Exhaust = { threshold: 8000, store };
    const shown = await controlExhaust(exhaust, 'call_7', log);
    const state: SessionState = {
      ...emptySession(),
      turns: [
        {
          id: 't1',
          items: [{ kind: 'tool', callId: 'call_7', name: 'run_command', arguments: '{}', status: 'done', ...shown }],
        },
      ],
    } as unknown as SessionState;
    const range = await readToolOutput(state, exhaust, { id: 'call_7', startLine: 41, endLine: 50 });
    assert.equal(range.ok, true);
    const got = range.output.split('\n');
    assert.equal(got[0], 'Lines 41–50 of 4,000 of the output of call_7:');
    assert.deepEqual(got.slice(1), log.split('\n').slice(40, 50));
    const long = await readToolOutput(state, exhaust, { id: 'call_7', startLine: 1, endLine: 4000 });
    assert.ok(long.output.length <= 8000 + 200);
    assert.match(long.output, /continue with startLine \d+/);
    const unknown = await readToolOutput(state, exhaust, { id: '../../etc/passwd' });
    assert.deepEqual(unknown, {
      ok: false,
      output: 'No output with id "../../etc/passwd" is kept (the kept ones are call_7).',
    });
    const past = await readToolOutput(state, exhaust, { id: 'call_7', startLine: 5000 });
    assert.equal(past.ok, false);
  });
});

describe('exhaust control in the runner', () => {
  it('a 200 KB command output reaches the model as head and tail, redacted on disk, and is read back by range', async () => {
    const store = memoryStore();
    const { tools } = toolsDouble([]);
    const log = buildLog(2000) + `token ${SECRET}\n` + buildLog(2000);
    tools.commands.run = async (argv) => ({
      argv,
      exitCode: 1,
      timedOut: false,
      output: log,
      truncated: false,
      durationMs: 1,
    });
    tools.validation.commands = [['npm', 'run', 'build']];
    tools.exhaust = { threshold: 8000, store };
    const requests: ChatRequest[] = [];
    // the model reads the marker and asks for the line it names (the runner's call ids are its own)
    let id = '';
    const client: ModelClient = {
      async *stream(request) {
        requests.push(request);
        const last = request.messages[request.messages.length - 1];
        if (requests.length === 1) yield* [callEv('call_v', 'run_validation', {}), finish()];
        else if (requests.length === 2) {
          id = JSON.parse(/read_tool_output (\{.*?\})/.exec(last.content)![1]).id;
          yield* [callEv('call_r', 'read_tool_output', { id, startLine: 2001, endLine: 2001 }), finish()];
        } else yield* [{ kind: 'delta', text: 'Found it.' } as ModelStreamEvent, finish('stop')];
      },
    };
    const logs = new MemoryStore();
    const svc = new SessionService({
      store: logs,
      counter,
      newSessionId: () => 's1',
      clientFor: async () => client,
      toolsFor: () => tools,
    });
    await svc.create({
      sessionType: 'builder',
      title: 'T',
      model: 'm',
      endpointHost: 'h',
      systemPrompt: '',
      root: '/w',
    });
    await svc.send('s1', 'why does the build fail?');
    const kept = [...store.files.values()];
    assert.equal(kept.length, 1);
    assert.ok(!kept[0].includes(SECRET), 'the kept file went through the redaction funnel');
    assert.equal(kept[0].split('\n').length, 4002);
    const toolMessage = (r: ChatRequest) => r.messages[r.messages.length - 1];
    const second = toolMessage(requests[1]).content;
    assert.ok(second.length < 8600, `the model got ${second.length} characters of a ${log.length}-character output`);
    assert.match(second, /^Validation failed: `npm run build` exited with 1[^\n]*\nline 1: /);
    assert.match(second, /read_tool_output \{"id":"[^"]+","startLine":\d+,"endLine":\d+\}/);
    const third = toolMessage(requests[2]).content;
    assert.equal(third, `Lines 2,001–2,001 of 4,001 of the output of ${id}:\ntoken [REDACTED]`);
    // the log names the kept file and reads back the same
    const record = logs.logs.get('s1')!.find((r) => r.type === 'validation_run') as { kept?: { file: string } };
    assert.equal(record.kept?.file, `s.tool-${id}.txt`);
    const reread = foldSession(logs.logs.get('s1')!);
    assert.deepEqual(
      toolCalls(reread.turns[0].items).map((c) => c.status),
      ['failed', 'done'],
    );
  });
});

describe('the read scope and a kept validation output', () => {
  it('lets the session read a file named anywhere in a long failure, not only in the head and tail it saw', async () => {
    const { tools } = toolsDouble([]);
    const log = buildLog(2000) + '    at Object.<anonymous> (src/deep.js:3:7)\n' + buildLog(2000);
    tools.commands.run = async (argv) => ({
      argv,
      exitCode: 1,
      timedOut: false,
      output: log,
      truncated: false,
      durationMs: 1,
    });
    tools.exhaust = { threshold: 8000, store: memoryStore() };
    const replies: ModelStreamEvent[][] = [
      [callEv('a', 'run_validation', {}), finish()],
      [callEv('b', 'read_file', { path: 'src/deep.js' }), finish()],
      [callEv('c', 'read_file', { path: 'src/other.js' }), finish()],
      [{ kind: 'delta', text: 'Seen.' }, finish('stop')],
    ];
    const requests: ChatRequest[] = [];
    const svc = new SessionService({
      store: new MemoryStore(),
      counter,
      newSessionId: () => 's1',
      clientFor: async () => ({
        async *stream(request) {
          requests.push(request);
          yield* replies.shift()!;
        },
      }),
      toolsFor: () => tools,
    });
    await svc.create({
      sessionType: 'builder',
      title: 'T',
      model: 'm',
      endpointHost: 'h',
      systemPrompt: '',
      root: '/w',
      budget: { readScope: ['lib/'] },
    });
    await svc.send('s1', 'why?');
    const turn = svc.get('s1')!.turns[0];
    assert.ok(!requests[1].messages.at(-1)!.content.includes('src/deep.js'), 'the model did not see the name');
    assert.deepEqual(
      toolCalls(turn.items).map((c) => [c.name, c.status]),
      [
        ['run_validation', 'failed'],
        ['read_file', 'done'],
        ['read_file', 'refused'],
      ],
    );
  });
});

describe('kept tool output files', () => {
  it('are named for the session and a safe form of the id, read back only by their own names, deleted with the log', async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-kept-'));
    try {
      const files = createToolOutputFiles(folder, 's1');
      assert.equal(await files.keep('call_1', 'one'), 's1.tool-call_1.txt');
      const odd = await files.keep('../x/y', 'two');
      assert.equal(odd, 's1.tool-.00002e.00002e.00002fx.00002fy.txt');
      assert.notEqual(fileNamePart('\u00010'), fileNamePart('\u0010'), 'fixed-width escapes never collide');
      assert.ok(fileNamePart('x'.repeat(500)).length <= 120);
      assert.equal(await files.read(odd), 'two');
      await assert.rejects(files.read('../s1.tool-call_1.txt'), /not a kept output/);
      await assert.rejects(files.read('s2.tool-call_1.txt'), /not a kept output/);
      assert.equal(toolOutputPath(folder, 's1', 'index.json'), undefined);
      const store = createEventLogStore(folder);
      const log = await store.create('s1');
      await log.close();
      fs.writeFileSync(path.join(folder, 's10.tool-call_1.txt'), 'another session');
      await store.delete('s1', { permanent: true });
      assert.deepEqual(fs.readdirSync(folder).sort(), ['s10.tool-call_1.txt']);
    } finally {
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });
});
