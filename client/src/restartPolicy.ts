// What the language client does when the server's connection fails: keep going on errors and
// restart the server when it exits, unless it keeps crashing. The library's default shuts the
// server down for good after a few write errors (EPIPE), which a crash produces when it races
// with messages in flight, so a crashed server sometimes stayed down (seen in test/e2e/restart).
import { CloseAction, ErrorAction, type ErrorHandler } from 'vscode-languageclient/node';

/** Restarts allowed within WINDOW_MS before we give up and say so. */
const MAX_RESTARTS = 5;
const WINDOW_MS = 3 * 60 * 1000;

export function restartPolicy(): ErrorHandler {
  const restarts: number[] = [];
  return {
    // A failed write or read is the connection going away: its close decides what happens.
    error: () => ({ action: ErrorAction.Continue, handled: true }),
    closed: () => {
      const now = Date.now();
      while (restarts.length > 0 && now - restarts[0]! > WINDOW_MS) restarts.shift();
      if (restarts.length >= MAX_RESTARTS) {
        return { action: CloseAction.DoNotRestart, message: `The lazymm server crashed ${MAX_RESTARTS} times in the last 3 minutes and will not be restarted; see the lazymm output.` };
      }
      restarts.push(now);
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
