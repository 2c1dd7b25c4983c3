import * as assert from 'assert';
import * as vscode from 'vscode';
import { textTurn, toolTurn } from '../../peer/agentScripts';
import type { Peer, PeerRequest } from '../../peer/openaiPeer';
import { startPeer } from '../../peer/openaiPeer';
import { configure, extensionApi, turnEnded, waitFor } from '../support';

const NARRATIVE = '## Decisions and why\nThe bugs are in src/math.js.\n## Next step\nFix add and multiply.';
const TASK = 'Map the sample project and name its bugs';
const SECOND = 'Which file holds the test?';
const EDIT = 'USER EDIT: the README is not needed any more.';
type Message = { role: string; content?: string | null };
const messagesOf = (r: PeerRequest) => (r.body as { messages: Message[] }).messages;
const isSummarizer = (body: Record<string, unknown>) =>
  String((body.messages as Message[])[0]?.content ?? '').startsWith('You write the narrative');

/** Compact in the real VS Code: the preview is edited, applied, and the next request carries exactly that. */
describe('compaction: the edited preview is what the next request carries', () => {
  let peer: Peer;
  before(async () => {
    peer = await startPeer(0, (body) => (isSummarizer(body) ? textTurn(NARRATIVE) : textTurn('Done.')));
    await extensionApi();
    await configure(peer.baseUrl, 'gpt-4o');
  });
  after(async () => {
    peer.clearQueue();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await peer?.close();
  });

  it('keeps every user message verbatim and the edit, drops the compacted tool output', async () => {
    const api = await extensionApi();
    peer.enqueue(
      toolTurn([{ id: 'call_readme', name: 'read_file', arguments: JSON.stringify({ path: 'README.md' }) }]),
      textTurn('It has a math module with two bugs.'),
      textTurn('test/math.test.js'),
    );
    const id = await vscode.commands.executeCommand<string>('agentSessions.newScoutSession', TASK);
    await turnEnded(api, id, 'the first turn');
    api.postFromTab(id, { type: 'send', text: SECOND });
    await waitFor(api, () => api.session(id)?.turns.length === 2 && !api.isBusy(id), 'the second turn');
    await turnEnded(api, id, 'the second turn');
    const readme = String(messagesOf(peer.requests[peer.requests.length - 1]).find((m) => m.role === 'tool')?.content);
    assert.match(readme, /Sample workspace/, 'the README was read into the context');

    await vscode.commands.executeCommand('agentSessions.compact', id, 'keep the bugs');
    const proposal = api.session(id)?.compactions.proposal;
    assert.ok(proposal, 'a proposal is recorded');
    assert.ok(proposal.tokensAfter < proposal.tokensBefore, `${proposal.tokensBefore} -> ${proposal.tokensAfter}`);
    const summarizer = peer.requests.filter((r) => isSummarizer(r.body)).pop()!;
    assert.match(String(messagesOf(summarizer)[1].content), /Focus on what the user asked for: keep the bugs/);
    // the preview: an editable Markdown document beside the tab; the user adds a line
    const doc = vscode.workspace.textDocuments.find((d) => d.getText().startsWith('## Carried by the runner'));
    assert.ok(doc, 'the preview is open');
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, doc.positionAt(doc.getText().length), `\n${EDIT}\n`);
    assert.ok(await vscode.workspace.applyEdit(edit));
    await vscode.commands.executeCommand('agentSessions.applyCompaction', id);
    await waitFor(api, () => api.session(id)?.compactions.applied.length === 1, 'the compaction applied');

    const from = peer.requests.length;
    peer.enqueue(textTurn('Going on.'));
    api.postFromTab(id, { type: 'send', text: 'Go on.' });
    await waitFor(api, () => api.session(id)?.turns.length === 3 && !api.isBusy(id), 'the third turn');
    const sent = messagesOf(peer.requests[from]);
    const all = JSON.stringify(sent);
    assert.ok(all.includes(EDIT), 'the user edit is sent');
    assert.ok(all.includes(TASK) && all.includes(SECOND), 'every user message, verbatim');
    assert.ok(!all.includes(readme.slice(0, 200)), 'the compacted tool output is not sent');
    assert.deepStrictEqual(
      sent.map((m) => m.role),
      ['system', 'user', 'user'],
    );
    assert.strictEqual(api.session(id)!.turns.length, 3, 'the transcript keeps every turn');
  });
});
