import * as assert from 'assert';
import { spawn } from 'child_process';
import type { ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/shared/ids';
import { extensionApi, waitFor } from '../support';

/**
 * Another VS Code window, played by a real child process (test/support/serviceChild.ts, compiled to
 * out/ by the unit build) running a real SessionService on this window's storage folder: it creates
 * session "s1" and streams into it forever, holding its lock.
 */
/** Starts "another window" writing session `id` and resolves once its reply has started, on disk. */
async function otherWindow(storageFolder: string, id: string): Promise<ChildProcess> {
  const repo = vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
  const script = path.join(repo, 'out', 'test', 'support', 'serviceChild.js');
  assert.ok(fs.existsSync(script), `${script} is built by the unit build (npm run test:unit)`);
  const child = spawn(process.execPath, [script, storageFolder, 'writer', id], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    // "ack 4": session_created, user_message and the first deltas are on disk
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += String(d)) && /ack ([4-9]|\d\d)/.test(out) && resolve());
    child.once('exit', (code) => reject(new Error(`the other window exited (${code})`)));
  });
  return child;
}

describe('a session another window is writing', () => {
  let child: ChildProcess | undefined;
  let hung: ChildProcess | undefined;
  after(() => {
    child?.kill('SIGKILL');
    hung?.kill('SIGKILL');
  });

  it('is shown read-only, its live reply untouched; after that window dies it is taken over', async () => {
    const api = await extensionApi();
    child = await otherWindow(api.storageFolder, 's1');

    await vscode.commands.executeCommand('agentSessions.refresh');
    const holder = await waitFor(
      api,
      () => api.session('s1') && api.readOnlyHolder('s1'),
      "the other window's session",
    );
    assert.strictEqual(holder.pid, child.pid, 'the holder is named');
    assert.strictEqual(api.session('s1')!.turns[0].status, 'streaming', 'its live reply is not marked interrupted');
    await vscode.commands.executeCommand('agentSessions.openSession', 's1');
    assert.ok(api.isPanelOpen('s1'));
    await vscode.commands.executeCommand('agentSessions.renameSession', 's1', 'Mine now'); // refused with a warning
    assert.strictEqual(api.session('s1')!.title, 'Shared', 'nothing was appended here');

    const exited = new Promise((resolve) => child!.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await vscode.commands.executeCommand('agentSessions.refresh');
    const state = await waitFor(
      api,
      () => !api.readOnlyHolder('s1') && api.session('s1')?.turns[0]?.status === 'interrupted' && api.session('s1'),
      'the take-over',
    );
    assert.ok(state.turns[0].assistantText.startsWith('d0 '), 'the streamed text is kept');
    await vscode.commands.executeCommand('agentSessions.renameSession', 's1', 'Taken over');
    assert.strictEqual(api.session('s1')!.title, 'Taken over');
  });

  it('can be taken over, after the user confirms, from a window that hangs (alive, writing nothing)', async () => {
    const api = await extensionApi();
    hung = await otherWindow(api.storageFolder, 's2');
    hung.kill('SIGSTOP'); // still alive, so its lock is respected: only the user can say it is dead
    await vscode.commands.executeCommand('agentSessions.refresh');
    await waitFor(api, () => api.session('s2') && api.readOnlyHolder('s2'), "the hung window's session");
    const took = await vscode.commands.executeCommand<boolean>('agentSessions.takeOverSession', 's2', 'confirmed');
    assert.strictEqual(took, true);
    const state = await waitFor(
      api,
      () => !api.readOnlyHolder('s2') && api.session('s2')?.turns[0]?.status === 'interrupted' && api.session('s2'),
      'the take-over',
    );
    assert.ok(api.isPanelOpen('s2'), 'its tab is open, now writable');
    await vscode.commands.executeCommand('agentSessions.renameSession', 's2', 'Mine after all');
    assert.strictEqual(api.session('s2')!.title, 'Mine after all');
    assert.ok(state.turns[0].assistantText.startsWith('d0 '));
  });
});
