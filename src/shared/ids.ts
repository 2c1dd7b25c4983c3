/** Every command, view, context key and setting id, declared once. Keep package.json in step. */

export const EXTENSION_ID = 'agent-session-manager.agent-session-manager';

export const Commands = {
  setEndpoint: 'agentSessions.setEndpoint',
  setApiKey: 'agentSessions.setApiKey',
  newScout: 'agentSessions.newScoutSession',
  newPlanner: 'agentSessions.newPlannerSession',
  newBuilder: 'agentSessions.newBuilderSession',
  newReviewer: 'agentSessions.newReviewerSession',
  openSession: 'agentSessions.openSession',
  renameSession: 'agentSessions.renameSession',
  deleteSession: 'agentSessions.deleteSession',
  resendTurn: 'agentSessions.resendTurn',
  pickSession: 'agentSessions.pickSession',
  refresh: 'agentSessions.refresh',
  takeOverSession: 'agentSessions.takeOverSession',
  showLog: 'agentSessions.showLog',
  openTranscript: 'agentSessions.openTranscript',
  copySessionId: 'agentSessions.copySessionId',
  resumeInTerminal: 'agentSessions.resumeInTerminal',
  openTranscriptFile: 'agentSessions.openTranscriptFile',
  getContextUsage: 'agentSessions.getContextUsage',
  togglePlanMode: 'agentSessions.togglePlanMode',
  approveToolCall: 'agentSessions.approveToolCall',
  denyToolCall: 'agentSessions.denyToolCall',
  raiseLimit: 'agentSessions.raiseLimit',
  escalate: 'agentSessions.escalate',
  compact: 'agentSessions.compact',
  applyCompaction: 'agentSessions.applyCompaction',
  discardCompaction: 'agentSessions.discardCompaction',
} as const;

export const Views = {
  container: 'agentSessions',
  sessions: 'agentSessions.sessions',
  sessionPanel: 'agentSessions.sessionPanel',
} as const;

export const ContextKeys = {
  configured: 'agentSessions.configured',
  hasSessions: 'agentSessions.hasSessions',
} as const;

export const Settings = {
  section: 'agentSessions',
  endpoint: 'endpoint.baseUrl',
  modelScout: 'models.scout',
  modelPlanner: 'models.planner',
  modelBuilder: 'models.builder',
  modelReviewer: 'models.reviewer',
  modelEscalation: 'models.escalation',
  modelSummarizer: 'models.summarizer',
  budgetPrefix: 'budget.',
  contextWindows: 'contextWindows',
  warningThreshold: 'gauge.warningThreshold',
  errorThreshold: 'gauge.errorThreshold',
  groupBy: 'tree.groupBy',
  idleTimeoutSeconds: 'endpoint.idleTimeoutSeconds',
  maxRetryWaitSeconds: 'endpoint.maxRetryWaitSeconds',
  observedScope: 'otherAgents.scope',
  claudeRoots: 'otherAgents.claudeCodeFolders',
  codexRoots: 'otherAgents.codexFolders',
  prices: 'prices',
  pressureThresholds: 'contextPressure.thresholds',
  pressureNotify: 'contextPressure.notify',
  validationCommands: 'validation.commands',
  validationTimeoutSeconds: 'validation.timeoutSeconds',
  toolOutputContextChars: 'toolOutput.contextCharacters',
} as const;

/** The URI scheme of read-only transcript documents. */
export const TRANSCRIPT_SCHEME = 'agent-transcript';

export const SECRET_API_KEY = 'agentSessions.apiKey';
/** `{ key, origin }`: the key bound to the origin it was entered for (the plain SECRET_API_KEY is migrated once). */
export const SECRET_BOUND_API_KEY = 'agentSessions.apiKey.bound';

/** The URI scheme of a file's text before an agent's edit (the left side of Open Diff). */
export const BEFORE_EDIT_SCHEME = 'agent-session-before';
