import * as fs from 'fs';
import * as path from 'path';
import type { PathStyle } from '../../core/folderContainment';

export type ResolvedFolder = { ok: true; path: string } | { ok: false; message: string };

/** This machine's path style (Windows and macOS volumes are case-insensitive by default). */
export const LOCAL_PATH_STYLE: PathStyle = {
  sep: path.sep,
  caseInsensitive: process.platform === 'win32' || process.platform === 'darwin',
};

/** A folder named by a transcript, resolved through every symlink: it must exist and be a directory. */
export async function resolveFolder(folder: string): Promise<ResolvedFolder> {
  if (!folder || folder.includes('\0') || !path.isAbsolute(folder)) {
    const message = `The session's working folder "${folder}" is not an absolute path; not running it.`;
    return { ok: false, message };
  }
  let real: string;
  try {
    real = await fs.promises.realpath(folder);
  } catch {
    return { ok: false, message: `The session's working folder ${folder} does not exist; not running it.` };
  }
  const stat = await fs.promises.stat(real).catch(() => undefined);
  if (!stat?.isDirectory())
    return { ok: false, message: `The session's working folder ${folder} is not a folder; not running it.` };
  return { ok: true, path: real };
}

/** Workspace folders resolved the same way (one that cannot be resolved is compared as given). */
export async function resolveFolders(folders: readonly string[]): Promise<string[]> {
  return Promise.all(folders.map((f) => fs.promises.realpath(f).catch(() => path.resolve(f))));
}
