/**
 * Files an agent must not write without asking: the ones that configure the editor, git, CI, package
 * managers or other agents, run code on their own (hooks, workflows, `.envrc`) or hold secrets.
 */

/** A workspace-relative path, lowercased and split, for the rules below. */
interface PathParts {
  /** Lowercase, forward slashes, no `./` and no empty segments. */
  path: string;
  segments: string[];
  base: string;
}

interface Rule {
  test: (p: PathParts) => boolean;
  reason: string;
}

const anySegment = (name: string) => (p: PathParts) => p.segments.includes(name);
const baseIs =
  (...names: string[]) =>
  (p: PathParts) =>
    names.includes(p.base);
const pathIs = (path: string) => (p: PathParts) => p.path === path;
const under = (first: string, second: string) => (p: PathParts) =>
  p.segments.some((s, i) => s === first && p.segments[i + 1] === second);

/** Checked in order; the first match gives the reason. */
const RULES: Rule[] = [
  { test: anySegment('.git'), reason: 'git internals (.git)' },
  { test: baseIs('.gitattributes', '.gitmodules'), reason: 'git configuration (.gitattributes, .gitmodules)' },
  { test: anySegment('.husky'), reason: 'git hooks (.husky/)' },
  { test: anySegment('.vscode'), reason: 'workspace settings (.vscode/)' },
  { test: (p) => p.base.endsWith('.code-workspace'), reason: 'workspace settings (*.code-workspace)' },
  { test: under('.github', 'workflows'), reason: 'CI workflows (.github/workflows/)' },
  { test: (p) => p.base.startsWith('.env'), reason: 'environment file (.env)' },
  { test: baseIs('.npmrc', '.yarnrc', '.yarnrc.yml'), reason: 'package manager configuration (.npmrc)' },
  ...['.claude', '.roo', '.cursor', '.codex', '.continue', '.clinerules'].map((name) => ({
    test: anySegment(name),
    reason: `agent configuration (${name})`,
  })),
  ...['.roomodes', '.cursorrules'].map((name) => ({ test: baseIs(name), reason: `agent configuration (${name})` })),
  { test: baseIs('agents.md', 'claude.md', 'claude.local.md'), reason: 'agent rules (AGENTS.md, CLAUDE.md)' },
  { test: pathIs('.github/copilot-instructions.md'), reason: 'agent rules (.github/copilot-instructions.md)' },
];

/**
 * Why writing `rel` (relative to the workspace root) must be asked about, naming the category, e.g.
 * `workspace settings (.vscode/)`; undefined for an ordinary file. Case-insensitive; `\` counts as `/`.
 */
export function protectedReason(rel: string): string | undefined {
  const parts = pathParts(rel);
  return RULES.find((rule) => rule.test(parts))?.reason;
}

function pathParts(rel: string): PathParts {
  // a leading `./`, doubled and trailing slashes all drop out as empty or `.` segments
  const segments = rel
    .replace(/\\/g, '/')
    .toLowerCase()
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  return { path: segments.join('/'), segments, base: segments[segments.length - 1] ?? '' };
}
