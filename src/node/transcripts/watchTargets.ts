import * as fs from 'fs';
import * as path from 'path';
import type { TranscriptRoots } from './roots';

/** A folder to watch; with `names`, only events for those entries of it count (the way to a missing root). */
export interface WatchTarget {
  folder: string;
  names?: ReadonlySet<string>;
}

/**
 * What the live follow watches: every folder the last discovery read (projects folders, project folders,
 * session folders, `subagents` folders, each level of the Codex tree), and for each root that does not
 * exist (yet) its nearest existing ancestor, for the one entry on the way to the root only, so that a
 * root created (or deleted and made again) is seen without watching the busy folders above it for
 * anything else.
 */
export function watchTargets(roots: TranscriptRoots, foldersRead: readonly string[]): WatchTarget[] {
  const targets = new Map<string, WatchTarget>();
  for (const folder of foldersRead) targets.set(folder, { folder });
  for (const root of [...roots.claude, ...roots.codex]) {
    const way = wayToMissing(root);
    if (!way) continue;
    const known = targets.get(way.folder);
    if (known && !known.names) continue; // watched whole already
    targets.set(way.folder, { folder: way.folder, names: new Set([...(known?.names ?? []), way.name]) });
  }
  return [...targets.values()];
}

/** For a root that is not a folder: its nearest existing ancestor folder and the name of the entry below it. */
function wayToMissing(root: string): { folder: string; name: string } | undefined {
  let child = path.resolve(root);
  if (isFolder(child)) return undefined;
  for (let parent = path.dirname(child); ; child = parent, parent = path.dirname(parent)) {
    if (isFolder(parent)) return { folder: parent, name: path.basename(child) };
    if (parent === path.dirname(parent)) return undefined;
  }
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}
