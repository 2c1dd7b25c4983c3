import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../../src/shared/ids';
import { claudeProjectName } from '../../../src/node/transcripts/roots';
import type { AgentSessionsTestApi } from '../../../src/vscode/testApi';
import { extensionApi, waitFor } from '../support';

describe("other agents' sessions", () => {
  let api: AgentSessionsTestApi;
  let dir: string;
  const config = () => vscode.workspace.getConfiguration('agentSessions');

  before(async () => {
    api = await extensionApi();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-observed-'));
  });

  after(async () => {
    await config().update('otherAgents.claudeCodeFolders', undefined, vscode.ConfigurationTarget.Global);
    await config().update('otherAgents.codexFolders', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('follows a Claude Code transcript being written: status bar and tree change to the new numbers', async () => {
    const fixtures = path.join(
      vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '',
      'test',
      'fixtures',
      'transcripts',
    );
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the suite runs with a workspace folder');
    const project = path.join(dir, 'claude', 'projects', claudeProjectName(folder));
    fs.mkdirSync(project, { recursive: true });
    const turn1 = fs.readFileSync(path.join(fixtures, 'claude-code/growing/turn-1.jsonl'));
    const turn2 = fs.readFileSync(path.join(fixtures, 'claude-code/growing/turn-2.jsonl'));
    const file = path.join(project, '3fb74381-1bf4-475e-8c6f-442d872b1bcf.jsonl');
    fs.writeFileSync(file, turn1);
    const codexDay = path.join(dir, 'codex', 'sessions', '2026', '05', '12');
    fs.mkdirSync(codexDay, { recursive: true });
    const codex1 = fs.readFileSync(path.join(fixtures, 'codex/growing/turn-1.jsonl'), 'utf8');
    const codexCwd = (JSON.parse(codex1.split('\n')[0]) as { payload: { cwd: string } }).payload.cwd;
    const codexFile = path.join(codexDay, 'rollout-2026-05-12T10-00-00-growing.jsonl');
    fs.writeFileSync(codexFile, codex1.split(JSON.stringify(codexCwd)).join(JSON.stringify(folder)));
    // Codex wrote a minute ago, Claude Code just now: the meter follows the newest writer
    const minuteAgo = new Date(Date.now() - 60_000);
    fs.utimesSync(codexFile, minuteAgo, minuteAgo);

    await config().update(
      'otherAgents.claudeCodeFolders',
      [path.join(dir, 'claude')],
      vscode.ConfigurationTarget.Global,
    );
    await config().update('otherAgents.codexFolders', [path.join(dir, 'codex')], vscode.ConfigurationTarget.Global);

    // turn 1: input 10 + cache write 30,383 + cache read 0 of the last main-chain reply, window 200k
    await waitFor(
      api,
      () => api.statusBarText() === '$(pulse) Claude Code 30.4k/200k 15%',
      'the meter to follow turn 1',
    );
    const codexItem = await waitFor(api, () => api.treeItems().find((i) => i.group === 'Codex'), 'the Codex group');
    assert.match(codexItem.description, /^1k\/258k 0% · o4-mini · /);

    fs.appendFileSync(file, turn2.subarray(turn1.length));
    // turn 2: 12 + 8,806 + 34,951 = 43,769
    await waitFor(api, () => api.statusBarText() === '$(pulse) Claude Code 43.8k/200k 22%', 'the meter to show turn 2');
    const item = await waitFor(
      api,
      () => api.treeItems().find((i) => i.group === 'Claude Code' && i.description.startsWith('43.8k/200k 22%')),
      'the tree item of turn 2',
    );
    assert.equal(item.label, 'show tools');
    assert.match(item.description, /^43\.8k\/200k 22% · claude-sonnet-4-5-20250929 · just now$/);
    assert.match(
      api.statusBarTooltip() ?? '',
      /Context now: input 12 \+ cache write 8,806 \+ cache read 34,951 = 43,769/,
    );

    const usage = JSON.parse(
      (await vscode.commands.executeCommand<string>('agentSessions.getContextUsage')) ?? '{}',
    ) as Record<string, unknown>;
    assert.deepEqual(usage, {
      sessionId: '3fb74381-1bf4-475e-8c6f-442d872b1bcf',
      source: 'claude-code',
      title: 'show tools',
      model: 'claude-sonnet-4-5-20250929',
      used: 43769,
      window: 200000,
      percent: 22,
      measured: true,
    });
  });

  it('follows a transcript idle for a day: its first new line reaches the status bar and the tree', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const project = path.join(dir, 'claude', 'projects', claudeProjectName(folder));
    const fixtures = path.join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '', 'test', 'fixtures');
    const turn1 = fs.readFileSync(path.join(fixtures, 'transcripts/claude-code/growing/turn-1.jsonl'), 'utf8');
    const idleId = '5e1d0c3b-2a49-4f6e-8d7c-9b0a1f2e3d4c';
    const asIdle = (text: string) => text.split('3fb74381-1bf4-475e-8c6f-442d872b1bcf').join(idleId);
    const file = path.join(project, `${idleId}.jsonl`);
    fs.writeFileSync(file, asIdle(turn1));
    const dayAgo = new Date(Date.now() - 24 * 3600_000);
    fs.utimesSync(file, dayAgo, dayAgo);
    await waitFor(api, () => api.observedSessions().find((s) => s.id === idleId), 'the idle session to be listed');
    assert.equal(api.statusBarText(), '$(pulse) Claude Code 43.8k/200k 22%', 'the meter stays on the newest writer');

    // one more reply: input 20 + cache write 1,000 + cache read 50,000 = 51,020 of 200k
    const lines = turn1
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const reply = structuredClone(lines.find((l) => l.type === 'assistant')) as {
      message: { id: string; usage: Record<string, number> };
    } & Record<string, unknown>;
    Object.assign(reply, {
      parentUuid: [...lines].reverse().find((l) => l.uuid)?.uuid,
      uuid: '7c6b5a49-3827-4165-9f0e-d1c2b3a49586',
      timestamp: new Date().toISOString(),
    });
    reply.message.id = 'msg_follow_0001';
    reply.message.usage = {
      input_tokens: 20,
      cache_creation_input_tokens: 1000,
      cache_read_input_tokens: 50_000,
      output_tokens: 300,
    };
    fs.appendFileSync(file, `${asIdle(JSON.stringify(reply))}\n`);
    await waitFor(
      api,
      () => api.statusBarText() === '$(pulse) Claude Code 51k/200k 26%',
      'the meter to show the reply',
    );
    const row = await waitFor(
      api,
      () => api.treeItems().find((i) => i.group === 'Claude Code' && i.description.startsWith('51k/200k 26%')),
      'the tree row of the reply',
    );
    assert.match(row.description, /^51k\/200k 26% · claude-sonnet-4-5-20250929 · just now$/);
  });

  it('opens the transcript and its raw file, and refuses to resume a session whose id is an option', async () => {
    const key = 'claude-code:3fb74381-1bf4-475e-8c6f-442d872b1bcf';
    const summary = api.observedSessions().find((s) => s.key === key);
    assert.ok(summary?.path, 'the session of the first test is listed');
    await vscode.commands.executeCommand('agentSessions.openTranscript', key);
    const text = vscode.window.activeTextEditor?.document.getText() ?? '';
    assert.match(text, /^# show tools\n/);
    assert.ok(!text.includes('are not shown'), 'a small transcript is shown whole');
    await vscode.commands.executeCommand('agentSessions.openTranscriptFile', key);
    const opened = vscode.window.activeTextEditor?.document.uri.fsPath ?? '';
    assert.equal(fs.realpathSync(opened), fs.realpathSync(summary.path));

    const hostile = path.join(path.dirname(summary.path), '--dangerously-skip-permissions.jsonl');
    fs.copyFileSync(summary.path, hostile);
    try {
      const listed = (id: string) => api.observedSessions().find((s) => s.id === id);
      await waitFor(api, () => listed('--dangerously-skip-permissions'), 'the hostile session to be listed');
      const terminals = vscode.window.terminals.length;
      const result = await vscode.commands.executeCommand(
        'agentSessions.resumeInTerminal',
        'claude-code:--dangerously-skip-permissions',
      );
      assert.equal(result, undefined);
      assert.equal(vscode.window.terminals.length, terminals, 'no terminal was started');
    } finally {
      fs.rmSync(hostile, { force: true });
    }
    await waitFor(
      api,
      () => !api.observedSessions().some((s) => s.id.startsWith('--')),
      'the hostile session to leave the list',
    );
  });
});
