import * as assert from 'assert';
import * as vscode from 'vscode';
import { startPeer } from '../../peer/openaiPeer';
import type { Peer } from '../../peer/openaiPeer';
import { configure, extensionApi, waitFor } from '../support';

/** The key in the real SecretStorage goes to the origin it was entered for, and nowhere else unasked. */
describe('the API key bound to its origin', () => {
  let a: Peer;
  let b: Peer;
  before(async () => {
    [a, b] = await Promise.all([startPeer(), startPeer()]);
  });
  after(async () => {
    // later phases change the endpoint with no key stored, so nothing asks them
    await vscode.commands.executeCommand('agentSessions.setApiKey', '');
    await Promise.all([a?.close(), b?.close()]);
  });

  const runTurn = async (peer: Peer, task: string) => {
    const api = await extensionApi();
    peer.enqueue({ chunks: ['ok'], usage: { prompt: 10, completion: 1 } });
    const id = await vscode.commands.executeCommand<string>('agentSessions.newScoutSession', task);
    await waitFor(api, () => api.session(id)?.turns[0]?.status === 'done' && !api.isBusy(id), `the turn "${task}"`);
    return peer.requests[peer.requests.length - 1].headers;
  };

  it('sends the key to its own origin, and not to another one the user declined', async () => {
    await configure(a.baseUrl, 'gpt-4o');
    await vscode.commands.executeCommand('agentSessions.setApiKey', 'sk-test-origin-a-0123456789');
    assert.strictEqual((await runTurn(a, 'Key to A')).authorization, 'Bearer sk-test-origin-a-0123456789');

    await vscode.commands.executeCommand('agentSessions.setEndpoint', b.baseUrl, 'without');
    assert.strictEqual((await runTurn(b, 'No key to B')).authorization, undefined, 'B never sees the key');
  });
});
