import * as path from 'path';
import { createEventLogStore } from '../../src/node/eventLogStore';
import { ChildLines } from './childLines';

export interface KillSummary {
  kills: number;
  rounds: number;
  /** Acknowledged seqs missing after the reopen. */
  lost: number;
  /** Records whose seq repeats or goes back, and seqs acknowledged by both writers: two writers at once. */
  seqRepeats: number;
  duplicateAcks: number;
  seqGaps: number;
  /** Rounds in which the second process became the writer after the first was killed. */
  takeovers: number;
  reopened: number;
  tornTails: number;
  droppedLines: number;
  records: number;
}

/** Deterministic PRNG (mulberry32) so a failing run can be repeated with its seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CHILD = path.join(__dirname, 'appendChild.js');
const ACK = /^ack \d+$/;
const acks = (c: ChildLines) => c.lines.filter((l) => ACK.test(l)).map((l) => Number(l.slice(4)));

/** Resolves with the first of the children to print its next ack. */
function firstAck(children: ChildLines[]): Promise<ChildLines> {
  return Promise.race(children.map((c) => c.next(ACK).then(() => c)));
}

/**
 * One round: two writers race for the same log (one gets the lock, the other waits read-only and takes
 * over when the first dies). After `k` acks, SIGKILL the writer, the waiter, or both; a survivor must
 * take over (or keep writing) and ack again before it is killed too.
 */
async function round(
  folder: string,
  sessionId: string,
  random: () => number,
): Promise<{ acked: number[][]; kills: number; takeover: boolean }> {
  const children = [new ChildLines(CHILD, [folder, sessionId]), new ChildLines(CHILD, [folder, sessionId])];
  const kill = async (c: ChildLines) => {
    c.child.kill('SIGKILL');
    const exit = await c.exited;
    if (exit.signal !== 'SIGKILL') throw new Error(`append child exited with ${exit.code}: ${c.lines.join('\n')}`);
  };
  const watchdog = setTimeout(() => children.forEach((c) => c.child.kill('SIGKILL')), 30_000);
  try {
    const k = 1 + Math.floor(random() * 6);
    let writer = await firstAck(children);
    while (acks(writer).length < k) writer = await firstAck(children);
    const other = children.find((c) => c !== writer)!;
    const plan = random();
    let takeover = false;
    if (plan < 0.3) {
      await Promise.all(children.map(kill)); // both at once
    } else if (plan < 0.75) {
      await kill(writer); // the waiter must see the dead lock and take over
      await other.next(ACK);
      await other.count(ACK, acks(other).length + Math.floor(random() * 3));
      takeover = true;
      await kill(other);
    } else {
      await kill(other); // the waiter dies; the writer goes on
      await writer.count(ACK, acks(writer).length + 1 + Math.floor(random() * 3));
      await kill(writer);
    }
    return { acked: children.map(acks), kills: 2, takeover };
  } finally {
    clearTimeout(watchdog);
  }
}

/** Kills racing writers `kills` times at random points; after each round reopens the log and checks it. */
export async function killAndReopen(
  folder: string,
  kills: number,
  seed: number,
  onProgress?: (k: number) => void,
): Promise<KillSummary> {
  const random = prng(seed);
  const s: KillSummary = {
    kills: 0,
    rounds: 0,
    lost: 0,
    seqRepeats: 0,
    duplicateAcks: 0,
    seqGaps: 0,
    takeovers: 0,
    reopened: 0,
    tornTails: 0,
    droppedLines: 0,
    records: 0,
  };
  const sessionId = 'durability';
  while (s.kills < kills) {
    const { acked, kills: killed, takeover } = await round(folder, sessionId, random);
    s.kills += killed;
    s.rounds++;
    s.takeovers += takeover ? 1 : 0;
    const [a, b] = acked.map((list) => new Set(list));
    s.duplicateAcks += [...a].filter((seq) => b.has(seq)).length;
    const opened = await createEventLogStore(folder).open(sessionId);
    if (!opened.log)
      throw new Error(`the log is still locked by ${JSON.stringify(opened.readOnly)} after both writers died`);
    s.reopened++;
    const seqs = new Set(opened.records.map((r) => r.seq));
    s.lost += acked.flat().filter((seq) => !seqs.has(seq)).length;
    s.seqRepeats += opened.recovery.seqRepeats;
    s.seqGaps += opened.recovery.seqGaps;
    s.tornTails += opened.recovery.tornBytes > 0 ? 1 : 0;
    s.droppedLines += opened.recovery.droppedLines;
    s.records = opened.records.length;
    await opened.log.close();
    onProgress?.(s.kills);
  }
  return s;
}
