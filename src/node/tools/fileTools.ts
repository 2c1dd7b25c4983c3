import { promises as fs } from 'fs';
import * as path from 'path';
import type { FileAccess, FileTools, FileToolCall, ResolvedPath, ToolOutcome } from '../../core/tools/toolPorts';
import { editFileTool, writeFileTool } from './fileEdits';
import { listDirTool, readFileTool } from './fileReads';
import { openRoot, resolveInRoot, type Root } from './rootPaths';
import { findFilesTool, searchTextTool } from './searchTools';

export interface FileToolsOptions {
  /** The session's root folder. */
  root: string;
  files: FileAccess;
  /** The ripgrep program (VS Code's own, or `rg` from PATH). */
  rg: string;
}

/** Reads and writes straight on disk (UTF-8), creating folders as needed: for tests and outside VS Code. */
export function diskFileAccess(): FileAccess {
  return {
    read: (abs) => fs.readFile(abs, 'utf8'),
    async write(abs, text) {
      await fs.mkdir(path.dirname(abs), { recursive: true });
      await fs.writeFile(abs, text, 'utf8');
    },
  };
}

/** The file tools of one root: every path confined to it after realpath before anything is read or written. */
export function createFileTools(options: FileToolsOptions): FileTools {
  let root: Promise<Root> | undefined;
  const rootOnce = () => (root ??= openRoot(options.root));
  const target = async (p: string): Promise<ResolvedPath | { error: string }> => resolveInRoot(await rootOnce(), p);

  async function run(call: FileToolCall, signal: AbortSignal): Promise<ToolOutcome> {
    const where = await target('path' in call.args ? (call.args.path ?? '') : '');
    if ('error' in where) return { ok: false, output: where.error };
    const search = { rg: options.rg, cwd: (await rootOnce()).real, signal };
    switch (call.name) {
      case 'read_file':
        return readFileTool(options.files, where, call.args);
      case 'list_dir':
        return listDirTool(where);
      case 'find_files':
        return findFilesTool(search, where, call.args);
      case 'search_text':
        return searchTextTool(search, where, call.args);
      case 'edit_file':
        return editFileTool(options.files, where, call.args);
      case 'write_file':
        return writeFileTool(options.files, where, call.args);
    }
  }
  return { target, run };
}
