import { promises as fs } from 'fs';
import * as path from 'path';
import { isInsideFolder } from '../../core/folderContainment';
import type { RulesFile } from '../../core/sessionEvents';
import { LOCAL_PATH_STYLE } from '../transcripts/resolveFolder';

/** The rules files agents read, in the order they go into the system prompt. */
export const RULES_FILES = ['AGENTS.md', 'CLAUDE.md', '.github/copilot-instructions.md'];

const MAX_BYTES = 256 * 1024;

/**
 * Reads the rules files present in `root`. A file is untrusted input: it must be a regular file inside
 * the root after realpath (a symlink pointing out is skipped) and is cut at 256 KB with a marker.
 */
export async function readRulesFiles(root: string, log?: (line: string) => void): Promise<RulesFile[]> {
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch {
    return [];
  }
  const found: RulesFile[] = [];
  for (const rel of RULES_FILES) {
    const file = path.join(realRoot, rel);
    try {
      const real = await fs.realpath(file);
      if (!isInsideFolder(real, realRoot, LOCAL_PATH_STYLE)) {
        log?.(`rules file ${rel} points outside the folder; not read`);
        continue;
      }
      const stat = await fs.stat(real);
      if (!stat.isFile()) continue;
      const handle = await fs.open(real, 'r');
      try {
        const buffer = Buffer.alloc(Math.min(stat.size, MAX_BYTES));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        let text = buffer.toString('utf8', 0, bytesRead);
        if (stat.size > MAX_BYTES) text += `\n[… cut: ${rel} is ${stat.size} bytes; the first ${MAX_BYTES} are shown]`;
        if (text.trim()) found.push({ path: rel, text });
      } finally {
        await handle.close();
      }
    } catch {
      // absent or unreadable: not a rules file here
    }
  }
  return found;
}
