import { promises as fs } from 'fs';
import * as path from 'path';
import { isInsideFolder } from '../../core/folderContainment';
import type { ResolvedPath } from '../../core/tools/toolPorts';

const STYLE = { sep: path.sep, caseInsensitive: process.platform === 'win32' || process.platform === 'darwin' };

/** The root itself, resolved once: the real folder every path is checked against. */
export interface Root {
  /** As the user's workspace names it (what editors and WorkspaceEdit see). */
  given: string;
  real: string;
}

export async function openRoot(given: string): Promise<Root> {
  const resolved = path.resolve(given);
  return { given: resolved, real: await fs.realpath(resolved) };
}

/** The part of `p` that exists, realpath'd, with the part that does not yet exist joined back on. */
async function realpathOfExisting(p: string): Promise<{ real: string; exists: boolean }> {
  const tail: string[] = [];
  let current = p;
  for (;;) {
    try {
      const real = await fs.realpath(current);
      return { real: tail.length ? path.join(real, ...tail.reverse()) : real, exists: tail.length === 0 };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = path.dirname(current);
      if (parent === current) throw error;
      tail.push(path.basename(current));
      current = parent;
    }
  }
}

/**
 * Resolves a path the model gave inside the session's root, or says why not. Refused: `~`, absolute
 * paths (any platform's spelling), NUL, `..` leading out, and anything whose realpath (symlinks
 * followed, for the part that exists) is outside the root's realpath, such as a sibling `/repo-evil`
 * of `/repo` or a symlink pointing out. `abs` is under the root as given, so it names what the editor shows.
 */
export async function resolveInRoot(root: Root, given: string): Promise<ResolvedPath | { error: string }> {
  const p = given.replace(/\\/g, '/').trim();
  if (p.includes('\0')) return { error: 'the path contains a NUL character' };
  if (p.startsWith('~')) return { error: `"${given}" starts with ~: give a path relative to the workspace root` };
  if (path.posix.isAbsolute(p) || /^[a-zA-Z]:/.test(p) || path.isAbsolute(given))
    return { error: `"${given}" is absolute: give a path relative to the workspace root` };
  const lexical = path.resolve(root.given, p || '.');
  if (!isInsideFolder(lexical, root.given, STYLE)) return { error: `"${given}" leads outside the workspace root` };
  let resolved;
  try {
    resolved = await realpathOfExisting(lexical);
  } catch (error) {
    return { error: `"${given}" cannot be resolved: ${(error as Error).message}` };
  }
  if (!isInsideFolder(resolved.real, root.real, STYLE))
    return { error: `"${given}" resolves outside the workspace root (a symbolic link points out)` };
  const rel = path.relative(root.real, resolved.real).split(path.sep).join('/');
  return { rel, abs: rel ? path.join(root.given, ...rel.split('/')) : root.given, exists: resolved.exists };
}
