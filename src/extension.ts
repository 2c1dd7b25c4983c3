import * as vscode from 'vscode';
import { Commands, Views } from './shared/ids';
import { registerCommands } from './vscode/commands';
import { ContextPressure } from './vscode/contextPressure';
import { registerObservedCommands } from './vscode/observedCommands';
import { SessionDirectory } from './vscode/sessionDirectory';
import { restoreSessions, createServices } from './vscode/services';
import { redactingLog } from './vscode/redactingLog';
import { SessionPanels } from './vscode/sessionPanels';
import { SessionTree } from './vscode/sessionTree';
import { TokenMeter } from './vscode/tokenMeter';
import { createTestApi } from './vscode/testApi';
import { showTrustInView } from './vscode/trustNotice';

/** Set by activate(): closes the session logs, releasing their locks (deactivate returns it, VS Code awaits it). */
let stopping: (() => Promise<void>) | undefined;

/** Wiring only: build the services, register each feature in its own try/catch, push every disposable. */
export function activate(context: vscode.ExtensionContext) {
  const started = performance.now();
  // every line we log passes through the redacting wrapper
  const output = redactingLog(vscode.window.createOutputChannel('Agent Sessions', { log: true }));
  context.subscriptions.push(output);
  const services = createServices(context, output);
  stopping = services.stop;
  const feature = <T>(name: string, build: () => T): T | undefined => {
    try {
      return build();
    } catch (error) {
      output.error(`feature "${name}" failed to start: ${error instanceof Error ? error.stack : String(error)}`);
      return undefined;
    }
  };
  const push = <T extends vscode.Disposable>(d: T | undefined) => (d && context.subscriptions.push(d), d);

  const observed = services.observed;
  const directory = new SessionDirectory(services.sessions, observed, services.settings, services.facts);
  context.subscriptions.push(directory);
  const meter = push(feature('token meter', () => new TokenMeter(directory, services.active)));
  const tree = push(feature('session tree', () => new SessionTree(services.sessions, directory, services.settings)));
  const pressure = push(feature('context pressure', () => new ContextPressure(directory, services.settings)));
  feature('observed commands', () =>
    context.subscriptions.push(
      ...registerObservedCommands({ directory, active: services.active, meter, settings: services.settings }),
    ),
  );
  const view =
    tree &&
    push(
      feature('session view', () =>
        vscode.window.createTreeView(Views.sessions, { treeDataProvider: tree, showCollapseAll: true }),
      ),
    );
  if (view) push(feature('trust notice', () => showTrustInView(view)));
  const panels = push(
    feature('session panels', () => new SessionPanels({ extensionUri: context.extensionUri, ...services })),
  );
  if (panels && tree) {
    feature('commands', () =>
      context.subscriptions.push(...registerCommands({ ...services, panels, tree, directory })),
    );
  }
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => void vscode.commands.executeCommand(Commands.refresh)),
  );
  // sessions load after activation returns: nothing on the activation path waits for the disk; the
  // remembered choice is read once, first (a reload re-runs restoreSessions only)
  const ready = services.active.restore().then(() => restoreSessions(services));
  return createTestApi({
    services,
    meter,
    tree,
    view,
    panels,
    directory,
    pressure,
    ready,
    activationMs: performance.now() - started,
  });
}

/** Every event is on disk before it is acknowledged; this only releases the locks so other windows can write. */
export function deactivate(): Promise<void> | undefined {
  const stop = stopping;
  stopping = undefined;
  return stop?.();
}
