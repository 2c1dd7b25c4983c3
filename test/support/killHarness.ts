import { spawn } from 'child_process';
import * as path from 'path';
import { createEventLogStore } from '../../src/node/eventLogStore';

export interface KillSummary {
  kills: number;
  lost: number;
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

/** Starts the appending child and SIGKILLs it right after its `killAfter`-th acknowledgement; resolves with the acked seqs. */
function runOnce(folder: string, sessionId: string, killAfter: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, folder, sessionId], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: number[] = [];
    let buffer = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        const m = /^ack (\d+)$/.exec(line);
        if (m) acked.push(Number(m[1]));
        if (acked.length === killAfter) child.kill('SIGKILL');
      }
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`append child exited with ${code}: ${stderr}`));
    });
  });
}

/** Kills a writer `kills` times at random points; after each kill reopens the log and checks every acked seq is there. */
export async function killAndReopen(folder: string, kills: number, seed: number, onProgress?: (i: number) => void): Promise<KillSummary> {
  const random = prng(seed);
  const summary: KillSummary = { kills: 0, lost: 0, reopened: 0, tornTails: 0, droppedLines: 0, records: 0 };
  const sessionId = 'durability';
  for (let i = 0; i < kills; i++) {
    const acked = await runOnce(folder, sessionId, 1 + Math.floor(random() * 8));
    summary.kills++;
    const opened = await createEventLogStore(folder).open(sessionId);
    summary.reopened++;
    const seqs = new Set(opened.records.map((r) => r.seq));
    summary.lost += acked.filter((s) => !seqs.has(s)).length;
    summary.tornTails += opened.recovery.tornBytes > 0 ? 1 : 0;
    summary.droppedLines += opened.recovery.droppedLines;
    summary.records = opened.records.length;
    await opened.log?.close();
    onProgress?.(i + 1);
  }
  return summary;
}
