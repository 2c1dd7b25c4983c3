import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { promisify } from 'util';

/**
 * The baseline the speed target was set against: a plain Node loop that reads every
 * transcript, splits it into lines and JSON.parses each line holding "usage" (or a Codex
 * token_count). No dedup, no folds: the floor of the naive approach. Run in a fresh process, timed
 * from the start of the loop (as ours is), reporting its own peak RSS.
 */

const execFileP = promisify(execFile);

export interface PlainLoopRun {
  ms: number;
  maxRssMb: number;
  parsed: number;
}

function files(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files(full, out);
    else if (entry.name.endsWith('.jsonl')) out.push(full);
  }
  return out;
}

function loop(roots: string[]): PlainLoopRun {
  const t0 = performance.now();
  let parsed = 0;
  for (const file of roots.flatMap((r) => files(r))) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (!line.includes('"usage"') && !line.includes('"token_count"')) continue;
      try {
        JSON.parse(line);
        parsed++;
      } catch {
        /* skipped */
      }
    }
  }
  return { ms: performance.now() - t0, maxRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6, parsed };
}

export async function runPlainLoop(roots: string[]): Promise<PlainLoopRun> {
  const { stdout } = await execFileP(process.execPath, [__filename, '--plain-loop', ...roots], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as PlainLoopRun;
}

if (require.main === module && process.argv[2] === '--plain-loop')
  process.stdout.write(JSON.stringify(loop(process.argv.slice(3))));
