// Code lenses above each function the analysis flags: "N lazy-mm hazards", which opens the paths
// panel. ("Simulate this path" joins it with the simulator, issue #5.)
import { CodeLensRefreshRequest, type CodeLens } from 'vscode-languageserver/node';
import type { FeatureContext } from './feature';

export function registerCodeLens(ctx: FeatureContext): void {
  ctx.capabilities.codeLensProvider = { resolveProvider: false };
  ctx.connection.onCodeLens((params): CodeLens[] => {
    const analysis = ctx.analyses.current(params.textDocument.uri);
    if (!analysis) return [];
    const lenses: CodeLens[] = [];
    for (const fn of analysis.result.functions) {
      // Counted from what was published, so a rule turned off in the settings is not counted.
      const inside = (analysis.diagnostics ?? []).filter((d) => d.range.start.line >= fn.range.start.line && d.range.start.line <= fn.range.end.line);
      if (inside.length === 0) continue;
      const line = { start: { line: fn.range.start.line, character: 0 }, end: { line: fn.range.start.line, character: 0 } };
      lenses.push({
        range: line,
        command: {
          title: `${inside.length} lazy-mm hazard${inside.length === 1 ? '' : 's'}`,
          command: 'lazymm.showPaths',
          arguments: [params.textDocument.uri, fn.name],
        },
      });
    }
    return lenses;
  });
  // Lenses follow the analysis, which finishes after the editor asked for them.
  ctx.analyses.onAnalysed(() => {
    if (ctx.client.workspace?.codeLens?.refreshSupport === true) void ctx.connection.sendRequest(CodeLensRefreshRequest.type);
  });
}
