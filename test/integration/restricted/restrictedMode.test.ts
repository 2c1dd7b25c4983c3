import * as assert from 'assert';
import * as vscode from 'vscode';
import { startPeer } from '../../peer/openaiPeer';
import type { Peer } from '../../peer/openaiPeer';
import { configure, CRASH_TASK, extensionApi, MAIN_TASK, waitFor } from '../support';

/**
 * Runs last, in a fresh VS Code with workspace trust ON and the same (never trusted) folder as the
 * earlier phases: Restricted Mode as a user gets it when they open a folder they have not trusted.
 */
describe('in Restricted Mode (workspace trust on, folder not trusted)', () => {
  let peer: Peer;
  before(async () => {
    peer = await startPeer();
    await configure(peer.baseUrl, 'gpt-4o');
  });
  after(async () => {
    await peer?.close();
  });

  it('really is untrusted', () => {
    assert.strictEqual(vscode.workspace.isTrusted, false, 'this phase must run with workspace trust enabled');
  });

  it('starts no session and sends nothing to the endpoint', async () => {
    const api = await extensionApi();
    const before = api.sessionIds().length;
    const id = await vscode.commands.executeCommand<string | undefined>(
      'agentSessions.newScoutSession',
      'Delete the tests',
    );
    assert.strictEqual(id, undefined, 'the command refuses');
    assert.strictEqual(api.sessionIds().length, before, 'no session was created');
    const crashed = api.sessionIds().find((s) => api.session(s)?.title === CRASH_TASK)!;
    const turns = api.session(crashed)!.turns.length;
    await vscode.commands.executeCommand('agentSessions.resendTurn', crashed, 't1');
    assert.strictEqual(api.session(crashed)!.turns.length, turns, 'resend adds no turn');
    assert.strictEqual(peer.requests.length, 0, 'the endpoint received nothing');
  });

  it('says why, in the Sessions view and in the session tab', async () => {
    const api = await extensionApi();
    assert.match(api.treeMessage() ?? '', /^Restricted Mode: agent sessions cannot start/);
    assert.match(api.blockedReason() ?? '', /^Restricted Mode: trust this workspace/);
  });

  it('still opens the stored sessions, exactly as they were', async () => {
    const api = await extensionApi();
    const id = api.sessionIds().find((s) => api.session(s)?.title === MAIN_TASK);
    assert.ok(id, 'the stored session is listed');
    assert.strictEqual(api.session(id)!.turns[0].assistantText, 'Auth lives in `src/auth`: login, tokens, session.');
    await vscode.commands.executeCommand('agentSessions.openSession', id);
    assert.ok(api.isPanelOpen(id), 'its tab opens');
    await waitFor(api, () => api.statusBarText()?.includes('/128k'), 'the window from the price dataset');
    assert.strictEqual(api.statusBarText(), '$(pulse) Scout 12.4k/128k 10%');
    assert.ok(
      api.treeItems().some((i) => i.label === MAIN_TASK),
      'the tree lists it',
    );
  });
});
