import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ChatRequest, ModelClient, ModelStreamEvent } from '../../src/core/ports';
import { SessionService } from '../../src/core/sessionService';
import type { AgentTools } from '../../src/core/toolStep';
import { createTiktokenCounter, packageRanks } from '../../src/node/tiktokenCounter';
import { MemoryStore } from '../support/memoryStore';
import { call, finish, repliesClient, toolsDouble } from '../support/agentDoubles';

const counter = createTiktokenCounter(packageRanks);

function service(store: MemoryStore, client: ModelClient, tools: AgentTools) {
  return new SessionService({
    store,
    counter,
    newSessionId: () => 's1',
    clientFor: async () => client,
    toolsFor: () => tools,
  });
}

const spec = (sessionType: 'builder' | 'scout') => ({
  sessionType,
  title: 'Fix',
  model: 'gpt-4o',
  endpointHost: 'h',
  systemPrompt: 'role',
  root: '/w',
});

describe('the agent loop', () => {
  it('runs a change set, feeds back the first validation failure, allows one fix, then finishes', async () => {
    const requests: ChatRequest[] = [];
    const client = repliesClient(
      [
        [call('write_file', { path: 'a.js', content: 'bad' }), finish()],
        [call('write_file', { path: 'a.js', content: 'good' }), finish()],
        [{ kind: 'delta', text: 'Fixed.' }, finish('stop')],
      ],
      requests,
    );
    const { tools, files, ran } = toolsDouble([1, 0]);
    const store = new MemoryStore();
    const svc = service(store, client, tools);
    await svc.create(spec('builder'));
    await svc.send('s1', 'fix a.js');
    const types = store.logs.get('s1')!.map((r) => r.type);
    assert.deepEqual(types.slice(2), [
      'request_started',
      'tool_call_requested',
      'tool_started',
      'tool_result',
      'validation_run',
      'request_started',
      'tool_call_requested',
      'tool_started',
      'tool_result',
      'validation_run',
      'request_started',
      'assistant_delta',
      'turn_completed',
    ]);
    assert.equal(files.get('a.js'), 'good');
    assert.equal(ran.length, 2);
    assert.equal(requests.length, 3);
    assert.ok(
      requests[0].tools?.some((t) => t.name === 'write_file'),
      'a Builder is offered write tools',
    );
    assert.match(requests[1].messages.at(-1)!.content, /^Validation failed: `npm test` exited with 1/);
    assert.equal(svc.get('s1')!.turns[0].status, 'done');
  });

  it('stops after a second validation failure', async () => {
    const client = repliesClient(
      [
        [call('write_file', { path: 'a.js', content: '1' }), finish()],
        [call('write_file', { path: 'a.js', content: '2' }), finish()],
      ],
      [],
    );
    const store = new MemoryStore();
    const svc = service(store, client, toolsDouble([1, 1]).tools);
    await svc.create(spec('builder'));
    await svc.send('s1', 'fix');
    const turn = svc.get('s1')!.turns[0];
    assert.equal(turn.status, 'halted');
    assert.equal(turn.halt?.guard, 'validation_failed_twice');
  });

  it('escalated after two failed rounds, the stronger model gets its own two rounds: a fix that passes ends the turn', async () => {
    const requests: ChatRequest[] = [];
    const client = repliesClient(
      [
        [call('write_file', { path: 'a.js', content: '1' }), finish()],
        [call('write_file', { path: 'a.js', content: '2' }), finish()],
        [call('write_file', { path: 'a.js', content: '3' }), finish()],
        [{ kind: 'delta', text: 'Fixed.' }, finish('stop')],
      ],
      requests,
    );
    const store = new MemoryStore();
    const svc = new SessionService({
      store,
      counter,
      newSessionId: () => 's1',
      clientFor: async () => client,
      toolsFor: () => toolsDouble([1, 1, 0]).tools,
      escalationModel: () => 'strong-model',
    });
    await svc.create(spec('builder'));
    await svc.send('s1', 'fix');
    const turnId = svc.get('s1')!.turns[0].id;
    assert.equal(svc.get('s1')!.turns[0].halt?.guard, 'validation_failed_twice');
    await svc.escalate('s1', turnId);
    const turn = svc.get('s1')!.turns[0];
    assert.equal(turn.status, 'done', turn.halt?.message);
    assert.equal(svc.get('s1')!.model, 'strong-model');
    assert.equal(requests[2].model, 'strong-model');
    assert.ok(store.logs.get('s1')!.some((r) => r.type === 'model_changed'));
  });

  it('refuses a write to a Scout: nothing runs, the model is told', async () => {
    const requests: ChatRequest[] = [];
    const client = repliesClient(
      [
        [call('write_file', { path: 'a.js', content: 'x' }), finish()],
        [{ kind: 'delta', text: 'ok' }, finish('stop')],
      ],
      requests,
    );
    const { tools, files } = toolsDouble([]);
    const svc = service(new MemoryStore(), client, tools);
    await svc.create(spec('scout'));
    await svc.send('s1', 'look');
    assert.equal(files.size, 0);
    assert.ok(!requests[0].tools?.some((t) => t.name === 'write_file'), 'a Scout is offered no write tool');
    assert.match(requests[1].messages.at(-1)!.content, /^Not run: write_file is not available to a Scout session/);
  });

  it('waits for an approval of run_command, then runs it once approved', async () => {
    const client = repliesClient(
      [
        [call('run_command', { argv: ['ls'] }), finish()],
        [{ kind: 'delta', text: 'done' }, finish('stop')],
      ],
      [],
    );
    const { tools, ran } = toolsDouble([0]);
    const svc = service(new MemoryStore(), client, tools);
    await svc.create(spec('builder'));
    await svc.send('s1', 'list');
    assert.equal(svc.get('s1')!.turns[0].status, 'awaiting_approval');
    assert.equal(ran.length, 0, 'nothing ran before the approval');
    await assert.rejects(svc.send('s1', 'again'), /waits for your approval/);
    await svc.decide('s1', 't1.c1', 'approve_always');
    assert.deepEqual(ran, [['ls']]);
    assert.equal(svc.get('s1')!.turns[0].status, 'done');
    assert.deepEqual(svc.get('s1')!.allowed, ['command:["ls"]']);
  });

  it('refuses bad arguments and an unknown tool without running anything, and stops a run of them', async () => {
    const bad: ModelStreamEvent = { kind: 'tool_call', call: { id: 'x', name: 'write_file', arguments: '{"path":' } };
    const client = repliesClient(
      [
        [bad, finish()],
        [call('nope', {}), finish()],
        [bad, finish()],
        [bad, finish()],
      ],
      [],
    );
    const { tools, files } = toolsDouble([]);
    const svc = service(new MemoryStore(), client, tools);
    await svc.create(spec('builder'));
    await svc.send('s1', 'go');
    assert.equal(files.size, 0);
    const turn = svc.get('s1')!.turns[0];
    assert.equal(turn.status, 'halted');
    assert.equal(turn.halt?.guard, 'bad_tool_calls');
  });
});
