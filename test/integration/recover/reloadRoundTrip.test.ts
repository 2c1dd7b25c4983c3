import * as assert from 'assert';
import * as vscode from 'vscode';
import { startPeer } from '../../peer/openaiPeer';
import { configure, CRASH_TASK, extensionApi, MAIN_TASK, waitFor } from '../support';

/** Runs in a new VS Code on the same workspace and user data as the `main` and `crash` phases. */
describe('after the host was killed and VS Code reopened', () => {
  it('brings back the interrupted turn with its partial text, marked interrupted', async () => {
    const api = await extensionApi();
    const id = api.sessionIds().find((s) => api.session(s)?.title === CRASH_TASK);
    assert.ok(id, 'the crashed session is listed');
    const turn = api.session(id)!.turns[0];
    assert.strictEqual(turn.status, 'interrupted');
    assert.strictEqual(turn.assistantText, 'Partial answer ');
    assert.strictEqual(api.activeSessionId(), id, 'the status bar follows the session the user was in');
    // the window comes from the price dataset, which the transcript worker answers a moment later
    await waitFor(api, () => api.statusBarText()?.includes('/128k'), 'the window from the price dataset');
    assert.match(
      api.statusBarText() ?? '',
      /^\$\(pulse\) Scout ~\d+\/128k \d+%$/,
      'without provider usage the number is an estimate',
    );
    assert.ok(
      api.treeItems().some((i) => i.label === CRASH_TASK),
      'the tree lists it',
    );
  });

  it('brings back the finished session exactly: text, usage, gauge', async () => {
    const api = await extensionApi();
    const id = api.sessionIds().find((s) => api.session(s)?.title === MAIN_TASK)!;
    const state = api.session(id)!;
    assert.strictEqual(state.turns[0].assistantText, 'Auth lives in `src/auth`: login, tokens, session.');
    assert.strictEqual(state.turns[0].status, 'done');
    assert.deepStrictEqual(state.turns[0].usage, {
      promptTokens: 12_345,
      completionTokens: 55,
      totalTokens: 12_400,
      cachedTokens: 0,
      reasoningTokens: 0,
    });
    await vscode.commands.executeCommand('agentSessions.openSession', id);
    assert.strictEqual(api.statusBarText(), '$(pulse) Scout 12.4k/128k 10%');
    assert.deepStrictEqual(api.treeItems().find((i) => i.label === MAIN_TASK)?.description, '12.4k/128k 10%');
  });

  it('lets the user resend the interrupted turn', async () => {
    const api = await extensionApi();
    const peer = await startPeer();
    try {
      await configure(peer.baseUrl, 'gpt-4o');
      const id = api.sessionIds().find((s) => api.session(s)?.title === CRASH_TASK)!;
      peer.enqueue({ chunks: ['The build is esbuild.'], usage: { prompt: 300, completion: 6 } });
      await vscode.commands.executeCommand('agentSessions.resendTurn', id, 't1');
      const state = await waitFor(
        api,
        () => api.session(id)?.turns[1]?.status === 'done' && !api.isBusy(id) && api.session(id),
        'the resent turn',
      );
      assert.strictEqual(state.turns[0].status, 'interrupted', 'the old turn and its partial text stay');
      assert.strictEqual(state.turns[1].userText, CRASH_TASK);
      assert.strictEqual(state.turns[1].assistantText, 'The build is esbuild.');
      await vscode.commands.executeCommand('agentSessions.openSession', id);
      assert.strictEqual(api.statusBarText(), '$(pulse) Scout 306/128k 0%');
    } finally {
      await peer.close();
    }
  });
});
