import type { ChildProcess } from 'child_process';
import { spawn } from 'child_process';

/** A spawned node child whose stdout is read line by line; `next` waits for a matching line (no sleeps). */
export class ChildLines {
  readonly lines: string[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private readonly waiters: Array<{ test: (l: string) => boolean; resolve: (l: string) => void }> = [];
  private stderr = '';
  readonly child: ChildProcess;

  constructor(script: string, args: string[]) {
    this.child = spawn(process.execPath, [script, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let buffer = '';
    this.child.stderr!.on('data', (d) => (this.stderr += d));
    this.child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        this.lines.push(line);
        for (const w of [...this.waiters]) {
          if (w.test(line)) {
            this.waiters.splice(this.waiters.indexOf(w), 1);
            w.resolve(line);
          }
        }
      }
    });
    // 'close' comes after every stdout byte has been read
    this.exited = new Promise((resolve) => this.child.on('close', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Resolves with the first line from now on that matches; rejects if the child ends first. */
  next(pattern: RegExp): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ test: (l) => pattern.test(l), resolve });
      void this.exited.then((e) =>
        reject(new Error(`child ended (${e.code ?? e.signal}) before ${pattern}: ${this.stderr}`)),
      );
    });
  }

  /** Waits until `count` lines match. */
  async count(pattern: RegExp, count: number): Promise<void> {
    while (this.lines.filter((l) => pattern.test(l)).length < count) await this.next(pattern);
  }

  send(line: string): void {
    this.child.stdin!.write(`${line}\n`);
  }
}
