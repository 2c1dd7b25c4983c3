import { spawn } from 'child_process';

export interface RgResult {
  /** 0 matches, 1 none, 2 an error (some output may still be there); null when killed or not started. */
  code: number | null;
  stdout: string;
  /** Output stopped at the cap (ripgrep was stopped there). */
  cut: boolean;
  error?: string;
}

/**
 * Runs ripgrep with an argv (never a shell), in `cwd`, `--no-config` so a user's RIPGREP_CONFIG_PATH
 * cannot change what the model sees. Reading stops at `maxChars` of output, at the time limit or on abort.
 */
export function runRipgrep(
  rg: string,
  args: string[],
  options: { cwd: string; maxChars: number; timeoutMs: number; signal: AbortSignal },
): Promise<RgResult> {
  return new Promise((resolve) => {
    const child = spawn(rg, ['--no-config', ...args], {
      cwd: options.cwd,
      shell: false,
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    let stdout = '';
    let stderr = '';
    let cut = false;
    let settled = false;
    const stop = () => child.kill('SIGKILL');
    const timer = setTimeout(stop, options.timeoutMs);
    options.signal.addEventListener('abort', stop, { once: true });
    const finish = (result: RgResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal.removeEventListener('abort', stop);
      resolve(result);
    };
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      if (cut) return;
      stdout += text;
      if (stdout.length > options.maxChars) {
        stdout = stdout.slice(0, stdout.lastIndexOf('\n', options.maxChars) + 1);
        cut = true;
        stop();
      }
    });
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      if (stderr.length < 4000) stderr += text;
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        code: null,
        stdout: '',
        cut: false,
        error: error.code === 'ENOENT' ? `ripgrep was not found (${rg})` : error.message,
      }),
    );
    child.on('close', (code) => {
      const killed = code === null && !cut;
      const why = options.signal.aborted ? 'stopped' : 'stopped at its time limit';
      finish({
        code: cut ? 0 : code,
        stdout,
        cut,
        ...(killed ? { error: `the search was ${why}` } : code === 2 && stderr ? { error: stderr.trim() } : {}),
      });
    });
  });
}
