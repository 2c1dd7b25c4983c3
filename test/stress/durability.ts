/**
 * npm run stress: two writer processes race for one session log (one holds the lock, the other waits
 * read-only and takes over when the first dies); SIGKILL them 1,000 times at random points. After each
 * round the log is reopened: no acknowledged event may be lost, no seq repeated, no line bad.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { killAndReopen } from '../support/killHarness';

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--kills');
  const kills = arg > 0 ? Number(process.argv[arg + 1]) : 1000;
  const seed = Number(process.env.SEED ?? Date.now() % 1_000_000);
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-stress-'));
  const t0 = Date.now();
  const s = await killAndReopen(folder, kills, seed, (k) => {
    if (k % 100 === 0) process.stdout.write(`  ${k} kills\n`);
  });
  console.log(
    `durability: ${s.kills} kills in ${s.rounds} rounds of 2 racing writers (seed ${seed}), ${s.takeovers} take-overs after a kill; ` +
      `${s.lost} acknowledged events lost, ${s.seqRepeats} seq repeats, ${s.duplicateAcks} seqs acked twice, ${s.seqGaps} seq gaps, ` +
      `${s.droppedLines} bad lines, ${s.reopened}/${s.rounds} logs reopened, torn tails cut: ${s.tornTails}, ${s.records} records, ` +
      `${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  fs.rmSync(folder, { recursive: true, force: true });
  const bad = s.lost + s.seqRepeats + s.duplicateAcks + s.seqGaps + s.droppedLines;
  if (bad > 0 || s.reopened !== s.rounds) process.exit(1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
