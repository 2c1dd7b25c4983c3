import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { startPeer } from '../../peer/openaiPeer';
import { configure, CRASH_TASK, extensionApi, waitFor } from '../support';

/**
 * Protocol with scripts/test-integration.mjs: this phase starts a reply that never ends, waits until
 * its partial text is on disk, writes the marker file named by ASM_TEST_MARKER and SIGKILLs its own
 * extension host. The harness sees the marker and ends the phase; the `recover` phase then opens
 * the same workspace and user data and checks what came back.
 */
describe('killing the extension host mid-stream', () => {
  it('leaves a partial reply on disk, then dies', async () => {
    const marker = process.env.ASM_TEST_MARKER;
    assert.ok(marker, 'ASM_TEST_MARKER is set by the harness');
    if (fs.existsSync(marker)) return; // a restarted host must not run the crash twice
    const api = await extensionApi();
    const peer = await startPeer();
    await configure(peer.baseUrl, 'gpt-4o');
    peer.enqueue({ chunks: ['Partial ', 'answer ', 'never finished'], hangAfterChunks: 2 });
    const id = await vscode.commands.executeCommand<string>('agentSessions.newScoutSession', CRASH_TASK);
    await waitFor(api, () => api.session(id)?.turns[0]?.assistantText === 'Partial answer ', 'two chunks of the reply');
    assert.ok(api.isBusy(id), 'the reply is still streaming');
    const log = fs.readFileSync(`${api.storageFolder}/${id}.jsonl`, 'utf8');
    assert.match(log, /"type":"assistant_delta".*"text":"answer "/, 'the partial text is in the log before the kill');
    await api.activeSessionSaved();
    const choice = fs.readFileSync(`${api.storageFolder}/active-session.json`, 'utf8');
    assert.strictEqual(
      JSON.parse(choice).value,
      id,
      'the session the user is in is remembered on disk before the kill',
    );
    fs.writeFileSync(marker, JSON.stringify({ sessionId: id }));
    process.kill(process.pid, 'SIGKILL');
  });
});
