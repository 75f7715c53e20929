// Settings, status and workspace scan, put together for main.ts: the analysis options every open
// document is checked with (they follow the settings and report to the status), and the feature
// modules that keep them current.
import type { Connection, Diagnostic } from 'vscode-languageserver/node';
import type { CheckOptions } from '../engine';
import type { Analysis, AnalysisOptionsSource } from './documents';
import type { FeatureContext } from './feature';
import { diagnosticsFor, optionsFor } from './findingsView';
import { registerSettings, SettingsStore } from './settings';
import { AnalysisStatus } from './status';
import { registerWorkspaceScan } from './workspaceScan';

export interface EditorServices {
  /** For DocumentAnalyses: a check starts in optionsFor and ends in diagnosticsFor or failed. */
  options: AnalysisOptionsSource;
  features: Array<(ctx: FeatureContext) => void>;
}

export function editorServices(connection: Connection): EditorServices {
  const settings = new SettingsStore();
  const status = new AnalysisStatus(connection);
  /** Diagnostics computed for each document, counted once they are published (onAnalysed). */
  const counts = new Map<string, number>();
  /** What the last workspace scan learnt about the other files: open documents are checked with it too. */
  let workspace: Pick<CheckOptions, 'externalSummaries' | 'fieldsDroppedElsewhere'> = {};

  const options: AnalysisOptionsSource = {
    optionsFor: (uri) => {
      status.started(uri);
      return { ...workspace, ...optionsFor(settings.current, uri) };
    },
    diagnosticsFor: (a: Analysis): Diagnostic[] => {
      const diagnostics = diagnosticsFor(settings.current, settings.roots, a.uri, a.result.findings);
      counts.set(a.uri, diagnostics.length);
      return diagnostics;
    },
    failed: (uri, error) => status.failed(uri, error),
  };

  const registerStatus = (ctx: FeatureContext): void => {
    ctx.analyses.onAnalysed((a) => status.published(a.uri, counts.get(a.uri) ?? 0));
    ctx.documents.onDidClose((e) => {
      counts.delete(e.document.uri);
      status.closed(e.document.uri);
    });
    // New severities, rules or configuration: every open document is checked again under them.
    settings.onChange(() => ctx.analyses.revalidateAll());
  };

  return {
    options,
    features: [
      registerSettings(settings),
      registerStatus,
      (ctx) =>
        registerWorkspaceScan(ctx, settings, status, (shared) => {
          workspace = { ...(shared.externalSummaries ? { externalSummaries: shared.externalSummaries } : {}), ...(shared.fieldsDroppedElsewhere ? { fieldsDroppedElsewhere: shared.fieldsDroppedElsewhere } : {}) };
          ctx.analyses.revalidateAll();
        }),
    ],
  };
}
