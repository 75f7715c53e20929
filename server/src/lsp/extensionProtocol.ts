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
