import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { promisify } from 'util';

export const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/transcripts');
const CCUSAGE = path.resolve(__dirname, '../../../node_modules/.bin/ccusage');

export interface Layout {
  dir: string;
  claudeConfig: string;
  claudeProject: string;
  codexHome: string;
  codexDay: string;
}

/** A temp folder laid out the way Claude Code and Codex store sessions, empty. */
export function emptyLayout(project = '-work-demo'): Layout {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'asm-transcripts-'));
  const claudeConfig = path.join(dir, 'claude');
  const claudeProject = path.join(claudeConfig, 'projects', project);
  const codexHome = path.join(dir, 'codex');
  const codexDay = path.join(codexHome, 'sessions', '2026', '02', '23');
  fs.mkdirSync(claudeProject, { recursive: true });
  fs.mkdirSync(codexDay, { recursive: true });
  return { dir, claudeConfig, claudeProject, codexHome, codexDay };
}

/** Every fixture session (not the `growing` pair) copied into a fresh layout. */
export function fixtureLayout(): Layout {
  const layout = emptyLayout();
  const claude = path.join(FIXTURES, 'claude-code');
  for (const name of fs.readdirSync(claude)) {
    if (name === 'growing') continue;
    fs.cpSync(path.join(claude, name), path.join(layout.claudeProject, name), { recursive: true });
  }
  for (const name of fs.readdirSync(path.join(FIXTURES, 'codex'))) {
    if (name.endsWith('.jsonl')) fs.copyFileSync(path.join(FIXTURES, 'codex', name), path.join(layout.codexDay, name));
  }
  return layout;
}

export interface CcusageSession {
  sessionId: string;
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  totalTokens: number;
  /** US dollars: ccusage names it `totalCost` for Claude Code and `costUSD` for Codex. */
  totalCost?: number;
  costUSD?: number;
}

/** Runs the real ccusage (the pinned devDependency) on a layout and returns its sessions. */
export async function ccusageSessions(layout: Layout, agent: 'claude' | 'codex'): Promise<CcusageSession[]> {
  const env = {
    ...process.env,
    CLAUDE_CONFIG_DIR: layout.claudeConfig,
    CODEX_HOME: layout.codexHome,
    HOME: layout.dir,
    NO_COLOR: '1',
  };
  const { stdout } = await promisify(execFile)(CCUSAGE, [agent, 'session', '--json', '--offline'], {
    env,
    maxBuffer: 64 << 20,
  });
  return (JSON.parse(stdout) as { sessions: CcusageSession[] }).sessions;
}
