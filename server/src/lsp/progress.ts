// Work-done progress for a long server job, whichever way the client offers it: on the client's
// own workDoneToken (the client cancels the request), on a token the server asks the client to
// create (the client sends window/workDoneProgress/cancel), or nowhere for clients without either.
import {
  WorkDoneProgress,
  type CancellationToken,
  type ProgressToken,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageserver/node';
import type { FeatureContext } from './feature';

export interface Progress {
  begin(title: string, message: string): void;
  report(percentage: number, message: string): void;
  /** Ends the progress with a last word (the summary). */
  end(message: string): void;
  /** Cancellation from the progress UI, beside the request's own. */
  cancelled?: CancellationToken;
}

export async function startProgress(ctx: FeatureContext, clientToken: ProgressToken | undefined): Promise<Progress> {
  if (clientToken !== undefined) {
    const send = (value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd) => void ctx.connection.sendProgress(WorkDoneProgress.type, clientToken, value);
    return {
      begin: (title, message) => send({ kind: 'begin', title, message, percentage: 0, cancellable: true }),
      report: (percentage, message) => send({ kind: 'report', message, percentage: Math.round(percentage) }),
      end: (message) => send({ kind: 'end', message }),
    };
  }
  const r = ctx.client.window?.workDoneProgress ? await ctx.connection.window.createWorkDoneProgress().catch(() => undefined) : undefined;
  if (r) {
    // The library's reporter: its cancellation is wired to window/workDoneProgress/cancel.
    return {
      begin: (title, message) => r.begin(title, 0, message, true),
      report: (percentage, message) => r.report(percentage, message),
      end: (message) => {
        r.report(message);
        r.done();
      },
      cancelled: r.token,
    };
  }
  // No way to show progress (or the client refused to create it): the job runs all the same.
  return { begin: () => undefined, report: () => undefined, end: () => undefined };
}

