import * as assert from 'assert';
import * as vscode from 'vscode';
import { textTurn, toolTurn } from '../../peer/agentScripts';
import type { Peer, PeerScript } from '../../peer/openaiPeer';
import { startPeer } from '../../peer/openaiPeer';
import type { SessionState } from '../../../src/core/session';
import type { ToolCallItem, TurnItem } from '../../../src/core/turnItems';
import { configure, extensionApi, turnEnded, workspaceText } from '../support';
import { ORIGINAL_MATH, setWorkspaceText } from '../sampleMath';

const calls = (items: TurnItem[]) => items.filter((i): i is ToolCallItem => i.kind === 'tool');
const config = () => vscode.workspace.getConfiguration('agentSessions');
const read = (path: string, id = `call_read_${path}`) =>
  toolTurn([{ id, name: 'read_file', arguments: JSON.stringify({ path }) }]);
const write = (path: string, content: string) =>
  toolTurn([{ id: `call_write_${path}`, name: 'write_file', arguments: JSON.stringify({ path, content }) }]);
const FIXED =
  "'use strict';\nfunction add(a, b) {\n  return a + b;\n}\nfunction multiply(a, b) {\n  return a * b;\n}\nmodule.exports = { add, multiply };\n";

const lastTurn = (state: SessionState) => state.turns[state.turns.length - 1];

/** Each guard trips once in the real VS Code against the scripted peer, and the user raises the limit and goes on. */
describe('budgets and runaway guards: each stops the turn with its reason, and raising the limit continues it', () => {
  let peer: Peer;
  before(async () => {
    peer = await startPeer(0, () => textTurn('Done.'));
    await extensionApi();
    await configure(peer.baseUrl, 'gpt-4o');
  });
  let mathBefore: string;
  before(async () => (mathBefore = (await workspaceText('src/math.js')) ?? ''));
  // the specs before these fixed src/math.js: each starts from the committed (buggy) file
  beforeEach(async () => setWorkspaceText('src/math.js', ORIGINAL_MATH));
  afterEach(async () => {
    peer.clearQueue();
    await config().update('budget.builder', undefined, vscode.ConfigurationTarget.Global);
    await config().update('models.builder', undefined, vscode.ConfigurationTarget.Global);
    await config().update('prices', undefined, vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    await setWorkspaceText('src/math.js', mathBefore);
    await peer?.close();
  });

  /** A Builder session with this budget in the settings and these replies queued; resolves when its turn has stopped. */
  async function tripped(budget: object, scripts: PeerScript[], key: string, task = 'Fix the failing tests') {
    const api = await extensionApi();
    await config().update('budget.builder', budget, vscode.ConfigurationTarget.Global);
    peer.enqueue(...scripts);
    const id = await vscode.commands.executeCommand<string>('agentSessions.newBuilderSession', task);
    const state = await turnEnded(api, id, `the ${key} stop`);
    const turn = lastTurn(state);
    assert.strictEqual(turn.status, 'halted', JSON.stringify(turn.halt ?? turn.error));
    assert.strictEqual(turn.halt?.guard, key);
    const note = turn.items.find((i) => i.kind === 'note');
    assert.ok(note && note.kind === 'note' && note.text === turn.halt?.message, 'the reason is in the transcript');
    return { api, id, turn };
  }

  /** Raises the limit that stopped the turn (the command behind the stop's button) and waits for the turn to end. */
  async function raise(id: string, value: number) {
    const api = await extensionApi();
    const from = peer.requests.length;
    await vscode.commands.executeCommand('agentSessions.raiseLimit', id, value);
    const state = await turnEnded(api, id, 'the turn going on after the raise');
    assert.strictEqual(lastTurn(state).status, 'done', JSON.stringify(lastTurn(state).halt));
    return { state, sent: peer.requests.slice(from) };
  }

  it('tool calls: the third call is not run; raised to 3 it goes on and the model is told', async () => {
    const { id, turn } = await tripped(
      { maxToolCalls: 2 },
      [read('src/math.js'), read('README.md'), read('AGENTS.md'), textTurn('Read enough.')],
      'maxToolCalls',
    );
    assert.deepStrictEqual(
      calls(turn.items).map((c) => c.status),
      ['done', 'done', 'refused'],
    );
    assert.deepStrictEqual(turn.halt?.limit, { key: 'maxToolCalls', value: 2, used: 3 });
    const { state, sent } = await raise(id, 3);
    assert.strictEqual(state.budget.maxToolCalls, 3);
    assert.match(JSON.stringify(sent[0].body.messages), /The user raised the limit \(Tool calls: 3\)/);
  });

  it('the same call three times in a row stops; raised to 4 it goes on', async () => {
    const same = () => read('src/math.js', 'call_same');
    const { id, turn } = await tripped({}, [same(), same(), same(), textTurn('Enough.')], 'maxRepeats');
    assert.deepStrictEqual(turn.halt?.limit, { key: 'maxRepeats', value: 3, used: 3 });
    await raise(id, 4);
  });

  it('validation runs: the second round is not run; raised to 2 the fix is validated', async () => {
    const edit = (id: string, search: string, replace: string) =>
      toolTurn([{ id, name: 'edit_file', arguments: JSON.stringify({ path: 'src/math.js', search, replace }) }]);
    const multiply = 'function multiply(a, b) {\n  return a ';
    const { id, turn } = await tripped(
      { maxValidationRuns: 1 },
      [
        edit('v_add', 'return a - b;', 'return a + b;'),
        edit('v_mul', `${multiply}+ b;`, `${multiply}* b;`),
        textTurn('Both fixed.'),
      ],
      'maxValidationRuns',
    );
    assert.strictEqual(turn.items.filter((i) => i.kind === 'validation').length, 1);
    const { state } = await raise(id, 2);
    const runs = lastTurn(state).items.filter((i) => i.kind === 'validation');
    assert.deepStrictEqual(
      runs.map((v) => v.kind === 'validation' && v.ok),
      [false, true],
    );
  });

  it('a task budget block: scope, summary first, and the sixth changed file', async () => {
    const task = [
      'Fix the failing tests.',
      '',
      'Context budget:',
      '- Read only src/ first.',
      '- Summarize findings in 2 bullets before editing.',
      '- Stop if the fix touches more than 5 files.',
    ].join('\n');
    const edit = JSON.stringify({ path: 'src/math.js', search: 'return a - b;', replace: 'return a + b;' });
    const { turn } = await tripped(
      {},
      [
        read('test/math.test.js', 'b_outside'),
        read('src/math.js', 'b_inside'),
        toolTurn([{ id: 'b_early', name: 'edit_file', arguments: edit }]),
        toolTurn([{ id: 'b_edit', name: 'edit_file', arguments: edit }], {
          text: 'Findings:\n- add subtracts\n- multiply adds\n',
        }),
        read('test/math.test.js', 'b_named'),
        write('src/math.js', FIXED),
        ...[1, 2, 3, 4, 5].map((n) => write(`notes/n${n}.md`, `note ${n}\n`)),
        textTurn('Done.'),
      ],
      'maxChangedFiles',
      task,
    );
    const status = calls(turn.items).map((c) => `${c.name}:${c.status}`);
    assert.deepStrictEqual(status, [
      'read_file:refused',
      'read_file:done',
      'edit_file:refused',
      'edit_file:done',
      'read_file:done',
      'write_file:done',
      'write_file:done',
      'write_file:done',
      'write_file:done',
      'write_file:done',
      'write_file:refused',
    ]);
    const [outside, , early] = calls(turn.items);
    assert.match(outside.output ?? '', /outside this session's read scope \(src\/\)/);
    assert.match(early.output ?? '', /summary of your findings in 2 bullets/);
    assert.deepStrictEqual(turn.halt?.limit, { key: 'maxChangedFiles', value: 5, used: 6 });
  });

  it('changed files: the edit of one file too many is refused, naming a Planner session; raised it goes on', async () => {
    const { id, turn } = await tripped(
      { maxChangedFiles: 1 },
      [write('src/math.js', FIXED), write('NOTES.md', 'notes\n'), textTurn('Fixed.')],
      'maxChangedFiles',
    );
    assert.deepStrictEqual(turn.halt?.limit, { key: 'maxChangedFiles', value: 1, used: 2 });
    assert.match(turn.halt?.message ?? '', /NOTES\.md.*Planner session/);
    await raise(id, 2);
  });

  it('wall clock: a slow reply takes the turn past its minutes; raised it goes on', async () => {
    const slow = { ...read('src/math.js'), delayMs: 1500 };
    const { id } = await tripped({ maxMinutes: 0.02 }, [slow, textTurn('Done reading.')], 'maxMinutes');
    await raise(id, 10);
  });

  it('tokens: a request whose reserve passes the limit is not sent; raised it is', async () => {
    const before = peer.requests.length;
    const { id, turn } = await tripped({ maxTokens: 500 }, [textTurn('Small.')], 'maxTokens');
    assert.strictEqual(peer.requests.length, before, 'nothing was sent');
    const { sent } = await raise(id, turn.halt!.limit!.used * 2);
    assert.strictEqual(sent.length, 1);
  });

  it('US$: fail-closed without a price; with one, the reserved cost stops the request; raised it goes on', async () => {
    await config().update('models.builder', 'asm-unpriced-model', vscode.ConfigurationTarget.Global);
    const before = peer.requests.length;
    const closed = await tripped({ maxCostUsd: 1 }, [], 'maxCostUsd');
    assert.match(closed.turn.halt?.message ?? '', /no known price.*cannot be checked/);
    assert.strictEqual(closed.turn.halt?.limit, undefined, 'nothing to raise: the limit cannot be checked');
    assert.strictEqual(peer.requests.length, before, 'nothing was sent');
    const prices = { 'asm-unpriced-model': { input: 1, output: 2 } };
    await config().update('prices', prices, vscode.ConfigurationTarget.Global);
    const { id, turn } = await tripped({ maxCostUsd: 0.0001 }, [textTurn('Cheap.')], 'maxCostUsd');
    assert.ok(turn.halt!.limit!.used > 0.0001, `reserved ${turn.halt!.limit!.used}`);
    assert.strictEqual(peer.requests.length, before, 'nothing was sent');
    await raise(id, 1);
  });
});
