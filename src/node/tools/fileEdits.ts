import { createTwoFilesPatch } from 'diff';
import type { FileAccess, FileChange, ResolvedPath, ToolOutcome } from '../../core/tools/toolPorts';
import type { ToolArgs } from '../../core/tools/toolSpecs';
import { unreadable } from './fileReads';
import { capText, TOOL_LIMITS } from './toolLimits';

const fail = (output: string): ToolOutcome => ({ ok: false, output });

function occurrences(text: string, search: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf(search); i !== -1 && at.length < 50; i = text.indexOf(search, i + 1)) at.push(i);
  return at;
}

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

/** The unified diff of one file, capped, and the text before when small enough to keep for Open Diff. */
export function changeOf(rel: string, before: string | undefined, after: string): FileChange {
  const patch = createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${rel}`, `b/${rel}`, before ?? '', after);
  const diff = capText(patch, TOOL_LIMITS.diffChars, 'characters of the diff').text;
  const keep = before !== undefined && before.length <= TOOL_LIMITS.beforeChars;
  return { path: rel, created: before === undefined, diff, ...(keep ? { before } : {}) };
}

function summary(change: FileChange): string {
  const lines = change.diff.split('\n');
  const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
  const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
  return `${change.created ? 'Created' : 'Edited'} ${change.path} (+${added} -${removed})`;
}

/**
 * edit_file: replaces `search`, which must occur exactly once. A file with CRLF line ends takes a
 * search and replacement written with LF. Zero or several matches: nothing is written, and the model
 * is told which (with the lines of the matches, so it can add context).
 */
export async function editFileTool(
  access: FileAccess,
  target: ResolvedPath,
  args: ToolArgs['edit_file'],
): Promise<ToolOutcome> {
  const why = await unreadable(target);
  if (why) return fail(`${why}; nothing was changed`);
  const before = await access.read(target.abs);
  let { search, replace } = args;
  if (before.includes('\r\n') && !search.includes('\r\n') && search.includes('\n')) {
    search = search.replace(/\n/g, '\r\n');
    replace = replace.replace(/\r?\n/g, '\r\n');
  }
  const found = occurrences(before, search);
  if (found.length === 0)
    return fail(
      `the search text was not found in ${target.rel}; nothing was changed. Read the file again and copy ` +
        'the text exactly, with its whitespace and line breaks.',
    );
  if (found.length > 1) {
    const lines = found.map((i) => lineOf(before, i)).join(', ');
    return fail(
      `the search text occurs ${found.length}${found.length >= 50 ? '+' : ''} times in ${target.rel} ` +
        `(lines ${lines}); nothing was changed. Include more of the surrounding lines so it occurs once.`,
    );
  }
  const after = before.slice(0, found[0]) + replace + before.slice(found[0] + search.length);
  if (after === before) return fail('the replacement is the same as the search text; nothing was changed');
  await access.write(target.abs, after);
  const change = changeOf(target.rel, before, after);
  return { ok: true, output: summary(change), change };
}

/** write_file: creates the file (and its folders) or replaces all of it. */
export async function writeFileTool(
  access: FileAccess,
  target: ResolvedPath,
  args: ToolArgs['write_file'],
): Promise<ToolOutcome> {
  let before: string | undefined;
  if (target.exists) {
    const why = await unreadable(target);
    if (why) return fail(`${why}; nothing was written`);
    before = await access.read(target.abs);
  }
  await access.write(target.abs, args.content);
  const change = changeOf(target.rel, before, args.content);
  return { ok: true, output: summary(change), change };
}
