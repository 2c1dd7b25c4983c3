import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { commandKey, shellMetaReason } from '../../src/core/tools/commandSafety';
import { protectedReason } from '../../src/core/tools/protectedPaths';

/** Asserts `rel` is protected with a reason mentioning `word`. */
function protects(rel: string, word: string) {
  const reason = protectedReason(rel);
  assert.ok(reason, `${rel} should be protected`);
  assert.ok(reason.toLowerCase().includes(word.toLowerCase()), `${rel}: "${reason}" should mention ${word}`);
}

describe('protected paths', () => {
  const categories: [string, string][] = [
    ['.vscode/settings.json', 'workspace settings'],
    ['.vscode/tasks.json', '.vscode/'],
    ['sub/.vscode/launch.json', '.vscode/'],
    ['project.code-workspace', 'code-workspace'],
    ['.git', 'git internals'],
    ['.git/config', 'git internals'],
    ['.git/hooks/pre-commit', 'git internals'],
    ['vendor/lib/.git/HEAD', 'git internals'],
    ['.gitattributes', 'git configuration'],
    ['.gitmodules', 'git configuration'],
    ['.husky/pre-commit', 'git hooks'],
    ['.github/workflows/ci.yml', 'CI workflows'],
    ['.env', 'environment'],
    ['.env.local', 'environment'],
    ['packages/api/.env.production', 'environment'],
    ['.envrc', 'environment'],
    ['.npmrc', 'package manager'],
    ['.claude/settings.json', '.claude'],
    ['.roo/rules/a.md', '.roo'],
    ['.cursor/rules/x.mdc', '.cursor'],
    ['.codex/config.toml', '.codex'],
    ['.continue/config.json', '.continue'],
    ['.clinerules', '.clinerules'],
    ['.clinerules/style.md', '.clinerules'],
    ['.roomodes', '.roomodes'],
    ['.cursorrules', '.cursorrules'],
    ['AGENTS.md', 'agent rules'],
    ['CLAUDE.md', 'agent rules'],
    ['.github/copilot-instructions.md', 'agent rules'],
  ];
  for (const [rel, word] of categories) it(`protects ${rel}`, () => protects(rel, word));

  it('is case-insensitive', () => {
    protects('.VSCode/settings.json', 'workspace settings');
    protects('.Env.local', 'environment');
    protects('.GIT/config', 'git internals');
    protects('.GitHub/Workflows/CI.yml', 'CI workflows');
    protects('agents.md', 'agent rules');
    protects('My.Code-Workspace', 'code-workspace');
  });

  it('normalises backslashes and a leading ./', () => {
    protects('.vscode\\settings.json', 'workspace settings');
    protects('./.env', 'environment');
    protects('././.git/config', 'git internals');
    protects('.\\.github\\workflows\\ci.yml', 'CI workflows');
    protects('./.github/copilot-instructions.md', 'agent rules');
    protects('.github//copilot-instructions.md', 'agent rules');
  });

  it('leaves look-alikes alone', () => {
    for (const rel of [
      'src/vscode/x.ts',
      'environment.ts',
      'docs/envelope.md',
      'src/env.ts',
      '.github/ISSUE_TEMPLATE/x.md',
      '.github/dependabot.yml',
      'docs/workflows/ci.md',
      '.gitignore',
      'src/git/repo.ts',
      'my.git.ts',
      'claude/notes.md',
      'README.md',
      'package.json',
      '',
    ])
      assert.equal(protectedReason(rel), undefined, rel);
  });
});

describe('command safety', () => {
  it('lets a plain argv through', () => {
    assert.equal(shellMetaReason(['npm', 'test']), undefined);
    assert.equal(shellMetaReason(['git', 'status', '--short']), undefined);
    assert.equal(shellMetaReason(['node', 'scripts/build.mjs']), undefined);
    assert.equal(shellMetaReason(['bash', 'scripts/check.sh']), undefined);
    assert.equal(shellMetaReason(['python3', '-m', 'pytest']), undefined);
    assert.equal(shellMetaReason(['rg', '-n', 'TODO', 'src/*.ts']), undefined);
  });

  for (const c of [';', '&', '|', '>', '<', '$', '(', ')', '`']) {
    it(`flags ${c} and names it`, () => {
      const reason = shellMetaReason(['echo', `a${c}b`]);
      assert.equal(reason, `contains shell character: ${c}`);
    });
  }

  it('names the control characters', () => {
    assert.equal(shellMetaReason(['echo', 'a\nb']), 'contains a newline');
    assert.equal(shellMetaReason(['echo', 'a\rb']), 'contains a carriage return');
    assert.equal(shellMetaReason(['echo', 'a\0b']), 'contains a NUL character');
  });

  it('lists every character found', () => {
    assert.equal(shellMetaReason(['echo', 'a;b', 'c|d']), 'contains shell characters: ; |');
    assert.equal(shellMetaReason(['echo', 'a&&b\n']), 'contains shell character: & and a newline');
  });

  it('flags programs that run a string', () => {
    const cases: [string[], string][] = [
      [['sh', '-c', 'ls'], 'sh -c'],
      [['/usr/bin/bash', '-c', 'x'], 'bash -c'],
      [['bash', '-lc', 'x'], 'bash -lc'],
      [['zsh', '-c', 'x'], 'zsh -c'],
      [['cmd', '/c', 'dir'], 'cmd /c'],
      [['C:\\Windows\\System32\\cmd.exe', '/C', 'dir'], 'cmd /C'],
      [['powershell', '-Command', 'Get-Item x'], 'powershell -Command'],
      [['pwsh', '-c', 'x'], 'pwsh -c'],
      [['pwsh', '-EncodedCommand', 'eAA='], 'pwsh -EncodedCommand'],
      [['node', '-e', 'x'], 'node -e'],
      [['node', '--eval', 'x'], 'node --eval'],
      [['python', '-c', 'x'], 'python -c'],
      [['python3.12', '-c', 'x'], 'python3.12 -c'],
      [['eval', 'x'], 'eval'],
      [['env', 'sh', '-c', 'x'], 'sh -c'],
      [['env', '-i', 'FOO=1', '/bin/sh', '-c', 'x'], 'sh -c'],
      [['timeout', '10s', 'bash', '-c', 'x'], 'bash -c'],
      [['perl', '-e', 'x'], 'perl -e'],
    ];
    for (const [argv, what] of cases)
      assert.equal(shellMetaReason(argv), `runs a shell string (${what})`, argv.join(' '));
  });

  it('gives both reasons when both apply', () => {
    assert.equal(shellMetaReason(['sh', '-c', 'ls | wc']), 'contains shell character: |; runs a shell string (sh -c)');
  });

  it('keys the exact argv', () => {
    assert.equal(commandKey(['npm', 'test']), 'command:["npm","test"]');
    assert.equal(commandKey(['npm', 'test']), commandKey(['npm', 'test']));
    assert.notEqual(commandKey(['npm', 'test']), commandKey(['npm', 'test', '--watch']));
    assert.notEqual(commandKey(['a b']), commandKey(['a', 'b']));
  });
});
