/** The webview's handle on VS Code, with the state it keeps across hide/restore. */
export interface PanelState {
  sessionId?: string;
  draft?: string;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): PanelState | undefined;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export const vscode: VsCodeApi = acquireVsCodeApi();

export function updateState(change: Partial<PanelState>): void {
  vscode.setState({ ...(vscode.getState() ?? {}), ...change });
}
