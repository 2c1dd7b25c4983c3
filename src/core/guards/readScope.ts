import picomatch from 'picomatch/posix';
import type { Budget } from '../budget';
import type { SessionState } from '../session';
import type { ValidationItem } from '../turnItems';
import type { Verdict } from './verdict';

/**
 * The read scope of a context budget ("Read only billing/, jobs/ first"): a read tool whose path is outside
 * the scope is refused with how to widen it, except a file the latest failing validation output names
 * (the failure is where the fix must look). `rel` is the path the runner resolved inside the root (after
 * realpath), '' for the root.
 */
export function readScopeCheck(state: SessionState, budget: Budget, tool: string, rel: string): Verdict {
  const scope = budget.readScope;
  if (!scope?.length || inScope(scope, rel)) return undefined;
  if (tool === 'list_dir' && leadsInto(scope, rel)) return undefined;
  if (tool === 'read_file' && namedByFailure(state).has(rel)) return undefined;
  const where = rel === '' ? 'the whole workspace' : rel;
  const narrow = tool === 'read_file' || tool === 'list_dir' ? '' : ' Give a path inside the scope.';
  return {
    kind: 'refuse',
    reason: `${where} is outside this session's read scope (${scope.join(', ')}).${narrow} To widen it, the user edits the budget in the session tab; a file named by a failing validation may be read.`,
  };
}

/** Whether a path is inside a scope entry: a folder (`billing/`), a file or folder name, or a glob. */
export function inScope(scope: readonly string[], rel: string): boolean {
  return scope.some((entry) => {
    if (/[*?[\]{}]/.test(entry)) return picomatch(entry, { dot: true })(rel) || picomatch(`${entry}/**`)(rel);
    const base = entry.replace(/^\.\//, '').replace(/\/+$/, '');
    return base === '' || rel === base || rel.startsWith(`${base}/`);
  });
}

/** A folder on the way to a scope entry (the root, `tests/` for `tests/billing/`): listing it is allowed. */
function leadsInto(scope: readonly string[], rel: string): boolean {
  const prefix = rel === '' ? '' : `${rel}/`;
  return scope.some((entry) => entry.startsWith(prefix));
}

const PATHISH = /(?:[A-Za-z]:)?[\w@.\-/\\]*[\w@\-]\.[A-Za-z0-9]{1,10}\b/g;

/**
 * The files the latest failing validation output names, relative to the root: `src/a.js:3:7`,
 * `./test/a.test.js`, or an absolute path under the root. Read from untrusted output: only relative
 * forms inside the root are kept.
 */
export function namedByFailure(state: SessionState): Set<string> {
  const failure = latestFailure(state);
  if (!failure) return new Set();
  // a long output's files were read from all of it when it was kept (the model sees only its head and tail)
  return new Set([...filesNamedIn(failure.failureOutput ?? '', state.root), ...(failure.named ?? [])]);
}

/** The relative paths inside the root that an (untrusted) output names. */
export function filesNamedIn(output: string, rootPath: string | undefined): Set<string> {
  const named = new Set<string>();
  const root = (rootPath ?? '').replace(/\\/g, '/').replace(/\/+$/, '');
  for (const match of output.matchAll(PATHISH)) {
    let p = match[0].replace(/\\/g, '/');
    if (root && p.startsWith(`${root}/`)) p = p.slice(root.length + 1);
    p = p.replace(/^(\.\/)+/, '');
    if (!p || p.startsWith('/') || /^[A-Za-z]:/.test(p) || /(^|\/)\.\.(\/|$)/.test(p)) continue;
    named.add(p);
  }
  return named;
}

function latestFailure(state: SessionState): ValidationItem | undefined {
  for (let t = state.turns.length - 1; t >= 0; t--) {
    const items = state.turns[t].items;
    for (let i = items.length - 1; i >= 0; i--) {
      const item = items[i];
      if (item.kind === 'validation' && !item.ok) return item;
    }
  }
  return undefined;
}
