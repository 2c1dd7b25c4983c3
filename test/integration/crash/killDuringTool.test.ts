import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { toolTurn } from '../../peer/agentScripts';
import { startPeer } from '../../peer/openaiPeer';
import { configure, extensionApi, fileAppears, TOOL_CRASH_TASK, turnEnded, waitFor, workspaceText } from '../support';

/**
 * Runs before killDuringStream in the crash phase (which SIGKILLs the host): leaves a Builder session
 * whose approved command is running (it writes one line to tool-ran.txt, then idles for 20 s), so the
 * recover phase can check the call comes back as in flight and is not run again.
 */
describe('a tool call in flight when the host dies', () => {
  it('is running, on disk as started, when the host is killed', async () => {
    const marker = process.env.ASM_TEST_MARKER;
    if (marker && fs.existsSync(marker)) return; // a restarted host must not run it twice
    const api = await extensionApi();
    const peer = await startPeer();
    await configure(peer.baseUrl, 'gpt-4o');
    const script = 'require("fs").appendFileSync("tool-ran.txt", "ran\\n"); setTimeout(() => {}, 20000)';
    const argv = ['node', '-e', script];
    peer.enqueue(toolTurn([{ id: 'call_slow', name: 'run_command', arguments: JSON.stringify({ argv }) }]));
    const id = await vscode.commands.executeCommand<string>('agentSessions.newBuilderSession', TOOL_CRASH_TASK);
    await turnEnded(api, id, 'the approval request');
    const begun = fileAppears('tool-ran.txt', 'the command to write its line');
    await vscode.commands.executeCommand('agentSessions.approveToolCall', id);
    await waitFor(
      api,
      () => api.session(id)?.turns[0].items.some((i) => i.kind === 'tool' && i.status === 'running'),
      'the command to start',
    );
    const log = fs.readFileSync(`${api.storageFolder}/${id}.jsonl`, 'utf8');
    assert.match(log, /"type":"tool_started"/, 'tool_started is on disk before the command runs');
    // the command itself has begun (it writes its line first)
    await begun;
    assert.strictEqual(await workspaceText('tool-ran.txt'), 'ran\n', 'the command has begun');
    assert.ok(api.isBusy(id), 'the command is still running');
  });
});
