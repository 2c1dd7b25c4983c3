import * as fs from 'fs/promises';

/** An open file of the store. Every call is one system call on the real implementation. */
export interface StoreFile {
  /** One write; returns how many bytes the OS took (may be fewer than asked). */
  write(bytes: Buffer, offset: number, length: number): Promise<number>;
  datasync(): Promise<void>;
  sync(): Promise<void>;
  truncate(length: number): Promise<void>;
  size(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The file-system operations of the session store (event logs, index, locks), in one small port so
 * tests can record and fault them while still doing the real thing.
 */
export interface StoreFs {
  open(file: string, flags: 'ax' | 'a' | 'wx' | 'w'): Promise<StoreFile>;
  readFile(file: string): Promise<Buffer>;
  truncate(file: string, length: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** A second name for `from`; fails with EEXIST when `to` exists (never replaces it). */
  link(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  mkdir(dir: string): Promise<void>;
  readdir(dir: string): Promise<string[]>;
  /** Modification time in ms, or undefined when the file does not exist. */
  mtime(file: string): Promise<number | undefined>;
  /** fsync of a folder, so a create, rename or unlink in it survives a power cut. */
  syncDir(dir: string): Promise<void>;
}

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

export const realStoreFs: StoreFs = {
  async open(file, flags) {
    const handle = await fs.open(file, flags);
    return {
      write: async (bytes, offset, length) => (await handle.write(bytes, offset, length)).bytesWritten,
      datasync: () => handle.datasync(),
      sync: () => handle.sync(),
      truncate: (length) => handle.truncate(length),
      size: async () => (await handle.stat()).size,
      close: () => handle.close(),
    };
  },
  readFile: (file) => fs.readFile(file),
  truncate: (file, length) => fs.truncate(file, length),
  rename: (from, to) => fs.rename(from, to),
  link: (from, to) => fs.link(from, to),
  unlink: (file) => fs.unlink(file),
  mkdir: async (dir) => void (await fs.mkdir(dir, { recursive: true })),
  readdir: (dir) => fs.readdir(dir),
  async mtime(file) {
    try {
      return (await fs.stat(file)).mtimeMs;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  },
  async syncDir(dir) {
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(dir, 'r');
      await handle.sync();
    } catch (error) {
      // Windows and some network file systems cannot fsync a folder; the rename is still atomic there.
      if (!['EISDIR', 'EPERM', 'EACCES', 'EINVAL', 'ENOTSUP'].includes(errorCode(error) ?? '')) throw error;
    } finally {
      await handle?.close();
    }
  },
};
