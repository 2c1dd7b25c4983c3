import * as vscode from 'vscode';
import { Commands } from '../shared/ids';
import { isSessionKey } from '../shared/sessionKey';
import type { SessionType } from '../shared/sessionTypes';
import { SESSION_TYPE_LABELS } from '../shared/sessionTypes';
import { TrashUnavailableError } from '../core/ports';
import { readOnlyMessage } from '../core/readOnly';
import type { SessionService } from '../core/sessionService';
import { redactSecrets } from '../core/transcripts/redact';
import { computeGauge, gaugeText } from '../core/tokenMeter';
import type { ActiveSession } from './activeSession';
import type { ApiKeyStore } from './apiKey';
import type { OwnModelFacts } from './ownModelFacts';
import type { SessionPanels } from './sessionPanels';
import type { SessionDirectory } from './sessionDirectory';
import type { SessionTree } from './sessionTree';
import { sessionIdOf } from './sessionTree';
import type { ExtensionSettings } from './settings';
import { registerEndpointCommands } from './endpointCommands';
import { newSessionSpec } from './newSessionSpec';
import { registerApprovalCommands } from './approvalCommands';
import { registerBudgetCommands } from './budgetCommands';
import { registerCompactionCommands } from './compactionCommands';
import { registerPlanModeCommand } from './planModeCommand';

export interface CommandDeps {
  sessions: SessionService;
  settings: ExtensionSettings;
  facts: OwnModelFacts;
  keys: ApiKeyStore;
  active: ActiveSession;
  panels: SessionPanels;
  tree: SessionTree;
  directory: SessionDirectory;
  output: vscode.LogOutputChannel;
  blockedReason(): string | undefined;
  run(task: Promise<void>): void;
  /** Re-reads sessions another window writes (and takes them over when that window has closed them). */
  reload(): Promise<void>;
}

const TAKE_OVER = 'Take Over';

function takeOverQuestion(holder: { pid: number; host: string }): string {
  return (
    `Another VS Code window (pid ${holder.pid} on ${holder.host}) seems to write this session. Take it over? ` +
    'If that window is still running, it stops writing this session: a reply streaming there is cut off and not saved.'
  );
}

const NEW_SESSION: Array<[string, SessionType]> = [
  [Commands.newScout, 'scout'],
  [Commands.newPlanner, 'planner'],
  [Commands.newBuilder, 'builder'],
  [Commands.newReviewer, 'reviewer'],
];

export function registerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { sessions, settings, active, panels } = deps;
  const pick = async (placeHolder: string, withOthers = false): Promise<string | undefined> => {
    const items = sessions.all().map((s) => ({
      label: redactSecrets(s.title),
      description: `${SESSION_TYPE_LABELS[s.sessionType]} · ${gaugeText(computeGauge(s, deps.facts.for(s).window, settings.gauge()))}`,
      detail: s.model,
      id: s.id,
    }));
    if (withOthers)
      items.push(
        ...deps.directory
          .others()
          .map((s) => ({ label: s.title, description: s.gaugeText, detail: `${s.model} · ${s.id}`, id: s.key })),
      );
    if (items.length === 0) {
      void vscode.window.showInformationMessage(
        'No agent sessions yet. Start one with "Agent Sessions: New Scout Session".',
      );
      return undefined;
    }
    return (await vscode.window.showQuickPick(items, { placeHolder, matchOnDescription: true }))?.id;
  };
  const target = async (arg: unknown, placeHolder: string) => sessionIdOf(arg) ?? (await pick(placeHolder));
  /** Tells the user (offering Take Over) and returns true when another window writes the session. */
  const refusedReadOnly = (id: string) => {
    const holder = sessions.readOnly(id);
    if (!holder) return false;
    void vscode.window
      .showWarningMessage(readOnlyMessage(sessions.get(id)?.title ?? id, holder), TAKE_OVER)
      .then((answer) => answer === TAKE_OVER && vscode.commands.executeCommand(Commands.takeOverSession, id));
    return true;
  };

  return [
    ...registerEndpointCommands(deps),
    registerPlanModeCommand(deps, target),
    ...registerApprovalCommands(deps, target),
    ...registerBudgetCommands(deps, target),
    ...registerCompactionCommands(deps, target),
    ...NEW_SESSION.map(([command, sessionType]) =>
      // `options.planMode`: start in plan mode (for other commands and tests; the tab's toggle does it by hand)
      vscode.commands.registerCommand(command, async (taskArg?: string, options?: { planMode?: unknown }) => {
        const blocked = deps.blockedReason();
        if (blocked) {
          void vscode.window.showWarningMessage(blocked);
          return undefined;
        }
        const label = SESSION_TYPE_LABELS[sessionType];
        const task =
          typeof taskArg === 'string'
            ? taskArg
            : await vscode.window.showInputBox({
                title: `New ${label} Session`,
                prompt: `What should ${label} do?`,
                ignoreFocusOut: true,
                validateInput: (v) => (v.trim() ? undefined : 'Describe the task.'),
              });
        if (!task?.trim()) return undefined;
        let state;
        try {
          state = await sessions.create(await newSessionSpec(sessionType, task, settings, (l) => deps.output.info(l)));
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          deps.output.error(message);
          void vscode.window.showErrorMessage(message);
          return undefined;
        }
        active.set(state.id, true);
        panels.open(state.id);
        const id = state.id;
        const planFirst = options?.planMode === true ? sessions.setPlanMode(id, true) : Promise.resolve();
        deps.run(planFirst.then(() => sessions.send(id, task.trim())));
        return state.id;
      }),
    ),
    vscode.commands.registerCommand(Commands.openSession, async (arg?: unknown) => {
      const id = await target(arg, 'Open which session?');
      if (!id) return;
      if (sessions.readOnly(id)) await deps.reload(); // re-read what the other window wrote, or take it over
      active.set(id, true);
      panels.open(id);
    }),
    vscode.commands.registerCommand(Commands.pickSession, async () => {
      const id = await pick('Show which session in the status bar and open it?', true);
      if (!id) return;
      if (isSessionKey(id)) return vscode.commands.executeCommand(Commands.openTranscript, id);
      active.set(id, true);
      panels.open(id);
    }),
    vscode.commands.registerCommand(Commands.renameSession, async (arg?: unknown, newTitle?: string) => {
      const id = await target(arg, 'Rename which session?');
      const state = id ? sessions.get(id) : undefined;
      if (!state || refusedReadOnly(state.id)) return;
      const title =
        typeof newTitle === 'string'
          ? newTitle
          : await vscode.window.showInputBox({
              title: 'Rename session',
              value: state.title,
              validateInput: (v) => (v.trim() ? undefined : 'A title cannot be empty.'),
            });
      if (title?.trim()) await sessions.rename(state.id, title);
    }),
    vscode.commands.registerCommand(Commands.deleteSession, async (arg?: unknown) => {
      const id = await target(arg, 'Delete which session?');
      const state = id ? sessions.get(id) : undefined;
      if (!state || refusedReadOnly(state.id)) return;
      const turns = state.turns.length;
      const answer = await vscode.window.showWarningMessage(
        `Delete session "${redactSecrets(state.title)}"?`,
        { modal: true, detail: `Its transcript (${turns} ${turns === 1 ? 'turn' : 'turns'}) is moved to the trash.` },
        'Delete',
      );
      if (answer !== 'Delete') return;
      try {
        await sessions.delete(state.id);
      } catch (error) {
        if (!(error instanceof TrashUnavailableError)) throw error;
        const again = await vscode.window.showWarningMessage(
          `Delete session "${redactSecrets(state.title)}" permanently?`,
          {
            modal: true,
            detail: `The trash is not available here (${error.message}), so its log will be deleted permanently. This cannot be undone.`,
          },
          'Delete Permanently',
        );
        if (again !== 'Delete Permanently') return;
        await sessions.delete(state.id, { permanent: true });
      }
      if (active.id === state.id) active.set(sessions.all()[0]?.id);
    }),
    vscode.commands.registerCommand(Commands.resendTurn, async (arg?: unknown, turnId?: string) => {
      const id = sessionIdOf(arg) ?? active.id;
      const state = id ? sessions.get(id) : undefined;
      const turn =
        state &&
        (turnId
          ? state.turns.find((t) => t.id === turnId)
          : [...state.turns].reverse().find((t) => t.status !== 'streaming'));
      if (!state || !turn) {
        void vscode.window.showInformationMessage('No turn to resend in the active session.');
        return;
      }
      const blocked = deps.blockedReason();
      if (blocked) {
        void vscode.window.showWarningMessage(blocked);
        return;
      }
      if (refusedReadOnly(state.id)) return;
      panels.open(state.id, true);
      await sessions.resend(state.id, turn.id);
    }),
    vscode.commands.registerCommand(Commands.refresh, async () => {
      await deps.reload(); // sessions another window writes are re-read, or taken over once it closed them
      deps.tree.refresh();
    }),
    vscode.commands.registerCommand(Commands.showLog, () => deps.output.show()),
    vscode.commands.registerCommand(Commands.takeOverSession, async (arg?: unknown, confirmed?: unknown) => {
      const id = await target(arg, 'Take over which session?');
      const holder = id ? sessions.readOnly(id) : undefined;
      if (!id || !holder) return false;
      if (confirmed !== 'confirmed') {
        const answer = await vscode.window.showWarningMessage(takeOverQuestion(holder), { modal: true }, TAKE_OVER);
        if (answer !== TAKE_OVER) return false;
      }
      try {
        await sessions.takeOver(id); // throws, naming the holder, if another window still holds it
      } catch (error) {
        // also reached from the banner and the warning's button, whose executeCommand nobody awaits
        void vscode.window.showErrorMessage(
          `Could not take the session over: ${error instanceof Error ? error.message : String(error)}`,
        );
        return false;
      }
      panels.open(id, true);
      return true;
    }),
  ];
}
