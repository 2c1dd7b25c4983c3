import * as assert from 'assert';
import * as vscode from 'vscode';
import { demoReply } from '../../peer/demoResponder';
import { startPeer } from '../../peer/openaiPeer';
import type { ToolCallItem } from '../../../src/core/turnItems';
import { APPROVAL_TASK, configure, extensionApi, TOOL_CRASH_TASK, turnEnded, workspaceText } from '../support';

const byTitle = (api: Awaited<ReturnType<typeof extensionApi>>, title: string) =>
  api.sessionIds().find((s) => api.session(s)?.title === title);
const firstCall = (api: Awaited<ReturnType<typeof extensionApi>>, id: string) =>
  api.session(id)!.turns[0].items.find((i): i is ToolCallItem => i.kind === 'tool')!;

describe('agent sessions after the host was killed and VS Code reopened', () => {
  it('says which tool call was in flight, and does not run it again', async () => {
    const api = await extensionApi();
    const id = byTitle(api, TOOL_CRASH_TASK);
    assert.ok(id, 'the session is listed');
    const turn = api.session(id)!.turns[0];
    const call = firstCall(api, id);
    assert.strictEqual(call.status, 'lost');
    assert.strictEqual(turn.status, 'interrupted');
    assert.match(turn.error?.message ?? '', /run_command/, 'the turn names the call that was in flight');
    assert.strictEqual(await workspaceText('tool-ran.txt'), 'ran\n', 'the command ran once, never again');
    assert.ok(!api.isBusy(id));
  });

  it('brings back a pending approval as pending; approving it then runs the command', async () => {
    const api = await extensionApi();
    const id = byTitle(api, APPROVAL_TASK);
    assert.ok(id, 'the session is listed');
    assert.strictEqual(api.session(id)!.turns[0].status, 'awaiting_approval');
    assert.strictEqual(firstCall(api, id).status, 'awaiting_approval', 'pending, never approved by the reload');
    assert.strictEqual(await workspaceText('approved-ran.txt'), undefined);
    const peer = await startPeer(0, demoReply);
    try {
      await configure(peer.baseUrl, 'gpt-4o');
      await vscode.commands.executeCommand('agentSessions.approveToolCall', id);
      const state = await turnEnded(api, id, 'the approved turn');
      assert.strictEqual(state.turns[0].status, 'done', JSON.stringify(state.turns[0].error));
      assert.strictEqual(firstCall(api, id).status, 'done');
      assert.match((await workspaceText('approved-ran.txt')) ?? '', /^v\d+/);
    } finally {
      await peer.close();
    }
  });
});
