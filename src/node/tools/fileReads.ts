import { promises as fs } from 'fs';
import type { FileAccess, ResolvedPath, ToolOutcome } from '../../core/tools/toolPorts';
import type { ToolArgs } from '../../core/tools/toolSpecs';
import { TOOL_LIMITS } from './toolLimits';

const fail = (output: string): ToolOutcome => ({ ok: false, output });

/** Why a file cannot be read as text, or undefined: missing, a folder, too large, binary. */
export async function unreadable(target: ResolvedPath): Promise<string | undefined> {
  if (!target.exists) return `${target.rel} does not exist`;
  const stat = await fs.stat(target.abs);
  if (stat.isDirectory()) return `${target.rel} is a folder: use list_dir`;
  if (!stat.isFile()) return `${target.rel} is not a regular file`;
  if (stat.size > TOOL_LIMITS.fileBytes)
    return `${target.rel} is ${Math.round(stat.size / 1024 / 1024)} MB, too large to read: use search_text on it`;
  const handle = await fs.open(target.abs, 'r');
  try {
    const head = Buffer.alloc(Math.min(stat.size, TOOL_LIMITS.binarySniffBytes));
    await handle.read(head, 0, head.length, 0);
    if (head.includes(0)) return `${target.rel} is a binary file`;
  } finally {
    await handle.close();
  }
  return undefined;
}

/**
 * read_file: the whole file or a line range (1-based, inclusive), after a header naming the lines shown.
 * Past the character cap the text stops at a whole line and the result says where to continue.
 */
export async function readFileTool(
  access: FileAccess,
  target: ResolvedPath,
  args: ToolArgs['read_file'],
): Promise<ToolOutcome> {
  const why = await unreadable(target);
  if (why) return fail(why);
  const lines = (await access.read(target.abs)).split(/\r?\n/);
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  const total = lines.length;
  const start = args.startLine ?? 1;
  const end = Math.min(args.endLine ?? total, total);
  if (start > total) return fail(`${target.rel} has ${total} lines; startLine ${start} is past the end`);
  if (end < start) return fail(`endLine ${end} is before startLine ${start}`);
  let shown = '';
  let last = start - 1;
  for (let n = start; n <= end; n++) {
    const line = lines[n - 1] + '\n';
    if (shown.length + line.length > TOOL_LIMITS.readChars && last >= start) break;
    shown += line;
    last = n;
  }
  const whole = start === 1 && last === total;
  const header = whole ? `${target.rel} (${total} lines)` : `${target.rel} (lines ${start}-${last} of ${total})`;
  const more = last < end ? `\n… cut at line ${last}: read on with startLine ${last + 1}` : '';
  return { ok: true, output: `${header}\n${shown}${more}` };
}

/** list_dir: the folder's entries sorted, folders first and ending with "/", capped. */
export async function listDirTool(target: ResolvedPath): Promise<ToolOutcome> {
  if (!target.exists) return fail(`${target.rel || '.'} does not exist`);
  let entries;
  try {
    entries = await fs.readdir(target.abs, { withFileTypes: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(code === 'ENOTDIR' ? `${target.rel} is a file: use read_file` : (error as Error).message);
  }
  const names = entries
    .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
    .sort((a, b) => Number(!a.endsWith('/')) - Number(!b.endsWith('/')) || a.localeCompare(b));
  const shown = names.slice(0, TOOL_LIMITS.listEntries);
  const more = names.length > shown.length ? `\n… ${names.length - shown.length} more entries not shown` : '';
  const title = `${target.rel || '.'}/ (${names.length} entries)`;
  return { ok: true, output: `${title}\n${shown.join('\n')}${more}` };
}
