import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { ChildLines } from '../support/childLines';

const CHILD = path.join(__dirname, '..', 'support', 'serviceChild.js');

interface Loaded {
  reports: Array<{ interruptedTurns: number; readOnly?: { pid: number } }>;
  readOnly: { pid: number; host: string } | null;
  statuses: string[];
}

const loaded = async (child: ChildLines): Promise<Loaded> => {
  const line = child.next(/^loaded /);
  child.send('load');
  return JSON.parse((await line).slice('loaded '.length)) as Loaded;
};

describe('two windows (real processes) on one store', () => {
  it('the second is read-only while the first lives, takes over once it is killed, and nothing acked is lost', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-two-'));
    const folder = path.join(root, 'sessions');
    const writer = new ChildLines(CHILD, [folder, 'writer']);
    const reader = new ChildLines(CHILD, [folder, 'reader']);
    try {
      await writer.count(/^ack /, 5); // the reply is streaming
      const first = await loaded(reader);
      assert.equal(first.readOnly?.pid, writer.pid);
      assert.deepEqual(
        first.reports.map((r) => [r.readOnly?.pid, r.interruptedTurns]),
        [[writer.pid, 0]],
      );
      assert.deepEqual(first.statuses, ['streaming'], 'the live turn of the other window is not marked interrupted');
      const refused = reader.next(/^(refused|sent)/);
      reader.send('send');
      assert.match(
        await refused,
        new RegExp(`^refused "Shared" is open in another VS Code window \\(pid ${writer.pid} on .+\\); close it there`),
      );
      await writer.count(/^ack /, writer.lines.length + 3); // the first window keeps writing meanwhile
      assert.doesNotMatch(
        fs.readFileSync(path.join(folder, 's1.jsonl'), 'utf8'),
        /turn_interrupted|from the second window/,
      );

      writer.child.kill('SIGKILL');
      assert.equal((await writer.exited).signal, 'SIGKILL');
      const acked = writer.lines.filter((l) => l.startsWith('ack ')).map((l) => Number(l.slice(4)));
      const second = await loaded(reader);
      assert.equal(second.readOnly, null, 'taken over after the holder died');
      assert.deepEqual(
        second.reports.map((r) => r.interruptedTurns),
        [1],
      );
      assert.deepEqual(second.statuses, ['interrupted']);
      reader.send('exit');
      assert.equal((await reader.exited).code, 0);

      const opened = await createEventLogStore(folder).open('s1');
      assert.deepEqual(opened.recovery, { tornBytes: 0, droppedLines: 0, seqGaps: 0, seqRepeats: 0 });
      const seqs = opened.records.map((r) => r.seq);
      assert.deepEqual(
        acked.filter((s) => !seqs.includes(s)),
        [],
        'every acknowledged event is on disk',
      );
      assert.deepEqual(
        opened.records.filter((r) => r.type === 'turn_interrupted').map((r) => r.seq),
        [seqs.at(-1)],
      );
      await opened.log!.close();
      assert.deepEqual(
        fs.readdirSync(folder).filter((n) => n.includes('.lock')),
        [],
      );
    } finally {
      writer.child.kill('SIGKILL');
      reader.child.kill('SIGKILL');
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it(
    'after Take Over in the second window, the first writes nothing more: no record of the two mixes',
    { timeout: 30_000 },
    async () => {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-take-'));
      const folder = path.join(root, 'sessions');
      const writer = new ChildLines(CHILD, [folder, 'writer']);
      const reader = new ChildLines(CHILD, [folder, 'reader']);
      try {
        await writer.count(/^ack /, 5);
        assert.equal((await loaded(reader)).readOnly?.pid, writer.pid);
        const took = reader.next(/^(took over|refused)/);
        reader.send('takeover');
        assert.equal(await took, `took over from ${writer.pid}`);
        const sent = reader.next(/^(refused|sent)/);
        reader.send('send');
        assert.equal(await sent, 'sent');
        // the first window's next append finds the lock is not its own: its turn ends and it stops
        const keptWriting = writer.count(/^ack /, writer.lines.length + 200).then(() => 'kept writing');
        const stopped = await Promise.race([writer.exited.then((e) => e.code), keptWriting]);
        assert.equal(stopped, 1, 'the first window stopped writing');
        reader.send('exit');
        assert.equal((await reader.exited).code, 0);

        const opened = await createEventLogStore(folder).open('s1');
        assert.deepEqual(opened.recovery, { tornBytes: 0, droppedLines: 0, seqGaps: 0, seqRepeats: 0 });
        const types = opened.records.map((r) => r.type);
        const interrupted = types.indexOf('turn_interrupted');
        assert.ok(interrupted > 0, 'the taken-over reply was closed here');
        assert.deepEqual(
          types.slice(interrupted + 1).filter((t) => t === 'assistant_delta').length,
          1,
          "after the take-over only the second window's one-delta reply is in the log",
        );
        assert.equal(types.at(-1), 'turn_completed');
        await opened.log!.close();
      } finally {
        writer.child.kill('SIGKILL');
        reader.child.kill('SIGKILL');
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  );
});
