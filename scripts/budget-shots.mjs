#!/usr/bin/env node
// Looks at issue 12's parts of the session tab as users see them, in a light and a dark theme: code-server
// with the extension, the scripted peer (the demo responder answers what is not queued) and a git copy of
// the sample workspace. Shoots a Builder's budget meters with a task's "Context budget:" block and the
// Edit Budget form, a guard stop with its Raise button, a validation output over the context threshold
// (head, tail, marker, Open Full Output and the kept file in an editor) and an ask_scout call with its
// Scout nested under the parent in the Sessions tree, and a compaction's preview beside the tab.
// usage: node scripts/budget-shots.mjs [oldest|newest] [light|dark]
// (after npm run build and tsc -p tsconfig.test.json); screenshots in .vscode-host/shots/budget/<host>-<theme>/
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openShotHost } from './host/shotHost.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const which = process.argv[2] ?? 'newest';
const theme = process.argv[3] ?? 'dark';

const require = createRequire(import.meta.url);
const { startPeer } = require(path.join(repo, 'out/test/peer/openaiPeer.js'));
const { demoReply } = require(path.join(repo, 'out/test/peer/demoResponder.js'));
const { textTurn, toolTurn } = require(path.join(repo, 'out/test/peer/agentScripts.js'));
const peer = await startPeer(0, demoReply);
const BUDGET = { maxToolCalls: 6, maxValidationRuns: 3, maxChangedFiles: 4, maxMinutes: 10, maxTokens: 200000 };
const settings = {
  ...JSON.parse(fs.readFileSync(path.join(repo, 'scripts/host/quiet-settings.json'), 'utf8')),
  'agentSessions.endpoint.baseUrl': peer.baseUrl,
  'agentSessions.budget.builder': BUDGET,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
};
const host = await openShotHost({ repo, name: 'budget', which, theme, settings, basePort: 8493 });
const { page, shot, command, tab, userDataDir } = host;
const call = (id, name, args) => ({ id, name, arguments: JSON.stringify(args) });
const read = (file, id = `call_read_${file}`) => toolTurn([call(id, 'read_file', { path: file })]);
/** Waits for the last turn of the active session tab to reach this status (turn-done, turn-halted, …). */
const lastTurnIs = (status, timeout = 60_000) => tab().locator(`.turn:last-child.turn-${status}`).waitFor({ timeout });

let ok = false;
try {
  await host.open();

  // 1. budget meters, partly used, with a task's read scope and summary-first bullets; then the form
  const edit = (id, search, replace) => toolTurn([call(id, 'edit_file', { path: 'src/math.js', search, replace })]);
  const multiply = 'function multiply(a, b) {\n  return a ';
  peer.enqueue(
    textTurn('Which part should I look at first?'),
    read('src/math.js'),
    {
      ...edit('call_edit_add', 'return a - b;', 'return a + b;'),
      chunks: ['Findings:\n- `add` subtracts\n- `multiply` adds\n'],
    },
    edit('call_edit_mul', `${multiply}+ b;`, `${multiply}* b;`),
    textTurn('Both fixed; the tests pass.'),
  );
  // the "Context budget:" block needs line breaks, which the command's one-line input box drops: it goes
  // in as the session's second message, from the tab's composer
  const task = [
    'Fix the math module so its test passes.',
    '',
    'Context budget:',
    '- Read only src/ first.',
    '- Summarize findings in 2 bullets before editing.',
  ].join('\n');
  await command('Agent Sessions: New Builder Session', 'Fix the math module');
  await lastTurnIs('done');
  await tab().locator('#composer textarea').fill(task);
  await tab().locator('#send').click();
  await tab().locator('.turn:nth-child(2)').waitFor();
  await lastTurnIs('done');
  await tab().locator('.meter').first().waitFor();
  await tab().locator('.budget-scope', { hasText: 'Read scope' }).waitFor();
  await tab().locator('.turn:nth-child(2) .message.user').scrollIntoViewIfNeeded();
  await shot('01-budget-meters.png');
  await tab().locator('#budget-edit').click();
  await tab().locator('.budget-form input[name="maxToolCalls"]').waitFor();
  await shot('02-budget-form.png');
  await tab().locator('#budget-edit').click();

  // 2. a guard stop: the seventh tool call is one over maxToolCalls 6
  peer.enqueue(
    read('src/math.js'),
    read('README.md'),
    read('AGENTS.md'),
    read('test/math.test.js'),
    toolTurn([call('call_ls_root', 'list_dir', {})]),
    toolTurn([call('call_ls_src', 'list_dir', { path: 'src' })]),
    toolTurn([call('call_ls_test', 'list_dir', { path: 'test' })]),
    textTurn('Read enough.'),
  );
  await command('Agent Sessions: New Builder Session', 'Read the project and tell me what it does');
  await lastTurnIs('halted');
  peer.clearQueue(); // the reply after the refused call is never asked for
  await tab()
    .locator('.turn-meta vscode-button', { hasText: /^Raise to/ })
    .scrollIntoViewIfNeeded();
  await shot('03-guard-stop.png');

  // 3. exhaust control: a validation output over toolOutput.contextCharacters (8,000). validation.commands
  // is machine-scoped, so in code-server it counts in the remote (Machine) settings only; written now so
  // the first session validated by the sample workspace's own rules
  const machine = path.join(userDataDir, 'Machine', 'settings.json');
  const script =
    // exitCode, not exit(): process.exit() would cut the piped stdout short
    "for(let i=1;i<=4000;i++)console.log('line '+i+': compiling module');" +
    "console.error('error TS2345: boom');process.exitCode=1";
  fs.mkdirSync(path.dirname(machine), { recursive: true });
  fs.writeFileSync(machine, JSON.stringify({ 'agentSessions.validation.commands': [['node', '-e', script]] }, null, 2));
  await page.waitForTimeout(3000);
  peer.enqueue(
    toolTurn([call('call_validate', 'run_validation', {})]),
    textTurn('The build fails on error TS2345 at the end of the output.'),
  );
  await command('Agent Sessions: New Builder Session', 'Run the validation and tell me why it fails');
  await lastTurnIs('done');
  await tab().locator('.validation-failed').first().waitFor();
  const kept = tab().locator('.kept-output', { hasText: 'Open Full Output' }).first();
  await kept.waitFor();
  await tab().locator('.validation-failed').first().scrollIntoViewIfNeeded();
  // the failure's box scrolled to the marker between head and tail
  await tab()
    .locator('.validation-failed pre.output')
    .first()
    .evaluate((pre) => {
      const lines = pre.textContent.split('\n');
      const at = lines.findIndex((l) => l.startsWith('[…'));
      const lineHeight = pre.scrollHeight / lines.length;
      pre.scrollTop = Math.max(0, (at - 8) * lineHeight);
    });
  await shot('04-exhaust.png');
  await kept.locator('vscode-button').click();
  await page.locator('.monaco-editor .view-line', { hasText: 'line 1: compiling module' }).first().waitFor();
  await shot('05-full-output.png');
  fs.writeFileSync(machine, '{}');
  await page.waitForTimeout(1000);

  // 4. compaction of the validation session (its long output makes it worth it): the summarizer's proposal opens beside the tab as an editable document, Apply / Discard
  peer.enqueue(
    textTurn(
      '## Decisions and why\nThe bug is in `add` (subtracts).\n## Ruled out and why\nNone.\n## Open failures\nNone.\n' +
        '## Current state\nFound, not fixed.\n## Next step\nFix `add` in src/math.js.',
    ),
  );
  await command('Agent Sessions: Compact Session', 'keep the bug and where it is');
  await page
    .locator('.monaco-editor .view-line', { hasText: 'Carried by the runner' })
    .first()
    .waitFor({ timeout: 30_000 });
  await page.locator('.notifications-toasts', { hasText: 'Compaction of' }).first().waitFor({ timeout: 15_000 });
  await page.mouse.move(700, 600);
  await shot('07-compaction-preview.png');
  // leave nothing behind for the next scene: discard, and close the untitled preview without a save prompt
  await page.locator('.notifications-toasts .monaco-button', { hasText: 'Discard' }).first().click();
  await page.locator('.monaco-editor .view-line', { hasText: 'Carried by the runner' }).first().click();
  await command('View: Revert and Close Editor');

  // 5. ask_scout: the Builder asks, the Scout reads and answers, the Builder finishes
  await command('View: Close All Editors');
  peer.enqueue(
    toolTurn([call('call_ask', 'ask_scout', { question: 'Where is add defined, and what does it do?' })]),
    read('src/math.js', 'call_scout_read'),
    textTurn('`add` is defined in `src/math.js` at line 4; it subtracts instead of adding.'),
    textTurn('The Scout found it: `add` in `src/math.js` subtracts. That is the bug.'),
  );
  await command('Agent Sessions: New Builder Session', 'Find the bug in add');
  await tab().locator('.turn-done vscode-button', { hasText: 'Open Scout Session' }).waitFor({ timeout: 60_000 });
  // the Sessions view, its parent expanded so the Scout shows under it
  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const sessionsView = sidebar.locator('.composite.title', { hasText: /Agent Sessions/i });
  if (!(await sessionsView.isVisible()))
    await page.locator('.activitybar [aria-label^="Agent Sessions"]').first().click();
  const parentRow = sidebar.locator('.monaco-list-row', { hasText: 'Find the bug in add' }).first();
  await parentRow.waitFor({ timeout: 15_000 });
  if ((await parentRow.getAttribute('aria-expanded')) === 'false') await parentRow.click();
  const level = Number(await parentRow.getAttribute('aria-level'));
  await sidebar
    .locator(`.monaco-list-row[aria-level="${level + 1}"]`)
    .first()
    .waitFor();
  await page.mouse.move(700, 600); // no activity bar tooltip over the tree
  await page.waitForTimeout(500);
  await shot('06-ask-scout.png');

  ok = true;
} catch (error) {
  console.error('UI drive failed:', error);
  await shot('99-error.png').catch(() => undefined);
} finally {
  await host.close();
  await peer.close();
  process.exit(ok ? 0 : 1);
}
