import { existsSync } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { SessionState } from '../core/session';
import type { AgentTools } from '../core/toolStep';
import { validationCommandsFrom } from '../core/validationSection';
import { createCommandRunner } from '../node/tools/commandRunner';
import { createFileTools } from '../node/tools/fileTools';
import { createToolOutputFiles } from '../node/toolOutputFiles';
import type { ExtensionSettings } from './settings';
import { workspaceFileAccess } from './workspaceFileAccess';

/** What a command's output keeps in memory (head and tail): the whole is kept on disk, the model reads a part. */
const OUTPUT_CAP = 4 * 1024 * 1024;
const COMMAND_TIMEOUT_MS = 120_000;

/** The ripgrep VS Code ships (its search uses it), else `rg` from PATH. */
export function ripgrepPath(): string {
  const bin = process.platform === 'win32' ? 'rg.exe' : 'rg';
  for (const modules of ['node_modules', 'node_modules.asar.unpacked']) {
    const candidate = path.join(vscode.env.appRoot, modules, '@vscode', 'ripgrep', 'bin', bin);
    if (existsSync(candidate)) return candidate;
  }
  return bin;
}

/**
 * Builds a session's tools when it may have them: a trusted workspace (Restricted Mode: no tools at all)
 * and a root folder. Validation commands: the user's setting, else the rules file's Validation section.
 */
export function agentToolsFactory(
  settings: ExtensionSettings,
  storageFolder: string,
): (state: SessionState) => AgentTools | undefined {
  const rg = ripgrepPath();
  const commands = createCommandRunner();
  const files = workspaceFileAccess();
  return (state) => {
    if (!vscode.workspace.isTrusted || !state.root) return undefined;
    const fromSettings = settings.validationCommands();
    const fromRules = state.rules.flatMap((r) => validationCommandsFrom(r.text).commands);
    const timeoutMs = settings.validationTimeoutMs();
    return {
      root: state.root,
      files: createFileTools({ root: state.root, files, rg }),
      commands,
      validation: { commands: fromSettings.length ? fromSettings : fromRules, timeoutMs, outputCap: OUTPUT_CAP },
      command: { timeoutMs: Math.min(timeoutMs, COMMAND_TIMEOUT_MS), outputCap: OUTPUT_CAP },
      exhaust: {
        threshold: settings.toolOutputContextChars(),
        store: createToolOutputFiles(storageFolder, state.id),
      },
    };
  };
}
