import * as assert from 'assert';
import * as vscode from 'vscode';
import { textTurn, toolTurn } from '../../peer/agentScripts';
import { demoReply } from '../../peer/demoResponder';
import type { Peer } from '../../peer/openaiPeer';
import { startPeer } from '../../peer/openaiPeer';
import type { ToolCallItem, TurnItem } from '../../../src/core/turnItems';
import { APPROVAL_TASK, configure, extensionApi, turnEnded, workspaceText } from '../support';

const calls = (items: TurnItem[]) => items.filter((i): i is ToolCallItem => i.kind === 'tool');
const toolNames = (peer: Peer, from: number) =>
  new Set(
    peer.requests
      .slice(from)
      .flatMap((r) => ((r.body.tools ?? []) as Array<{ function: { name: string } }>).map((t) => t.function.name)),
  );

/** On the sample project (src/math.js with two bugs, AGENTS.md naming `node test/math.test.js`). */
describe('agent sessions: tools, validation, plan mode, approvals', () => {
  let peer: Peer;
  before(async () => {
    peer = await startPeer(0, demoReply);
    const api = await extensionApi();
    void api;
    await configure(peer.baseUrl, 'gpt-4o');
  });
  after(async () => {
    await peer?.close();
  });

  it('a Builder reads, edits, sees the validation fail, fixes the rest, and the validation passes', async () => {
    const api = await extensionApi();
    const from = peer.requests.length;
    const id = await vscode.commands.executeCommand<string>('agentSessions.newBuilderSession', 'fix the failing tests');
    const state = await turnEnded(api, id, 'the Builder loop');
    const turn = state.turns[0];
    assert.strictEqual(turn.status, 'done', JSON.stringify(turn.error));
    assert.deepStrictEqual(
      calls(turn.items).map((c) => `${c.name}:${c.status}`),
      ['read_file:done', 'edit_file:done', 'edit_file:done'],
    );
    const runs = turn.items.filter((i) => i.kind === 'validation');
    assert.deepStrictEqual(
      runs.map((v) => v.kind === 'validation' && v.ok),
      [false, true],
    );
    const source = await workspaceText('src/math.js');
    assert.match(source ?? '', /return a \+ b;[\s\S]*return a \* b;/, 'both fixes are on disk');
    // the edit went through WorkspaceEdit and was saved: the document is open and clean
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.path.endsWith('/src/math.js'));
    assert.ok(doc && !doc.isDirty, 'the edited document is open in VS Code and saved');
    assert.match(calls(turn.items)[1].change?.diff ?? '', /-\s+return a - b;\n\+\s+return a \+ b;/);
    // the rules file is first in the system message, and the model got the first failure only
    const first = peer.requests[from].body as { messages: Array<{ role: string; content: string }> };
    assert.match(first.messages[0].content, /^# Project rules \(AGENTS\.md\)/);
    assert.match(JSON.stringify(peer.requests[from + 2].body.messages), /Validation failed.*multiply/);
    assert.ok(toolNames(peer, from).has('edit_file'));
  });

  it("a Reviewer's first request holds the diff of the working tree", async () => {
    const api = await extensionApi();
    const from = peer.requests.length;
    const id = await vscode.commands.executeCommand<string>('agentSessions.newReviewerSession', 'review the change');
    await turnEnded(api, id, 'the Reviewer turn');
    const messages = peer.requests[from].body.messages as Array<{ role: string; content: string }>;
    assert.strictEqual(messages[1].role, 'user');
    assert.match(messages[1].content, /git diff HEAD/);
    assert.match(messages[1].content, /-\s+return a - b;/);
    assert.ok(!toolNames(peer, from).has('edit_file'), 'a Reviewer is offered no write tool');
  });

  it('a Scout cannot write: no write tool is offered, and a write it asks for anyway is refused', async () => {
    const api = await extensionApi();
    const from = peer.requests.length;
    peer.enqueue(
      toolTurn([{ id: 'call_w', name: 'write_file', arguments: JSON.stringify({ path: 'evil.txt', content: 'x' }) }]),
      textTurn('I could not write.'),
    );
    const id = await vscode.commands.executeCommand<string>('agentSessions.newScoutSession', 'write evil.txt');
    const state = await turnEnded(api, id, 'the Scout turn');
    assert.deepStrictEqual([...toolNames(peer, from)].sort(), [
      'find_files',
      'list_dir',
      'read_file',
      'read_tool_output',
      'search_text',
    ]);
    const [call] = calls(state.turns[0].items);
    assert.strictEqual(call.status, 'refused');
    assert.match(call.output ?? '', /not available to a Scout session/);
    assert.strictEqual(await workspaceText('evil.txt'), undefined, 'nothing was written');
  });

  it('plan mode offers no write tool and records a five-part plan', async () => {
    const api = await extensionApi();
    const from = peer.requests.length;
    const id = await vscode.commands.executeCommand<string>('agentSessions.newBuilderSession', 'plan the fix', {
      planMode: true,
    });
    const state = await turnEnded(api, id, 'the plan-mode turn');
    assert.strictEqual(state.planMode, true);
    assert.ok(!toolNames(peer, from).has('edit_file') && !toolNames(peer, from).has('run_command'));
    const plan = state.turns[0].items.find((i) => i.kind === 'plan');
    assert.ok(plan && plan.kind === 'plan', 'the plan is recorded');
    assert.match(plan.plan.validation, /node test\/math\.test\.js/);
    assert.strictEqual(Object.values(plan.plan).filter((p) => p.trim()).length, 5);
  });

  it('run_command waits for the user: the approval is on disk, and the command has not run', async () => {
    const api = await extensionApi();
    const argv = ['node', '-e', 'require("fs").writeFileSync("approved-ran.txt", process.version)'];
    peer.enqueue(toolTurn([{ id: 'call_cmd', name: 'run_command', arguments: JSON.stringify({ argv }) }]));
    const id = await vscode.commands.executeCommand<string>('agentSessions.newBuilderSession', APPROVAL_TASK);
    const state = await turnEnded(api, id, 'the approval request');
    assert.strictEqual(state.turns[0].status, 'awaiting_approval');
    const [call] = calls(state.turns[0].items);
    assert.strictEqual(call.status, 'awaiting_approval');
    assert.strictEqual(call.approval?.key, '', 'a command with shell characters is never remembered');
    assert.strictEqual(await workspaceText('approved-ran.txt'), undefined);
    // the recover phase reloads VS Code and checks it is still pending, then approves it
  });
});
