/** How the file system spells paths: its separator, and whether names differ by case only. */
export interface PathStyle {
  sep: string;
  caseInsensitive: boolean;
}

/**
 * Whether `child` is `root` or lies inside it. Both must already be resolved (realpath), so a symlink
 * cannot lead out. Compared by path segment: `/w/proj-evil` is not inside `/w/proj`.
 */
export function isInsideFolder(child: string, root: string, style: PathStyle): boolean {
  const fold = (p: string) => (style.caseInsensitive ? p.toLowerCase() : p);
  const c = fold(child);
  let r = fold(root);
  while (r.length > 1 && r.endsWith(style.sep) && !/^[a-z]:\\$/i.test(r)) r = r.slice(0, -1);
  if (!r) return false;
  return c === r || c.startsWith(r.endsWith(style.sep) ? r : r + style.sep);
}

/**
 * Where a resumed session may run without asking: anywhere when every project's sessions are listed
 * (scope `all`), else only inside an open workspace folder; outside, the user confirms the folder.
 */
export function resumeFolderVerdict(
  cwd: string,
  workspaceFolders: readonly string[],
  scope: 'workspace' | 'all',
  style: PathStyle,
): 'run' | 'confirm' {
  if (scope === 'all') return 'run';
  return workspaceFolders.some((root) => isInsideFolder(cwd, root, style)) ? 'run' : 'confirm';
}
