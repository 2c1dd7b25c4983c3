import { spawn } from 'child_process';
import { promises as fs } from 'fs';
import type { CommandOptions, CommandResult, CommandRunner } from '../../core/tools/toolPorts';
import { OutputCap } from './outputCap';

/** After the group is killed, how long a grandchild that kept the pipes open may hold them before we stop reading. */
const PIPE_GRACE_MS = 500;

/** Kills the whole process group (the command and everything it started); a gone group is fine. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => {});
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/**
 * Runs argv arrays (never a shell string) in their own process group with stdin closed, so a command
 * that waits for input gets end-of-file. Output (stdout and stderr as they come) keeps its head and
 * tail within the cap, so a flood cannot grow memory. At the time limit or on abort the whole group is
 * killed; a grandchild still holding the pipes does not keep the result waiting.
 */
export function createCommandRunner(): CommandRunner {
  return { run };
}

async function run(argv: string[], options: CommandOptions): Promise<CommandResult> {
  const started = performance.now();
  const result = (fields: Partial<CommandResult>): CommandResult => ({
    argv,
    exitCode: null,
    timedOut: false,
    output: '',
    truncated: false,
    durationMs: performance.now() - started,
    ...fields,
  });
  if (argv.length === 0 || !argv[0]) return result({ error: 'no program to run' });
  if (options.signal.aborted) return result({ error: 'stopped before it started' });
  const folder = await fs.stat(options.cwd).catch(() => undefined);
  if (!folder?.isDirectory()) return result({ error: `folder not found: ${options.cwd}` });

  return new Promise((resolve) => {
    const output = new OutputCap(options.outputCap);
    let timedOut = false;
    let settled = false;
    let exitCode: number | null = null;
    let graceTimer: ReturnType<typeof setTimeout> | undefined;
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
    const finish = (fields: Partial<CommandResult>) => {
      if (settled) return;
      settled = true;
      clearTimeout(limit);
      clearTimeout(graceTimer);
      options.signal.removeEventListener('abort', onAbort);
      child.stdout?.destroy();
      child.stderr?.destroy();
      resolve(result({ output: output.text(), truncated: output.truncated, timedOut, ...fields }));
    };
    const stop = () => {
      killGroup(child.pid);
      // 'close' waits for every holder of the pipes; after the kill, 'exit' plus a grace is enough
      graceTimer ??= setTimeout(() => finish({ exitCode: null }), PIPE_GRACE_MS);
    };
    const onAbort = () => stop();
    const limit = setTimeout(() => {
      timedOut = true;
      stop();
    }, options.timeoutMs);
    options.signal.addEventListener('abort', onAbort, { once: true });
    if (options.signal.aborted) stop(); // aborted while the folder was checked
    child.stdout.on('data', (chunk: Buffer) => output.add(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.add(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish({ error: error.code === 'ENOENT' ? `${argv[0]}: not found` : error.message }),
    );
    child.on('exit', (code) => {
      exitCode = code;
      // the command is done; its group may still hold the pipes open: kill what it left behind
      if (!timedOut && !options.signal.aborted) killGroup(child.pid);
      graceTimer ??= setTimeout(
        () => finish({ exitCode: timedOut || options.signal.aborted ? null : code }),
        PIPE_GRACE_MS,
      );
    });
    child.on('close', (code) => finish({ exitCode: timedOut || options.signal.aborted ? null : (code ?? exitCode) }));
  });
}
