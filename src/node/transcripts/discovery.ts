import type { Dirent } from 'fs';
import * as fs from 'fs';
import * as path from 'path';

export type Problem = (where: string, error: unknown) => void;

/** The folders a discovery read, in the order it read them (the live follow watches them). */
export type FolderSink = (dir: string) => void;

function entries(dir: string, problem: Problem, read?: FolderSink): Dirent[] {
  try {
    const found = fs.readdirSync(dir, { withFileTypes: true });
    read?.(dir);
    return found;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') problem(dir, error);
    return [];
  }
}

/** A projects folder given directly, or a config folder that holds one. */
function projectsFolder(root: string): string {
  const nested = path.join(root, 'projects');
  try {
    if (fs.statSync(nested).isDirectory()) return nested;
  } catch {
    /* not nested */
  }
  return root;
}

export interface ClaudeFiles {
  /** Session uuid -> main transcript. */
  main: Map<string, string>;
  /** Session uuid -> subagent transcripts. */
  subagents: Map<string, string[]>;
}

/**
 * The Claude Code transcripts under the given roots, in the project folders `projectNames` names (or
 * all of them): `<project>/<uuid>.jsonl` and `<project>/<uuid>/subagents/*.jsonl`.
 */
export function findClaudeFiles(
  roots: readonly string[],
  projectNames: ReadonlySet<string> | 'all',
  problem: Problem,
  read?: FolderSink,
): ClaudeFiles {
  const found: ClaudeFiles = { main: new Map(), subagents: new Map() };
  for (const root of roots) {
    const projects = projectsFolder(root);
    for (const project of entries(projects, problem, read)) {
      if (!project.isDirectory() || (projectNames !== 'all' && !projectNames.has(project.name))) continue;
      const dir = path.join(projects, project.name);
      for (const entry of entries(dir, problem, read)) {
        if (entry.isFile() && entry.name.endsWith('.jsonl'))
          found.main.set(entry.name.slice(0, -6), path.join(dir, entry.name));
        else if (entry.isDirectory()) {
          const subDir = path.join(dir, entry.name, 'subagents');
          let hasSubDir = false;
          const subs = entries(subDir, problem, (d) => {
            hasSubDir = true;
            read?.(d);
          })
            .filter((e) => e.isFile() && e.name.endsWith('.jsonl'))
            .map((e) => path.join(subDir, e.name));
          // a session folder without one yet is watched for its `subagents` folder to appear
          if (!hasSubDir) read?.(path.join(dir, entry.name));
          if (subs.length) found.subagents.set(entry.name, subs.sort());
        }
      }
    }
  }
  return found;
}

/**
 * Codex rollout files (`rollout-*.jsonl`) anywhere under the roots, at most `maxDepth` folders deep.
 * Synchronous (it runs in the transcript worker). Folders are visited once by real path, so a symlink loop ends the walk instead of repeating it.
 */
export function findCodexFiles(roots: readonly string[], problem: Problem, maxDepth = 6, read?: FolderSink): string[] {
  const files: string[] = [];
  const seen = new Set<string>();
  const walk = (dir: string, depth: number): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') problem(dir, error);
      return;
    }
    if (seen.has(real) || depth > maxDepth) return;
    seen.add(real);
    for (const entry of entries(dir, problem, read)) {
      const full = path.join(dir, entry.name);
      if (entry.isFile() && entry.name.startsWith('rollout-') && entry.name.endsWith('.jsonl')) files.push(full);
      else if (entry.isDirectory() || entry.isSymbolicLink()) walk(full, depth + 1);
    }
  };
  for (const root of roots) {
    const nested = path.join(root, 'sessions');
    let start = root;
    try {
      if (fs.statSync(nested).isDirectory()) start = nested;
    } catch {
      /* the root is the sessions folder */
    }
    walk(start, 0);
  }
  return files.sort();
}
