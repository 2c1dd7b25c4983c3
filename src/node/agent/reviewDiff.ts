import { simpleGit } from 'simple-git';

const MAX_DIFF = 200_000;

export type ReviewDiff = { base: string; diff: string } | { none: string };

/**
 * What a Reviewer reads: `git diff HEAD` (staged and unstaged changes against the last commit), plus the
 * names of untracked files. argv only, no external diff drivers or text conversion (repository config
 * could name programs), cut at 200 KB with a marker. `none` says why there is nothing to review.
 */
export async function reviewDiff(root: string): Promise<ReviewDiff> {
  const git = simpleGit({ baseDir: root, maxConcurrentProcesses: 1 });
  try {
    if (!(await git.checkIsRepo())) return { none: 'the folder is not a git repository' };
    const hasHead = await git.raw(['rev-parse', '--verify', '--quiet', 'HEAD']).then(
      () => true,
      () => false,
    );
    const base = hasHead ? 'HEAD' : '--cached';
    const args = ['-c', 'core.quotePath=false', 'diff', '--no-ext-diff', '--no-textconv', '--no-color'];
    let diff = await git.raw(hasHead ? [...args, 'HEAD', '--'] : [...args, '--cached', '--']);
    const untracked = (await git.raw(['ls-files', '--others', '--exclude-standard', '-z'])).split('\0').filter(Boolean);
    if (untracked.length)
      diff += `\n# Untracked files (not in the diff):\n${untracked.map((f) => `#   ${f}`).join('\n')}\n`;
    if (!diff.trim()) return { none: 'there are no changes against HEAD' };
    if (diff.length > MAX_DIFF)
      diff = `${diff.slice(0, MAX_DIFF)}\n[… diff cut at ${MAX_DIFF} characters of ${diff.length}]`;
    return { base, diff };
  } catch (error) {
    return { none: `git failed: ${error instanceof Error ? error.message : String(error)}` };
  }
}
