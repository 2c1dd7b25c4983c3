/** npm run stress: SIGKILL a log writer 1,000 times at random points; no acknowledged event may be lost. */
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
  const s = await killAndReopen(folder, kills, seed, (i) => {
    if (i % 100 === 0) process.stdout.write(`  ${i} kills\n`);
  });
  console.log(`durability: ${s.kills} kills (seed ${seed}), ${s.lost} acknowledged events lost, ${s.reopened}/${s.kills} logs reopened, torn tails cut: ${s.tornTails}, bad lines: ${s.droppedLines}, ${s.records} records, ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  fs.rmSync(folder, { recursive: true, force: true });
  if (s.lost > 0 || s.reopened !== s.kills || s.droppedLines > 0) process.exit(1);
}

void main();
