import type { CheckedCall } from './toolSpecs';

/**
 * What the runner needs from the outside world to run tools. The node adapters implement them over the
 * real file system, ripgrep and child processes; the VS Code adapter routes writes through WorkspaceEdit.
 */

/** A model-given path, resolved inside the session's root after realpath (symlinks followed). */
export interface ResolvedPath {
  /** Relative to the root, forward slashes, never starting with `..`; '' for the root itself. */
  rel: string;
  abs: string;
  exists: boolean;
}

/** What an edit did to one file, for the transcript's diff and Open Diff. */
export interface FileChange {
  /** Relative to the root. */
  path: string;
  created: boolean;
  /** Unified diff, capped (the cap is marked inside it). */
  diff: string;
  /** The file before the edit, when small enough to keep (for Open Diff); absent for a new file. */
  before?: string;
}

export interface ToolOutcome {
  ok: boolean;
  /** What the model reads: capped, with a marker where it was cut. */
  output: string;
  change?: FileChange;
}

/**
 * How the file tools read and write a file's text. In VS Code: an open document's text (unsaved changes
 * included) and writes through WorkspaceEdit (undo, dirty buffers, open editors stay right), then saved;
 * elsewhere the file system. Paths are absolute and already confined to the root.
 */
export interface FileAccess {
  read(abs: string): Promise<string>;
  /** Creates the file (and its folders) when missing. */
  write(abs: string, text: string): Promise<void>;
}

/** Runs the file tools (read_file, list_dir, find_files, search_text, edit_file, write_file) in one root. */
export interface FileTools {
  /**
   * The file a write tool would touch, resolved, so the policy can judge it before anything runs;
   * an error string when the path is outside the root (`..`, absolute, `~`, a symlink pointing out).
   */
  target(path: string): Promise<ResolvedPath | { error: string }>;
  run(call: FileToolCall, signal: AbortSignal): Promise<ToolOutcome>;
}

export type FileToolCall = Extract<CheckedCall, { name: FileToolName }>;
export type FileToolName = 'read_file' | 'list_dir' | 'find_files' | 'search_text' | 'edit_file' | 'write_file';

/** How a command ended. `exitCode` null: killed (time limit, stop) or it could not start (`error`). */
export interface CommandResult {
  argv: string[];
  exitCode: number | null;
  timedOut: boolean;
  /** stdout and stderr interleaved as they came, capped: the head and the tail kept, a marker between. */
  output: string;
  truncated: boolean;
  durationMs: number;
  /** Could not start, e.g. "npm: not found". */
  error?: string;
}

export interface CommandOptions {
  cwd: string;
  timeoutMs: number;
  /** Bytes of output kept (head and tail). */
  outputCap: number;
  signal: AbortSignal;
}

/** Runs one argv (never a shell string), stdin closed; at the time limit or on abort its whole process group is killed. */
export interface CommandRunner {
  run(argv: string[], options: CommandOptions): Promise<CommandResult>;
}

/**
 * Where tool outputs over the context threshold are kept whole: files next to the session's log, opened
 * in an editor and read back by range with `read_tool_output`. What is given to `keep` is already redacted.
 */
export interface ToolOutputStore {
  /** Writes the whole output for `id` (durably); returns the file's name in the sessions folder. */
  keep(id: string, text: string): Promise<string>;
  read(file: string): Promise<string>;
}
