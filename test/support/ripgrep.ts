import { spawnSync } from 'child_process';

/**
 * The ripgrep the search tools are tested with: Debian's `rg` (`scripts/install-host.sh tools`, run by
 * `npm test`, installs it). Missing, the tests fail saying so rather than skipping.
 */
export function testRipgrep(): string {
  const probe = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  if (probe.status !== 0) throw new Error('ripgrep (rg) is not on PATH: run `bash scripts/install-host.sh tools`');
  return 'rg';
}
