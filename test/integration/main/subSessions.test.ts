import * as assert from 'assert';
import * as vscode from 'vscode';
import { textTurn, toolTurn } from '../../peer/agentScripts';
import type { Peer } from '../../peer/openaiPeer';
import { startPeer } from '../../peer/openaiPeer';
import type { ToolCallItem, TurnItem } from '../../../src/core/turnItems';
import { configure, extensionApi, turnEnded } from '../support';

const config = () => vscode.workspace.getConfiguration('agentSessions');
const calls = (items: TurnItem[]) => items.filter((i): i is ToolCallItem => i.kind === 'tool');
const ANSWER = 'add is defined in src/math.js at line 4; it subtracts instead of adding.';
const TASK = 'Find where add is defined\n\nContext budget:\n- Read only src/ first.';
type Message = { role: string; content?: string | null; tool_calls?: unknown[] };

/** ask_scout in the real VS Code: a Scout sub-session with its own log answers, and only its answer comes back. */
describe('ask_scout: a Scout sub-session whose final answer alone reaches the parent', () => {
  let peer: Peer;
  before(async () => {
    peer = await startPeer(0, () => textTurn('Done.'));
    await extensionApi();
    await configure(peer.baseUrl, 'scout-model');
    await config().update('models.builder', 'builder-model', vscode.ConfigurationTarget.Global);
  });
  after(async () => {
    peer.clearQueue();
    await config().update('models.builder', undefined, vscode.ConfigurationTarget.Global);
    await peer?.close();
  });

  it('runs the Scout on its model in the parent scope, under the parent in the tree; the parent gets the answer only', async () => {
    const api = await extensionApi();
    const from = peer.requests.length;
    peer.enqueue(
      toolTurn([
        { id: 'call_ask', name: 'ask_scout', arguments: JSON.stringify({ question: 'Where is add defined?' }) },
      ]),
      toolTurn([{ id: 'call_out', name: 'read_file', arguments: JSON.stringify({ path: 'README.md' }) }]),
      toolTurn([{ id: 'call_in', name: 'read_file', arguments: JSON.stringify({ path: 'src/math.js' }) }]),
      textTurn(ANSWER),
      textTurn('Thanks, that is all I needed.'),
    );
    const id = await vscode.commands.executeCommand<string>('agentSessions.newBuilderSession', TASK);
    const parent = await turnEnded(api, id, 'the parent turn');
    assert.strictEqual(parent.turns[0].status, 'done', JSON.stringify(parent.turns[0].halt ?? parent.turns[0].error));
    const sent = peer.requests
      .slice(from)
      .map((r) => r.body as { model: string; messages: Message[]; tools?: { function: { name: string } }[] });
    assert.deepStrictEqual(
      sent.map((r) => r.model),
      ['builder-model', 'scout-model', 'scout-model', 'scout-model', 'builder-model'],
    );
    const scoutTools = (sent[1].tools ?? []).map((t) => t.function.name);
    assert.ok(
      scoutTools.includes('read_file') && !scoutTools.includes('ask_scout') && !scoutTools.includes('write_file'),
    );
    // the Scout's reads stay in its own context; the parent's next request holds the answer alone
    assert.match(JSON.stringify(sent[3].messages), /function add\(a, b\)/);
    const last = sent[4].messages[sent[4].messages.length - 1];
    assert.deepStrictEqual([last.role, last.content], ['tool', ANSWER]);
    assert.doesNotMatch(JSON.stringify(sent[4].messages), /function add\(a, b\)|outside this session's read scope/);
    // the Scout: its own session, linked to the call, in the parent's read scope (README.md refused)
    const childId = api.sessionIds().find((s) => api.session(s)?.parent?.sessionId === id);
    assert.ok(childId, 'the Scout session exists');
    const child = api.session(childId)!;
    assert.strictEqual(child.sessionType, 'scout');
    assert.deepStrictEqual(child.budget.readScope, ['src/']);
    assert.deepStrictEqual(
      calls(child.turns[0].items).map((c) => c.status),
      ['refused', 'done'],
    );
    const askCall = calls(parent.turns[0].items)[0];
    assert.strictEqual(askCall.subSession, childId);
    const row = api.treeItems().find((r) => (r as { under?: string }).under === parent.title);
    assert.ok(
      row && row.label === child.title,
      `the Scout is under its parent in the tree: ${JSON.stringify(api.treeItems())}`,
    );
  });
});
