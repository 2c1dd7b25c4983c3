import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { SessionSummary } from '../../src/shared/sessionSummary';
import { isInsideFolder, resumeFolderVerdict } from '../../src/core/folderContainment';
import { resumeCommand } from '../../src/core/transcripts/sessionActions';
import { LOCAL_PATH_STYLE, resolveFolder, resolveFolders } from '../../src/node/transcripts/resolveFolder';

const UUID = '3fb74381-1bf4-475e-8c6f-442d872b1bcf';
const session = (source: 'claude-code' | 'codex', id: string): SessionSummary => ({
  key: `${source}:${id}`,
  id,
  source,
  label: source === 'codex' ? 'Codex' : 'Claude Code',
  title: 't',
  model: 'm',
  lastActivity: 0,
  context: { used: 0, window: 1, percent: 0, measured: true, level: 'normal' },
  gaugeText: '',
  tooltip: [],
});
const POSIX = { sep: '/', caseInsensitive: false };

describe('resume: the session id a transcript chose', () => {
  const hostile = [
    '--dangerously-skip-permissions',
    '--dangerously-bypass-approvals-and-sandbox',
    '-c',
    '../x',
    `${UUID}x`,
    `${UUID} --yolo`,
    `${UUID}\n`,
    `\n${UUID}`,
    `-${UUID}`,
    '',
    UUID.replace(/-/g, ''),
  ];
  for (const source of ['claude-code', 'codex'] as const) {
    it(`refuses ids that are not UUIDs for ${source}, with a message naming the agent`, () => {
      for (const id of hostile) {
        const command = resumeCommand(session(source, id));
        assert.equal(command?.ok, false, JSON.stringify(id));
        assert.match(
          command.ok ? '' : command.message,
          /^This session id is not a valid (Claude Code|Codex) session id; not running it\.$/,
        );
      }
    });
  }

  it('accepts UUIDs in either case (Codex ids are UUID v7) and ends Codex options with --', () => {
    assert.deepEqual(resumeCommand(session('codex', '019C8A70-DDA7-7F33-98EA-F30553347322')), {
      ok: true,
      file: 'codex',
      args: ['resume', '--', '019C8A70-DDA7-7F33-98EA-F30553347322'],
    });
    assert.deepEqual(resumeCommand(session('claude-code', UUID)), {
      ok: true,
      file: 'claude',
      args: ['--resume', UUID],
    });
  });
});

describe('resume: the working folder a transcript chose', () => {
  it('is inside a workspace folder only by whole path segments, and case-folds only where the file system does', () => {
    assert.equal(isInsideFolder('/w/proj', '/w/proj', POSIX), true);
    assert.equal(isInsideFolder('/w/proj/src/a', '/w/proj/', POSIX), true);
    assert.equal(isInsideFolder('/w/proj-evil', '/w/proj', POSIX), false);
    assert.equal(isInsideFolder('/w/projx/a', '/w/proj', POSIX), false);
    assert.equal(isInsideFolder('/w', '/w/proj', POSIX), false);
    assert.equal(isInsideFolder('/W/Proj/a', '/w/proj', POSIX), false);
    assert.equal(isInsideFolder('/anything', '/', POSIX), true);
    const windows = { sep: '\\', caseInsensitive: true };
    assert.equal(isInsideFolder('C:\\W\\Proj\\a', 'c:\\w\\proj', windows), true);
    assert.equal(isInsideFolder('C:\\w\\proj-evil', 'c:\\w\\proj', windows), false);
    assert.equal(isInsideFolder('D:\\x', 'C:\\', windows), false);
  });

  it('asks outside the open folders in workspace scope, never in all scope', () => {
    assert.equal(resumeFolderVerdict('/w/proj/a', ['/x', '/w/proj'], 'workspace', POSIX), 'run');
    assert.equal(resumeFolderVerdict('/w/proj-evil', ['/w/proj'], 'workspace', POSIX), 'confirm');
    assert.equal(resumeFolderVerdict('/w/proj', [], 'workspace', POSIX), 'confirm');
    assert.equal(resumeFolderVerdict('/w/proj-evil', ['/w/proj'], 'all', POSIX), 'run');
  });

  describe('on disk', () => {
    let dir: string;
    let proj: string;
    before(() => {
      dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'asm-resume-')));
      proj = path.join(dir, 'proj');
      fs.mkdirSync(path.join(proj, 'src'), { recursive: true });
      fs.mkdirSync(path.join(dir, 'proj-evil'));
      fs.mkdirSync(path.join(dir, 'outside'));
      fs.writeFileSync(path.join(proj, 'file.txt'), 'x');
      fs.symlinkSync(path.join(dir, 'outside'), path.join(proj, 'link-out'));
      fs.symlinkSync(path.join(proj, 'src'), path.join(dir, 'link-in'));
    });
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    const verdict = async (folder: string) => {
      const resolved = await resolveFolder(folder);
      if (!resolved.ok) return resolved.message;
      return resumeFolderVerdict(resolved.path, await resolveFolders([proj]), 'workspace', LOCAL_PATH_STYLE);
    };

    it('refuses a folder that does not exist, a file, a relative path, with a message naming the folder', async () => {
      assert.match(
        await verdict(path.join(proj, 'missing')),
        /working folder .*missing does not exist; not running it/,
      );
      assert.match(
        await verdict(path.join(proj, 'file.txt')),
        /working folder .*file\.txt is not a folder; not running it/,
      );
      assert.match(await verdict('proj/src'), /is not an absolute path/);
    });

    it('runs inside the workspace, asks for a sibling prefix and for a symlink inside that points out', async () => {
      assert.equal(await verdict(path.join(proj, 'src')), 'run');
      assert.equal(await verdict(path.join(dir, 'link-in')), 'run');
      assert.equal(await verdict(path.join(dir, 'proj-evil')), 'confirm');
      assert.equal(await verdict(path.join(proj, 'link-out')), 'confirm');
      assert.deepEqual(await resolveFolder(path.join(proj, 'link-out')), { ok: true, path: path.join(dir, 'outside') });
    });
  });
});
