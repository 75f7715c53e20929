// What the lazymm client and server say to each other beyond standard LSP. Both sides import these
// names and types, so a renamed method cannot leave one side talking to nobody. No runtime imports:
// the client bundle takes only these constants.

/** Server -> client notification: the status bar's state. */
export const STATUS_NOTIFICATION = 'lazymm/status';

export interface StatusParams {
  state: 'analysing' | 'idle' | 'error';
  /** Diagnostics published for the open documents. */
  hazards: number;
  /** What is being analysed, or what went wrong: the status bar's tooltip. */
  message?: string;
}

/**
 * The server's `workspace/executeCommand` for a workspace scan. Not `lazymm.scanWorkspace`: the
 * language client registers every server command as a VS Code command of the same name, and the
 * user-facing `lazymm.scanWorkspace` is the client's own (it shows a cancellable notification).
 */
export const SCAN_WORKSPACE_COMMAND = 'lazymm.server.scanWorkspace';

export interface ScanSummary {
  /** Files analysed (read and checked). */
  files: number;
  /** Diagnostics published for them, after the settings' severities and rules turned off. */
  findings: number;
  /** Stopped by the user before every file was analysed. */
  cancelled: boolean;
}

/**
 * The client command behind the "Simulate this path" code lens: opens the simulator panel on the
 * function's annotated path (engine.ts FunctionReport.path). Handled by the client, not the server.
 */
export const SIMULATE_PATH_COMMAND = 'lazymm.simulatePath';

/** The one argument of SIMULATE_PATH_COMMAND. Ranges are zero-based, like LSP's. */
export interface SimulatePathArgs {
  uri: string;
  functionName: string;
  /** The finding the path leads to, when it is a finding's path. */
  ruleId?: string;
  steps: Array<{ kind: string; message: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }>;
}
