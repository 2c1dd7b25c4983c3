import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, realpathSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import { SessionService } from '../../src/core/sessionService';
import type { SessionState } from '../../src/core/session';
import type { AgentTools } from '../../src/core/toolStep';
import { toolCalls } from '../../src/core/turnItems';
import { validationCommandsFrom } from '../../src/core/validationSection';
import { readRulesFiles } from '../../src/node/agent/rulesFiles';
import { createOpenAIClient } from '../../src/node/openaiClient';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { createCommandRunner } from '../../src/node/tools/commandRunner';
import { createFileTools, diskFileAccess } from '../../src/node/tools/fileTools';
import { demoReply } from '../peer/demoResponder';
import type { Peer } from '../peer/openaiPeer';
import { startPeer } from '../peer/openaiPeer';
import { testRipgrep } from '../support/ripgrep';
import { MemoryStore } from '../support/memoryStore';

/** A temp copy of the sample workspace: the tiny project whose test fails until both bugs are fixed. */
function sampleWorkspace(): string {
  const root = path.join(realpathSync(mkdtempSync(path.join(tmpdir(), 'asm-loop-'))), 'sample');
  cpSync(path.join(__dirname, '..', '..', '..', 'test', 'sample-workspace'), root, { recursive: true });
  return root;
}

function toolsFor(state: SessionState): AgentTools | undefined {
  if (!state.root) return undefined;
  const commands = state.rules.flatMap((r) => validationCommandsFrom(r.text).commands);
  return {
    root: state.root,
    files: createFileTools({ root: state.root, files: diskFileAccess(), rg: testRipgrep() }),
    commands: createCommandRunner(),
    validation: { commands, timeoutMs: 30_000, outputCap: 16_000 },
    command: { timeoutMs: 30_000, outputCap: 16_000 },
  };
}

describe('a Builder session against the demo endpoint (real peer, SDK, files, child processes)', () => {
  let peer: Peer;
  before(async () => (peer = await startPeer(0, demoReply)));
  after(() => peer.close());

  async function session(sessionType: 'builder' | 'scout') {
    const root = sampleWorkspace();
    const client = createOpenAIClient({ baseURL: peer.baseUrl, idleTimeoutMs: 10_000, maxRetryWaitMs: 0 });
    const service = new SessionService({
      store: new MemoryStore(),
      counter: createTiktokenCounter(packageRanks),
      newSessionId: () => `s-${sessionType}`,
      clientFor: async () => client,
      toolsFor,
    });
    const rules = await readRulesFiles(root);
    const state = await service.create({
      sessionType,
      title: 'Fix the tests',
      model: 'demo',
      endpointHost: '127.0.0.1',
      systemPrompt: 'role',
      root,
      rules,
    });
    return { service, id: state.id, root };
  }

  it('reads, edits, sees the validation fail, fixes the rest, and the validation passes', async () => {
    const { service, id, root } = await session('builder');
    await service.send(id, 'fix the failing tests');
    const turn = service.get(id)!.turns[0];
    assert.equal(turn.status, 'done', JSON.stringify(turn.error));
    const calls = toolCalls(turn.items).map((c) => `${c.name}:${c.status}`);
    assert.deepEqual(calls, ['read_file:done', 'edit_file:done', 'edit_file:done']);
    const validations = turn.items.filter((i) => i.kind === 'validation').map((v) => v.kind === 'validation' && v.ok);
    assert.deepEqual(validations, [false, true]);
    const source = readFileSync(path.join(root, 'src', 'math.js'), 'utf8');
    assert.match(source, /return a \+ b;[\s\S]*return a \* b;/);
    assert.match(toolCalls(turn.items)[1].change?.diff ?? '', /-\s+return a - b;/);
    assert.match(turn.assistantText, /passes/);
    // the model was told the first failure only, then that it passed
    assert.equal(peer.requests.length, 4, 'read, edit, edit after the failure, answer after the pass');
    const bodies = peer.requests.map((r) => JSON.stringify(r.body.messages));
    assert.doesNotMatch(bodies[1], /Validation (failed|passed)/);
    assert.match(bodies[2], /Validation failed.*multiply/);
    assert.doesNotMatch(bodies[2], /not ok - add/, 'the add failure was fixed: only the first failure left is sent');
    assert.match(bodies[3], /Validation passed/);
  });

  it('a Scout maps the folder and cannot write: it is offered no write tool', async () => {
    const { service, id, root } = await session('scout');
    const before = readFileSync(path.join(root, 'src', 'math.js'), 'utf8');
    const from = peer.requests.length;
    await service.send(id, 'map this folder');
    const turn = service.get(id)!.turns[0];
    assert.equal(turn.status, 'done');
    const offered = peer.requests.slice(from).flatMap((r) => r.body.tools as Array<{ function: { name: string } }>);
    const names = new Set(offered.map((t) => t.function.name));
    assert.deepEqual([...names].sort(), ['find_files', 'list_dir', 'read_file', 'read_tool_output', 'search_text']);
    assert.equal(readFileSync(path.join(root, 'src', 'math.js'), 'utf8'), before);
  });
});
