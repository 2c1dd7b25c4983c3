import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import { mkdtempSync, mkdirSync, readFileSync, symlinkSync, writeFileSync, realpathSync } from 'fs';
import { tmpdir } from 'os';
import * as path from 'path';
import type { FileToolCall, FileTools, ResolvedPath } from '../../src/core/tools/toolPorts';
import { createFileTools, diskFileAccess } from '../../src/node/tools/fileTools';
import { TOOL_LIMITS } from '../../src/node/tools/toolLimits';
import { testRipgrep } from '../support/ripgrep';

const signal = new AbortController().signal;

/** A real git repository in a temp folder, with a sibling `repo-evil` and a secret outside. */
function workspace(): { root: string; outside: string } {
  const base = realpathSync(mkdtempSync(path.join(tmpdir(), 'asm-files-')));
  const root = path.join(base, 'repo');
  const evil = path.join(base, 'repo-evil');
  mkdirSync(path.join(root, 'src', 'deep'), { recursive: true });
  mkdirSync(evil);
  writeFileSync(path.join(evil, 'secret.txt'), 'evil secret\n');
  writeFileSync(path.join(base, 'outside.txt'), 'outside secret\n');
  writeFileSync(path.join(root, 'src', 'add.ts'), 'export function add(a, b) {\n  return a - b;\n}\n');
  writeFileSync(path.join(root, 'src', 'deep', 'more.ts'), 'const x = add(1, 2); // -flag (a|b)\n');
  writeFileSync(path.join(root, 'README.md'), '# demo\n');
  writeFileSync(path.join(root, '.gitignore'), 'build/\n');
  mkdirSync(path.join(root, 'build'));
  writeFileSync(path.join(root, 'build', 'out.ts'), 'const add = 1;\n');
  symlinkSync(base, path.join(root, 'up'));
  symlinkSync(path.join(base, 'outside.txt'), path.join(root, 'link.txt'));
  execFileSync('git', ['init', '-q'], { cwd: root });
  return { root, outside: base };
}

const call = (c: FileToolCall) => c;

describe('file tools: paths confined to the root after realpath', () => {
  let tools: FileTools;
  let root: string;
  before(() => {
    ({ root } = workspace());
    tools = createFileTools({ root, files: diskFileAccess(), rg: testRipgrep() });
  });

  for (const bad of [
    '..',
    '../outside.txt',
    'src/../../outside.txt',
    '../repo-evil/secret.txt',
    '/etc/passwd',
    '~/.ssh/id_rsa',
    'C:\\Windows\\win.ini',
    '..\\outside.txt',
    'up/outside.txt',
    'link.txt',
    'up/new-file.txt',
    'a\0b',
  ]) {
    it(`refuses ${JSON.stringify(bad)}, reading and writing nothing`, async () => {
      const t = await tools.target(bad);
      assert.ok('error' in t, `expected a refusal for ${bad}, got ${JSON.stringify(t)}`);
      const read = await tools.run(call({ name: 'read_file', args: { path: bad } }), signal);
      assert.equal(read.ok, false);
      assert.doesNotMatch(read.output, /evil secret|outside secret/);
      const write = await tools.run(call({ name: 'write_file', args: { path: bad, content: 'pwned' } }), signal);
      assert.equal(write.ok, false);
    });
  }

  it('resolves paths inside, existing or new, to a relative path under the root', async () => {
    const inside = (await tools.target('./src/../src/add.ts')) as ResolvedPath;
    assert.deepEqual(inside, { rel: 'src/add.ts', abs: path.join(root, 'src', 'add.ts'), exists: true });
    const fresh = (await tools.target('src/new/dir/x.ts')) as ResolvedPath;
    assert.deepEqual(fresh, { rel: 'src/new/dir/x.ts', abs: path.join(root, 'src/new/dir/x.ts'), exists: false });
    assert.deepEqual(await tools.target(''), { rel: '', abs: root, exists: true });
  });
});

describe('file tools: reading', () => {
  let tools: FileTools;
  let root: string;
  before(() => {
    ({ root } = workspace());
    tools = createFileTools({ root, files: diskFileAccess(), rg: testRipgrep() });
  });
  const run = (c: FileToolCall) => tools.run(c, signal);

  it('read_file returns the whole file or a range, with a header', async () => {
    const whole = await run({ name: 'read_file', args: { path: 'src/add.ts' } });
    assert.equal(whole.output, 'src/add.ts (3 lines)\nexport function add(a, b) {\n  return a - b;\n}\n');
    const range = await run({ name: 'read_file', args: { path: 'src/add.ts', startLine: 2, endLine: 2 } });
    assert.equal(range.output, 'src/add.ts (lines 2-2 of 3)\n  return a - b;\n');
    const past = await run({ name: 'read_file', args: { path: 'src/add.ts', startLine: 9 } });
    assert.equal(past.ok, false);
    assert.match(past.output, /has 3 lines/);
  });

  it('read_file cuts a long file at a whole line and says where to read on', async () => {
    const line = 'x'.repeat(99);
    writeFileSync(path.join(root, 'long.txt'), `${line}\n`.repeat(2000));
    const r = await run({ name: 'read_file', args: { path: 'long.txt' } });
    assert.ok(r.ok);
    assert.ok(r.output.length < TOOL_LIMITS.readChars + 200, `output ${r.output.length} chars`);
    const shown = TOOL_LIMITS.readChars / 100;
    assert.match(r.output, new RegExp(`lines 1-${shown} of 2000`));
    assert.match(r.output, new RegExp(`read on with startLine ${shown + 1}`));
  });

  it('read_file refuses a binary file, a folder and a missing file', async () => {
    writeFileSync(path.join(root, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
    assert.match((await run({ name: 'read_file', args: { path: 'image.png' } })).output, /binary/);
    assert.match((await run({ name: 'read_file', args: { path: 'src' } })).output, /is a folder/);
    assert.match((await run({ name: 'read_file', args: { path: 'nope.ts' } })).output, /does not exist/);
  });

  it('list_dir lists folders first, marked with /', async () => {
    const r = await run({ name: 'list_dir', args: { path: 'src' } });
    assert.equal(r.output, 'src/ (2 entries)\ndeep/\nadd.ts');
  });

  it('find_files matches a glob and honours .gitignore', async () => {
    const r = await run({ name: 'find_files', args: { glob: '**/*.ts' } });
    assert.equal(r.output, 'src/add.ts\nsrc/deep/more.ts');
    const inFolder = await run({ name: 'find_files', args: { glob: '*.ts', path: 'src/deep' } });
    assert.equal(inFolder.output, 'src/deep/more.ts');
  });

  it('search_text finds by regex, by fixed text (shell and regex characters literal), a pattern led by -', async () => {
    const regex = await run({ name: 'search_text', args: { pattern: 'add\\(1' } });
    assert.equal(regex.output, 'src/deep/more.ts:1:const x = add(1, 2); // -flag (a|b)');
    const fixed = await run({ name: 'search_text', args: { pattern: '(a|b)', fixed: true } });
    assert.match(fixed.output, /^src\/deep\/more\.ts:1:/);
    const dash = await run({ name: 'search_text', args: { pattern: '-flag', fixed: true } });
    assert.match(dash.output, /more\.ts:1:/);
    const none = await run({ name: 'search_text', args: { pattern: 'zebra' } });
    assert.deepEqual(none, { ok: true, output: 'no matches for zebra' });
    const out = await run({ name: 'search_text', args: { pattern: 'secret', path: '../repo-evil' } });
    assert.equal(out.ok, false);
  });
});

describe('file tools: writing', () => {
  let tools: FileTools;
  let root: string;
  before(() => {
    ({ root } = workspace());
    tools = createFileTools({ root, files: diskFileAccess(), rg: testRipgrep() });
  });
  const run = (c: FileToolCall) => tools.run(c, signal);
  const onDisk = (rel: string) => readFileSync(path.join(root, rel), 'utf8');

  it('edit_file replaces text found exactly once and returns the diff and the text before', async () => {
    const r = await run({ name: 'edit_file', args: { path: 'src/add.ts', search: 'a - b', replace: 'a + b' } });
    assert.ok(r.ok, r.output);
    assert.equal(r.output, 'Edited src/add.ts (+1 -1)');
    assert.equal(onDisk('src/add.ts'), 'export function add(a, b) {\n  return a + b;\n}\n');
    assert.equal(r.change?.created, false);
    assert.equal(r.change?.before, 'export function add(a, b) {\n  return a - b;\n}\n');
    assert.match(r.change?.diff ?? '', /-\s+return a - b;\n\+\s+return a \+ b;/);
  });

  it('edit_file changes nothing when the search text is missing or occurs twice', async () => {
    writeFileSync(path.join(root, 'twice.ts'), 'let a = 1;\nlet a = 1;\n');
    const twice = await run({ name: 'edit_file', args: { path: 'twice.ts', search: 'let a', replace: 'const a' } });
    assert.equal(twice.ok, false);
    assert.match(twice.output, /occurs 2 times .*\(lines 1, 2\)/);
    const missing = await run({ name: 'edit_file', args: { path: 'twice.ts', search: 'let b', replace: 'x' } });
    assert.equal(missing.ok, false);
    assert.match(missing.output, /not found/);
    assert.equal(onDisk('twice.ts'), 'let a = 1;\nlet a = 1;\n');
  });

  it('edit_file keeps CRLF line ends when the search is written with LF', async () => {
    writeFileSync(path.join(root, 'crlf.txt'), 'one\r\ntwo\r\nthree\r\n');
    const r = await run({ name: 'edit_file', args: { path: 'crlf.txt', search: 'one\ntwo', replace: '1\n2' } });
    assert.ok(r.ok, r.output);
    assert.equal(onDisk('crlf.txt'), '1\r\n2\r\nthree\r\n');
  });

  it('write_file creates a file in new folders, and replaces a whole file', async () => {
    const created = await run({ name: 'write_file', args: { path: 'src/new/util.ts', content: 'export {};\n' } });
    assert.ok(created.ok);
    assert.equal(created.change?.created, true);
    assert.equal(created.change?.before, undefined);
    assert.equal(onDisk('src/new/util.ts'), 'export {};\n');
    const replaced = await run({ name: 'write_file', args: { path: 'README.md', content: '# new\n' } });
    assert.equal(replaced.change?.before, '# demo\n');
    assert.equal(onDisk('README.md'), '# new\n');
  });
});
