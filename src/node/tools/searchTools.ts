import type { ResolvedPath, ToolOutcome } from '../../core/tools/toolPorts';
import type { ToolArgs } from '../../core/tools/toolSpecs';
import { runRipgrep } from './ripgrep';
import { TOOL_LIMITS } from './toolLimits';

export interface SearchContext {
  rg: string;
  /** The root's real path: ripgrep runs there and prints paths relative to it. */
  cwd: string;
  signal: AbortSignal;
}

/** Where to search: nothing for the root (ripgrep then prints plain relative paths), else `-- <rel>`. */
const scope = (where: ResolvedPath) => (where.rel ? ['--', where.rel] : []);

/** find_files: `rg --files` filtered by the glob, honouring .gitignore and skipping hidden files, sorted. */
export async function findFilesTool(
  context: SearchContext,
  where: ResolvedPath,
  args: ToolArgs['find_files'],
): Promise<ToolOutcome> {
  if (!where.exists) return { ok: false, output: `${where.rel} does not exist` };
  const r = await runRipgrep(context.rg, ['--files', '--sort', 'path', '--glob', args.glob, ...scope(where)], {
    cwd: context.cwd,
    maxChars: TOOL_LIMITS.searchChars,
    timeoutMs: TOOL_LIMITS.searchTimeoutMs,
    signal: context.signal,
  });
  if (r.error && !r.stdout) return { ok: false, output: r.error };
  const files = r.stdout.split('\n').filter(Boolean);
  const shown = files.slice(0, TOOL_LIMITS.foundFiles);
  if (!shown.length) return { ok: true, output: `no files match ${args.glob}` };
  const more = r.cut || files.length > shown.length ? '\n… more files match: narrow the glob or the folder' : '';
  return { ok: true, output: `${shown.join('\n')}${more}` };
}

/** search_text: `path:line: text` for each match, long lines cut, the whole output capped. */
export async function searchTextTool(
  context: SearchContext,
  where: ResolvedPath,
  args: ToolArgs['search_text'],
): Promise<ToolOutcome> {
  if (!where.exists) return { ok: false, output: `${where.rel} does not exist` };
  const argv = [
    '--line-number',
    '--no-heading',
    '--with-filename',
    '--color',
    'never',
    '--sort',
    'path',
    '--max-columns',
    String(TOOL_LIMITS.searchColumns),
    '--max-columns-preview',
    ...(args.fixed ? ['--fixed-strings'] : []),
    ...(args.glob ? ['--glob', args.glob] : []),
    '--regexp',
    args.pattern,
    ...scope(where),
  ];
  const r = await runRipgrep(context.rg, argv, {
    cwd: context.cwd,
    maxChars: TOOL_LIMITS.searchChars,
    timeoutMs: TOOL_LIMITS.searchTimeoutMs,
    signal: context.signal,
  });
  if (r.code === 1) return { ok: true, output: `no matches for ${args.pattern}` };
  if (r.error && !r.stdout) return { ok: false, output: r.error };
  const more = r.cut ? '\n… more matches: narrow the pattern, the glob or the folder' : '';
  const note = r.error ? `\n(some files could not be searched: ${r.error})` : '';
  return { ok: true, output: `${r.stdout.trimEnd()}${more}${note}` };
}
