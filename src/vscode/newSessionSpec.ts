import * as vscode from 'vscode';
import type { SessionType } from '../shared/sessionTypes';
import type { NewSession } from '../core/sessionService';
import { titleFromTask } from '../core/sessionView';
import { SYSTEM_PROMPTS } from '../core/systemPrompts';
import { readRulesFiles } from '../node/agent/rulesFiles';
import { reviewDiff } from '../node/agent/reviewDiff';
import { endpointHost } from './endpoint';
import type { ExtensionSettings } from './settings';

/** The folder a new session works in: the one holding the active editor's file, else the first. */
export function sessionRoot(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
}

/**
 * Everything a new session starts with: its role, the rules files of its folder (they go first in every
 * request), and for a Reviewer the diff it reviews (`git diff HEAD`, never a build transcript).
 */
export async function newSessionSpec(
  sessionType: SessionType,
  task: string,
  settings: ExtensionSettings,
  log: (line: string) => void,
): Promise<NewSession> {
  const root = sessionRoot();
  const spec: NewSession = {
    sessionType,
    title: titleFromTask(task),
    model: settings.modelFor(sessionType),
    endpointHost: endpointHost(settings.endpointBaseUrl()),
    systemPrompt: SYSTEM_PROMPTS[sessionType],
    budget: settings.budgetFor(sessionType),
  };
  if (!root) return spec;
  const rules = await readRulesFiles(root, log);
  if (sessionType !== 'reviewer') return { ...spec, root, rules };
  const diff = await reviewDiff(root);
  if ('none' in diff) {
    log(`Reviewer session: no diff to seed (${diff.none})`);
    return { ...spec, root, rules };
  }
  return { ...spec, root, rules, review: diff };
}
