import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { textTurn, toolTurn } from '../../peer/agentScripts';
import type { Peer, PeerRequest, PeerResponder } from '../../peer/openaiPeer';
import { startPeer } from '../../peer/openaiPeer';
import type { SessionState } from '../../../src/core/session';
import type { ValidationItem } from '../../../src/core/turnItems';
import { configure, extensionApi, turnEnded, workspaceText } from '../support';
import { ORIGINAL_MATH, setWorkspaceText } from '../sampleMath';

const config = () => vscode.workspace.getConfiguration('agentSessions');
const lastTurn = (state: SessionState) => state.turns[state.turns.length - 1];
const validations = (state: SessionState) =>
  lastTurn(state).items.filter((i): i is ValidationItem => i.kind === 'validation');

type Message = { role?: string; content?: unknown; tool_call_id?: string };
const messagesOf = (request: PeerRequest) => (request.body.messages ?? []) as Message[];
/** The content of the last `tool` message of a request the peer received. */
function lastToolMessage(request: PeerRequest): string {
  const tool = messagesOf(request).filter((m) => m.role === 'tool');
  assert.ok(tool.length, 'the request carries a tool message');
  return String(tool[tool.length - 1].content);
}

// ~200 KB of validation output: 4,000 numbered lines, an error line with a fake key after line 2,000
const LINES = 4000;
const SECRET_AFTER = 2000;
const SCRIPT =
  `let o='';for(let i=1;i<=${LINES};i++){o+='line '+String(i).padStart(4,'0')+': '+'x'.repeat(44)+'\\n';` +
  `if(i===${SECRET_AFTER})o+='Error: the request failed with '+'sk-'+'proj-'+'Zq7'.repeat(12)+' at step '+i+'\\n'}` +
  `process.stdout.write(o);process.exitCode=1`;
const numbered = (i: number) => `line ${String(i).padStart(4, '0')}: ${'x'.repeat(44)}`;
const SECRET = `sk-proj-${'Zq7'.repeat(12)}`;
const errorLine = (key: string) => `Error: the request failed with ${key} at step ${SECRET_AFTER}`;
/** The output's lines as the runner keeps them (1-based: line SECRET_AFTER + 1 is the error). */
const OUTPUT_LINES = [
  ...Array.from({ length: SECRET_AFTER }, (_, k) => numbered(k + 1)),
  errorLine('[REDACTED]'),
  ...Array.from({ length: LINES - SECRET_AFTER }, (_, k) => numbered(SECRET_AFTER + k + 1)),
];
const MARKER =
  /\[… lines ([\d,]+)–([\d,]+) of ([\d,]+) \(([\d,]+) characters\) not shown\. The whole output is kept: read_tool_output (\{[^}]*\}) returns a range of its lines\.\]/;
const num = (s: string) => Number(s.replace(/,/g, ''));
const count = (n: number) => n.toLocaleString('en-US');

/** Resolves when the active editor shows this file (on the editor event; the timer only turns a hang into a failure). */
function editorShows(file: string, timeoutMs = 20_000): Promise<vscode.TextEditor> {
  const shows = (e: vscode.TextEditor | undefined) => e && path.resolve(e.document.uri.fsPath) === path.resolve(file);
  return new Promise((resolve, reject) => {
    const done = (e: vscode.TextEditor) => {
      sub.dispose();
      clearTimeout(timer);
      resolve(e);
    };
    const sub = vscode.window.onDidChangeActiveTextEditor((e) => shows(e) && done(e!));
    const timer = setTimeout(() => {
      sub.dispose();
      const now = vscode.window.activeTextEditor?.document.uri.fsPath;
      reject(new Error(`timed out waiting for an editor on ${file} (active: ${now})`));
    }, timeoutMs);
    const now = vscode.window.activeTextEditor;
    if (shows(now)) done(now!);
  });
}

/**
 * Exhaust control and escalation in the real VS Code against the scripted peer: what the model is sent
 * is read at the peer, not from the session's own state.
 */
describe('exhaust control at the peer, and escalation after two failed validation rounds', () => {
  let peer: Peer;
  /** Answers a request when nothing is queued: a test sets it to decide from the request itself. */
  let responder: PeerResponder = () => textTurn('Done.');
  let mathBefore: string;
  before(async () => {
    peer = await startPeer(0, (body) => responder(body));
    await extensionApi();
    await configure(peer.baseUrl, 'gpt-4o');
    mathBefore = (await workspaceText('src/math.js')) ?? '';
  });
  afterEach(async () => {
    peer.clearQueue();
    responder = () => textTurn('Done.');
    await config().update('validation.commands', undefined, vscode.ConfigurationTarget.Global);
    await config().update('toolOutput.contextCharacters', undefined, vscode.ConfigurationTarget.Global);
    await config().update('models.builder', undefined, vscode.ConfigurationTarget.Global);
    await config().update('models.escalation', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    await setWorkspaceText('src/math.js', mathBefore);
    await peer?.close();
  });

  it('a 200 KB validation output: the model gets head, tail and a marker; read_tool_output returns the asked lines, redacted', async () => {
    const api = await extensionApi();
    await config().update('validation.commands', [['node', '-e', SCRIPT]], vscode.ConfigurationTarget.Global);
    const from = peer.requests.length;
    peer.enqueue(toolTurn([{ id: 'peer_validate', name: 'run_validation', arguments: '{}' }]));
    // second request: read the lines around the error, with the id the marker names (the runner's, not ours)
    let asked: { id: string; startLine: number; endLine: number } | undefined;
    responder = (body) => {
      if (asked) return textTurn('The error is a failed request; the key in it is redacted.');
      const tool = lastToolMessage({ headers: {}, body });
      const hint = MARKER.exec(tool);
      if (!hint) return textTurn('No marker.');
      const { id } = JSON.parse(hint[5]) as { id: string };
      asked = { id, startLine: SECRET_AFTER - 1, endLine: SECRET_AFTER + 3 };
      return toolTurn([{ id: 'peer_read', name: 'read_tool_output', arguments: JSON.stringify(asked) }]);
    };
    const id = await vscode.commands.executeCommand<string>('agentSessions.newBuilderSession', 'Why does it fail?');
    const state = await turnEnded(api, id, 'the exhaust turn');
    assert.strictEqual(lastTurn(state).status, 'done', JSON.stringify(lastTurn(state).halt ?? lastTurn(state).error));
    const sent = peer.requests.slice(from);
    assert.strictEqual(sent.length, 3, 'run_validation, read_tool_output, the answer');

    // what the model got of the output: head + marker + tail, within the threshold
    const [run] = validations(state);
    assert.ok(run?.kept, 'the validation item names its kept output');
    const shown = lastToolMessage(sent[1]);
    assert.ok(shown.length < 8600, `the tool message is ${shown.length} characters`);
    const hint = MARKER.exec(shown);
    assert.ok(hint, `the marker is in the tool message:\n${shown.slice(0, 400)}`);
    const [, a, b, total] = hint.map((s) => (s && /^[\d,]+$/.test(s) ? num(s) : NaN));
    assert.strictEqual(total, LINES + 1);
    const call = JSON.parse(hint[5]) as { id: string; startLine: number; endLine: number };
    assert.strictEqual(call.id, run.kept.id, "the marker names the runner's id of the kept output");
    assert.notStrictEqual(call.id, 'peer_validate');
    assert.deepStrictEqual([call.startLine, call.endLine], [a, Math.min(b, a + 199)]);
    const lines = shown.split('\n');
    const at = lines.findIndex((l) => MARKER.test(l));
    assert.strictEqual(lines[at - 1], OUTPUT_LINES[a - 2], 'the head ends on the line before the hidden ones');
    // after the marker, the hidden lines that look like errors (the redacted error line in the middle of the log)
    assert.strictEqual(lines[at + 1], `  ↳ hidden line ${count(SECRET_AFTER + 1)}: ${errorLine('[REDACTED]')}`);
    assert.strictEqual(lines[at + 2], OUTPUT_LINES[b], 'the tail starts on the line after the hidden ones');
    assert.ok(lines.includes(numbered(1)), 'the first line is shown');
    assert.strictEqual(lines[lines.length - 1], numbered(LINES), 'the last line is shown');

    // the asked lines, exactly, redacted
    assert.ok(asked, 'the peer asked for a range');
    const { startLine, endLine } = asked;
    const header = `Lines ${count(startLine)}–${count(endLine)} of ${count(LINES + 1)} of the output of ${call.id}:`;
    const read = lastToolMessage(sent[2]);
    assert.strictEqual(read, [header, ...OUTPUT_LINES.slice(startLine - 1, endLine)].join('\n'));
    assert.ok(read.includes(errorLine('[REDACTED]')), 'the key is redacted in what the model read');
    assert.ok(!read.includes(SECRET));

    // the kept file: next to the session's log, whole, redacted
    const kept = path.join(api.storageFolder, run.kept.file);
    assert.ok(fs.existsSync(path.join(api.storageFolder, `${id}.jsonl`)), 'the session log is in the sessions folder');
    assert.ok(fs.existsSync(kept), `the kept output ${run.kept.file} is next to it`);
    const text = fs.readFileSync(kept, 'utf8');
    assert.strictEqual(text, `${OUTPUT_LINES.join('\n')}\n`);
    assert.ok(text.length > 200_000, `${text.length} characters kept`);
    assert.ok(!text.includes(SECRET), 'no key in the kept file');
    assert.deepStrictEqual(run.kept, { id: call.id, file: run.kept.file, chars: text.length, lines: LINES + 1 });

    // Open Full Output: the tab's message opens the kept file in an editor
    const opened = editorShows(kept);
    api.postFromTab(id, { type: 'openToolOutput', id: call.id });
    const editor = await opened;
    assert.strictEqual(editor.document.lineCount, LINES + 2, 'the whole output (and the empty last line)');
  });

  it('two failed rounds stop the turn; on the escalation model the next request goes there and a passing fix ends it done', async () => {
    const api = await extensionApi();
    await setWorkspaceText('src/math.js', ORIGINAL_MATH);
    await config().update('models.builder', 'gpt-4o', vscode.ConfigurationTarget.Global);
    await config().update('models.escalation', 'gpt-4.1', vscode.ConfigurationTarget.Global);
    const edit = (id: string, search: string, replace: string) =>
      toolTurn([{ id, name: 'edit_file', arguments: JSON.stringify({ path: 'src/math.js', search, replace }) }]);
    const multiply = 'function multiply(a, b) {\n  return a ';
    const from = peer.requests.length;
    // validated by the sample workspace's own rules (node test/math.test.js): multiply stays wrong twice
    peer.enqueue(
      edit('e_add', 'return a - b;', 'return a + b;'),
      edit('e_doc', '/** The product of two numbers. */', '/** The product of two numbers (a times b). */'),
      edit('e_mul', `${multiply}+ b;`, `${multiply}* b;`),
      textTurn('Both fixed; the tests pass.'),
    );
    const id = await vscode.commands.executeCommand<string>('agentSessions.newBuilderSession', 'Fix the failing tests');
    const halted = await turnEnded(api, id, 'the stop after two failed rounds');
    const stop = lastTurn(halted);
    assert.strictEqual(stop.status, 'halted', JSON.stringify(stop.halt ?? stop.error));
    assert.strictEqual(stop.halt?.guard, 'validation_failed_twice');
    assert.deepStrictEqual(
      validations(halted).map((v) => v.ok),
      [false, false],
    );
    const before = peer.requests.slice(from);
    assert.strictEqual(before.length, 2);
    assert.deepStrictEqual(
      before.map((r) => r.body.model),
      ['gpt-4o', 'gpt-4o'],
    );

    await vscode.commands.executeCommand('agentSessions.escalate', id);
    const state = await turnEnded(api, id, 'the turn on the escalation model');
    const turn = lastTurn(state);
    assert.strictEqual(turn.status, 'done', JSON.stringify(turn.halt ?? turn.error));
    assert.strictEqual(turn.id, stop.id, 'the same turn went on');
    assert.strictEqual(state.model, 'gpt-4.1');
    const events = fs
      .readFileSync(path.join(api.storageFolder, `${id}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type?: string; model?: string; reason?: string });
    assert.deepStrictEqual(
      events.filter((e) => e.type === 'model_changed').map(({ model, reason }) => ({ model, reason })),
      [{ model: 'gpt-4.1', reason: 'escalation' }],
    );
    const after = peer.requests.slice(from + 2);
    assert.strictEqual(after.length, 2, 'the fix, then the answer');
    assert.deepStrictEqual(
      after.map((r) => r.body.model),
      ['gpt-4.1', 'gpt-4.1'],
    );
    assert.match(JSON.stringify(messagesOf(after[0])), /the user moved this session to gpt-4\.1/);
    assert.deepStrictEqual(
      validations(state).map((v) => v.ok),
      [false, false, true],
    );
    assert.match((await workspaceText('src/math.js')) ?? '', /return a \* b;/);
  });
});
