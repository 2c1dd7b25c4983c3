import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, it } from 'node:test';
import { createChoiceFile, parseChoice } from '../../src/node/choiceFile';
import { RecordingFs } from '../support/recordingFs';

function tempFile(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'choice-')), 'sessions', 'active-session.json');
}

describe('the remembered choice file', () => {
  it('is on disk, fsynced and renamed into place, when saved() resolves', async () => {
    const file = tempFile();
    const recording = new RecordingFs();
    const choice = createChoiceFile(file, assert.fail, recording);
    choice.write('s1');
    await choice.saved();
    assert.strictEqual(await choice.read(), 's1');
    assert.deepStrictEqual(recording.only(/active-session|fsync-dir/), [
      'open .active-session.json.tmp wx',
      'write .active-session.json.tmp',
      'fsync .active-session.json.tmp',
      'close .active-session.json.tmp',
      'rename .active-session.json.tmp→active-session.json',
      'fsync-dir sessions',
      'read active-session.json',
    ]);
  });

  it('coalesces a burst: the first and the newest value are written, nothing in between', async () => {
    const file = tempFile();
    const recording = new RecordingFs();
    const choice = createChoiceFile(file, assert.fail, recording);
    for (const value of ['a', 'b', 'c', 'd']) choice.write(value);
    await choice.saved();
    assert.strictEqual(recording.only(/^rename/).length, 2);
    assert.strictEqual(await choice.read(), 'd', 'the newest choice wins');
    choice.write('e');
    await choice.saved();
    assert.strictEqual(await choice.read(), 'e', 'a write after the burst is not lost');
  });

  it('reports a failed write, removes the stale file and keeps going', async () => {
    const file = tempFile();
    const recording = new RecordingFs();
    const errors: string[] = [];
    const choice = createChoiceFile(file, (m) => errors.push(m), recording);
    choice.write('older');
    await choice.saved();
    recording.faults.push({ match: /^fsync \.active/, code: 'EIO' });
    choice.write('lost');
    await choice.saved();
    assert.strictEqual(errors.length, 1);
    assert.match(errors[0], /EIO/);
    assert.strictEqual(await choice.read(), undefined, 'the older value cannot win over a newer workspace state');
    assert.deepStrictEqual(fs.readdirSync(path.dirname(file)), [], 'no temp file left behind');
    choice.write('kept');
    await choice.saved();
    assert.strictEqual(await choice.read(), 'kept');
  });

  it('keeps writing after its error reporter throws', async () => {
    const recording = new RecordingFs();
    recording.faults.push({ match: /^fsync \.active/, code: 'EIO' });
    const choice = createChoiceFile(
      tempFile(),
      () => {
        throw new Error('channel closed');
      },
      recording,
    );
    choice.write('lost');
    await choice.saved();
    choice.write('kept');
    await choice.saved();
    assert.strictEqual(await choice.read(), 'kept');
  });

  it('reads nothing from a missing file, silently', async () => {
    const errors: string[] = [];
    assert.strictEqual(await createChoiceFile(tempFile(), (m) => errors.push(m)).read(), undefined);
    assert.deepStrictEqual(errors, []);
  });

  it('checks what it reads: another schema, wrong types, junk and oversized values are nothing', () => {
    assert.strictEqual(parseChoice('{"schema":1,"value":"s1"}\n'), 's1');
    for (const text of [
      '{"schema":2,"value":"s1"}',
      '{"schema":1,"value":7}',
      '{"schema":1,"value":null}',
      '{"schema":1,"value":""}',
      `{"schema":1,"value":"${'x'.repeat(1001)}"}`,
      '["s1"]',
      'null',
      '{"schema":1,"val',
    ])
      assert.strictEqual(parseChoice(text), undefined, text);
  });
});
