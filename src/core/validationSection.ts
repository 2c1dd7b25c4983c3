/**
 * The validation commands a rules file names: the section under a heading that says "validation" (or
 * "validate", "checks", "tests"), each command written in backticks or as a line of a fenced block.
 * Each becomes an argv by splitting on spaces, with '…' and "…" quoting. A command with shell syntax
 * (pipes, redirects, `&&`, variables) is never turned into argv: it is listed as skipped, with why.
 */
export interface ValidationCommands {
  commands: string[][];
  skipped: Array<{ text: string; reason: string }>;
}

const HEADING = /^\s{0,3}(#{1,6})\s+(.*)$/;
const TITLE = /\b(validation|validate|checks?|tests?|testing)\b/i;
const SHELL = /[;&|<>$`\\()*?~{}\n]/;
const MAX_COMMANDS = 10;

export function validationCommandsFrom(markdown: string): ValidationCommands {
  const lines = markdown.split(/\r?\n/);
  const out: ValidationCommands = { commands: [], skipped: [] };
  let level = 0;
  let inFence = false;
  for (const line of lines) {
    const heading = inFence ? null : HEADING.exec(line);
    if (heading) {
      const depth = heading[1].length;
      if (level && depth <= level) level = 0; // the section ended
      if (!level && TITLE.test(heading[2])) level = depth;
      continue;
    }
    if (!level) continue;
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    const texts = inFence ? [line.trim()] : [...line.matchAll(/`([^`]+)`/g)].map((m) => m[1].trim());
    for (const text of texts) if (text && !text.startsWith('#')) add(out, text.replace(/^\$\s+/, ''));
  }
  return out;
}

function add(out: ValidationCommands, text: string): void {
  if (out.commands.length >= MAX_COMMANDS) return;
  if (SHELL.test(text)) {
    out.skipped.push({ text, reason: 'it uses shell syntax; write it as a plain command or put it in a script' });
    return;
  }
  const argv = splitArgv(text);
  if (!argv) out.skipped.push({ text, reason: 'its quotes do not close' });
  else if (!out.commands.some((c) => c.join('\0') === argv.join('\0'))) out.commands.push(argv);
}

/** Splits on whitespace, honouring '…' and "…" (no escapes, no expansion). Undefined when a quote is left open. */
export function splitArgv(text: string): string[] | undefined {
  const argv: string[] = [];
  let current = '';
  let quote: string | undefined;
  let has = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else current += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      has = true;
    } else if (/\s/.test(ch)) {
      if (has || current) argv.push(current);
      current = '';
      has = false;
    } else current += ch;
  }
  if (quote) return undefined;
  if (has || current) argv.push(current);
  return argv.length ? argv : undefined;
}
