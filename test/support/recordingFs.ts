import * as path from 'path';
import type { StoreFile, StoreFs } from '../../src/node/storeFs';
import { realStoreFs } from '../../src/node/storeFs';

/** A fault to inject: the first op whose record matches fails with `code` (after writing `partialBytes`, for writes). */
export interface Fault {
  match: RegExp;
  code: string;
  partialBytes?: number;
  /** Let this many matching ops pass first. */
  skip?: number;
}

/** Temp names carry a pid and a time; recorded as `.index.json.tmp` so tests can compare sequences. */
const name = (file: string) => path.basename(file).replace(/\.\d+\.[0-9a-z]+\.tmp$/, '.tmp');

/**
 * The REAL store file system, recording every operation as a line ("write a.jsonl", "datasync a.jsonl",
 * "rename .index.json.tmp→index.json", "fsync-dir sessions"...), with optional injected faults.
 */
export class RecordingFs implements StoreFs {
  readonly ops: string[] = [];
  readonly faults: Fault[] = [];
  /** Runs before each recorded op (e.g. to let "another process" act at that exact point). */
  before?: (op: string) => Promise<void> | void;

  constructor(private readonly real: StoreFs = realStoreFs) {}

  /** Marks a point in the sequence (e.g. "ack 3") from the test. */
  mark(label: string): void {
    this.ops.push(label);
  }

  private async step<T>(op: string, run: () => Promise<T>): Promise<T> {
    this.ops.push(op);
    await this.before?.(op);
    const index = this.faults.findIndex((f) => f.match.test(op) && !f.skip);
    for (const f of this.faults) if (f.match.test(op) && f.skip) f.skip--;
    if (index >= 0) {
      const [fault] = this.faults.splice(index, 1);
      throw Object.assign(new Error(`${fault.code}: injected fault on "${op}"`), { code: fault.code });
    }
    return run();
  }

  async open(file: string, flags: 'ax' | 'a' | 'wx' | 'w'): Promise<StoreFile> {
    const n = name(file);
    const handle = await this.step(`open ${n} ${flags}`, () => this.real.open(file, flags));
    return {
      write: async (bytes, offset, length) => {
        const op = `write ${n}`;
        const fault = this.faults.find((f) => f.match.test(op) && !f.skip);
        if (fault?.partialBytes) await handle.write(bytes, offset, Math.min(fault.partialBytes, length)); // a fragment lands
        return this.step(op, () => handle.write(bytes, offset, length));
      },
      datasync: () => this.step(`datasync ${n}`, () => handle.datasync()),
      sync: () => this.step(`fsync ${n}`, () => handle.sync()),
      truncate: (length) => this.step(`truncate ${n} ${length}`, () => handle.truncate(length)),
      size: () => handle.size(),
      close: () => this.step(`close ${n}`, () => handle.close()),
    };
  }

  readFile = (file: string) => this.step(`read ${name(file)}`, () => this.real.readFile(file));
  truncate = (file: string, length: number) =>
    this.step(`truncate ${name(file)} ${length}`, () => this.real.truncate(file, length));
  rename = (from: string, to: string) =>
    this.step(`rename ${name(from)}→${name(to)}`, () => this.real.rename(from, to));
  link = (from: string, to: string) => this.step(`link ${name(from)}→${name(to)}`, () => this.real.link(from, to));
  unlink = (file: string) => this.step(`unlink ${name(file)}`, () => this.real.unlink(file));
  mkdir = (dir: string) => this.step(`mkdir ${name(dir)}`, () => this.real.mkdir(dir));
  readdir = (dir: string) => this.step(`readdir ${name(dir)}`, () => this.real.readdir(dir));
  mtime = (file: string) => this.real.mtime(file);
  syncDir = (dir: string) => this.step(`fsync-dir ${name(dir)}`, () => this.real.syncDir(dir));

  /** The ops on files matching `pattern`, in order (e.g. /a\.jsonl|ack/). */
  only(pattern: RegExp): string[] {
    return this.ops.filter((op) => pattern.test(op));
  }
}
