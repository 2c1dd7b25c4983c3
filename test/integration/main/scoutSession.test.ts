import * as assert from 'assert';
import * as vscode from 'vscode';
import { startPeer } from '../../peer/openaiPeer';
import type { Peer } from '../../peer/openaiPeer';
import { configure, extensionApi, MAIN_TASK, waitFor } from '../support';

describe('New Scout Session against the loopback peer', () => {
  let peer: Peer;
  before(async () => {
    peer = await startPeer();
  });
  after(async () => {
    await peer?.close();
  });

  it("streams the reply and shows the peer's usage in the status bar and the tree, to the token", async () => {
    const api = await extensionApi();
    await configure(peer.baseUrl, 'gpt-4o');
    peer.enqueue({
      chunks: ['Auth lives in ', '`src/auth`', ': login, tokens, session.'],
      usage: { prompt: 12_345, completion: 55 },
    });

    const id = await vscode.commands.executeCommand<string>('agentSessions.newScoutSession', MAIN_TASK);
    assert.ok(id, 'the command returns the new session id');
    const state = await waitFor(
      api,
      () => api.session(id)?.turns[0]?.status === 'done' && !api.isBusy(id) && api.session(id),
      'the turn to finish',
    );

    assert.strictEqual(state.turns[0].assistantText, 'Auth lives in `src/auth`: login, tokens, session.');
    assert.deepStrictEqual(state.turns[0].usage, {
      promptTokens: 12_345,
      completionTokens: 55,
      totalTokens: 12_400,
      cachedTokens: 0,
      reasoningTokens: 0,
    });
    assert.strictEqual(api.activeSessionId(), id);
    // the window comes from the price dataset, which the transcript worker answers a moment later
    await waitFor(api, () => api.statusBarText()?.includes('/128k'), 'the window from the price dataset');
    assert.strictEqual(api.statusBarText(), '$(pulse) Scout 12.4k/128k 10%');
    const tooltip = api.statusBarTooltip() ?? '';
    assert.match(tooltip, /@pydantic\/genai-prices 0\.1\.8, openai\/gpt-4o/);
    assert.match(tooltip, /Last completion: 55\b/);
    assert.match(tooltip, /Measured/);
    const item = api.treeItems().find((i) => i.label === MAIN_TASK);
    assert.deepStrictEqual(item, { group: 'Scout', label: MAIN_TASK, description: '12.4k/128k 10%' });

    const request = peer.requests[peer.requests.length - 1].body as {
      model: string;
      stream: boolean;
      stream_options?: { include_usage?: boolean };
      messages: Array<{ role: string; content: string }>;
    };
    assert.strictEqual(request.model, 'gpt-4o');
    assert.strictEqual(request.stream, true);
    assert.strictEqual(request.stream_options?.include_usage, true);
    assert.deepStrictEqual(
      request.messages.map((m) => m.role),
      ['system', 'user'],
    );
    assert.strictEqual(request.messages[1].content, MAIN_TASK);
  });

  // a benchmark figure printed for the record, not a test: a duration has no value to assert
  after(async () => {
    const api = await extensionApi();
    console.log(`[metric] activation ${api.activationMs.toFixed(1)} ms in VS Code ${vscode.version}`);
  });

  it('ignores an endpoint set in workspace settings', async () => {
    const api = await extensionApi();
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const file = vscode.Uri.joinPath(folder, '.vscode', 'settings.json');
    // a window-scoped key written in the same file tells us when VS Code has read it
    const read = new Promise<void>((resolve) => {
      const sub = vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('agentSessions.gauge.warningThreshold')) {
          sub.dispose();
          resolve();
        }
      });
    });
    await vscode.workspace.fs.writeFile(
      file,
      Buffer.from(
        JSON.stringify({
          'agentSessions.endpoint.baseUrl': 'http://127.0.0.1:9/evil',
          'agentSessions.gauge.warningThreshold': 71,
        }),
      ),
    );
    await read;
    peer.enqueue({ chunks: ['still here'], usage: { prompt: 10, completion: 2 } });
    const id = await vscode.commands.executeCommand<string>('agentSessions.newScoutSession', 'Which endpoint?');
    const state = await waitFor(
      api,
      () => api.session(id)?.turns[0]?.status !== 'streaming' && !api.isBusy(id) && api.session(id),
      'the turn to end',
    );
    assert.strictEqual(state.turns[0].status, 'done', 'the request went to the user-level endpoint');
    assert.strictEqual(state.endpointHost, new URL(peer.baseUrl).host);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, '.vscode'), { recursive: true });
    await vscode.commands.executeCommand(
      'agentSessions.openSession',
      api.sessionIds().find((s) => api.session(s)?.title === MAIN_TASK),
    );
  });
});
