import { homedir } from 'os';
import * as path from 'path';

export interface TranscriptRoots {
  /** Folders holding Claude Code's per-project folders (each a `projects` folder). */
  claude: string[];
  /** Folders holding Codex's `YYYY/MM/DD/rollout-*.jsonl` tree (each a `sessions` folder). */
  codex: string[];
}

export interface RootInputs {
  env: Readonly<Record<string, string | undefined>>;
  home?: string;
  extraClaude?: readonly string[];
  extraCodex?: readonly string[];
}

/**
 * Where Claude Code and Codex keep their sessions: `$CLAUDE_CONFIG_DIR` (comma-separated, each with
 * a `projects` folder), `~/.claude/projects`, `~/.config/claude/projects`; `$CODEX_HOME/sessions`,
 * `~/.codex/sessions`; plus the user's extra folders (taken as given: a `projects`/`sessions` folder
 * or its parent, resolved when read). These folders are only ever read.
 */
export function transcriptRoots(inputs: RootInputs): TranscriptRoots {
  const home = inputs.home ?? homedir();
  const expand = (p: string) => (p.startsWith('~') ? path.join(home, p.slice(1)) : p);
  const claudeEnv = (inputs.env.CLAUDE_CONFIG_DIR ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  const claude = claudeEnv.length
    ? claudeEnv.map((p) => path.join(expand(p), 'projects'))
    : [path.join(home, '.claude', 'projects'), path.join(home, '.config', 'claude', 'projects')];
  const codexHome = inputs.env.CODEX_HOME?.trim();
  const codex = [codexHome ? path.join(expand(codexHome), 'sessions') : path.join(home, '.codex', 'sessions')];
  return {
    claude: unique([...claude, ...(inputs.extraClaude ?? []).map(expand)]),
    codex: unique([...codex, ...(inputs.extraCodex ?? []).map(expand)]),
  };
}

function unique(paths: string[]): string[] {
  return [...new Set(paths.map((p) => path.resolve(p)))];
}

/** Claude Code's folder name for a working directory: every character but ASCII letters and digits becomes '-'. */
export function claudeProjectName(cwd: string): string {
  return cwd.replace(/[^a-zA-Z0-9]/g, '-');
}
