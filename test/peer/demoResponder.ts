import type { PeerScript } from './openaiPeer';
import { textTurn, toolTurn } from './agentScripts';

interface WireMessage {
  role?: string;
  content?: unknown;
  tool_calls?: Array<{ function?: { name?: string } }>;
}

const FILE = 'src/math.js';
let seq = 0;
const id = (name: string) => `call_${name}_${++seq}`;
const call = (name: string, args: object) => ({ id: id(name), name, arguments: JSON.stringify(args) });
const text = (m: WireMessage | undefined) => (typeof m?.content === 'string' ? m.content : '');

const PLAN = [
  '## Root cause',
  '`add` subtracts and `multiply` adds in `src/math.js`.',
  '## Files expected to change',
  '- `src/math.js`',
  '## Invariants to preserve',
  '- The exports `add` and `multiply` keep their names and arity.',
  '## Risks',
  '- None beyond these two functions; nothing else imports them.',
  '## Validation commands',
  '- `node test/math.test.js`',
].join('\n');

/**
 * The demo endpoint's side of a conversation, decided from the request alone (so a reload, a resend or
 * two sessions at once all get a sensible next step): on the sample workspace, a Builder reads
 * `src/math.js`, fixes `add`, sees the runner's validation fail on `multiply`, fixes it, and answers once
 * the validation passes. A read-only session reads and maps; plan mode reads and replies with a plan.
 * Anything else gets a plain reply naming what it saw.
 */
export function demoReply(body: Record<string, unknown>): PeerScript {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as WireMessage[];
  const tools = new Set(
    (Array.isArray(body.tools) ? body.tools : []).map((t: { function?: { name?: string } }) => t.function?.name),
  );
  const last = messages[messages.length - 1];
  const system = text(messages.find((m) => m.role === 'system'));
  const lastText = text(last);
  if (!tools.size)
    return textTurn('The demo endpoint: this session has no tools, so it only chats. ' + reply(lastText));
  const afterTool = last?.role === 'tool';
  const lastCall = [...messages].reverse().find((m) => m.role === 'assistant' && m.tool_calls?.length);
  const lastCallName = lastCall?.tool_calls?.[0]?.function?.name;
  if (/^Plan mode:/m.test(system) || system.includes('Plan mode: you cannot edit')) {
    if (!afterTool) return toolTurn([call('read_file', { path: FILE })], { text: 'Reading the module first.' });
    return textTurn(PLAN);
  }
  if (!tools.has('edit_file')) {
    if (!afterTool) return toolTurn([call('list_dir', {})], { text: 'Mapping the folder.' });
    if (lastCallName === 'list_dir') return toolTurn([call('read_file', { path: FILE })]);
    return textTurn(
      `\`${FILE}\` exports \`add\` and \`multiply\`; \`test/math.test.js\` checks both. ` +
        'Both look wrong: `add` subtracts and `multiply` adds. A Builder session can fix them.',
    );
  }
  if (last?.role === 'user' && lastText.startsWith('Validation passed'))
    return textTurn(`Fixed \`${FILE}\`: \`add\` adds and \`multiply\` multiplies; \`node test/math.test.js\` passes.`);
  if (last?.role === 'user' && lastText.startsWith('Validation failed')) {
    if (/multiply/.test(lastText))
      return toolTurn(
        [
          call('edit_file', {
            path: FILE,
            search: 'return a + b;\n}\n\nmodule',
            replace: 'return a * b;\n}\n\nmodule',
          }),
        ],
        { text: 'The validation shows `multiply` is wrong too; fixing it.' },
      );
    return textTurn('The validation still fails; I stop here so you can look at the failure above.');
  }
  if (afterTool && lastCallName === 'read_file')
    return toolTurn([call('edit_file', { path: FILE, search: 'return a - b;', replace: 'return a + b;' })], {
      text: '`add` subtracts; fixing it.',
    });
  if (afterTool) return textTurn('Done: ' + reply(lastText));
  return toolTurn([call('read_file', { path: FILE })], { text: `Reading \`${FILE}\` first.` });
}

function reply(text: string): string {
  return text ? `You said: ${text.slice(0, 200)}` : '';
}
