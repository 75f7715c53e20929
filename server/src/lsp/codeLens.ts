// Code lenses above each function that touches mm lifetimes: "Simulate this path", which opens the
// simulator panel on the function's annotated path, and "N lazy-mm hazards", which opens the paths
// panel, when there are any.
import { CodeLensRefreshRequest, type CodeLens } from 'vscode-languageserver/node';
import { SIMULATE_PATH_COMMAND, type SimulatePathArgs } from './extensionProtocol';
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
      const line = { start: { line: fn.range.start.line, character: 0 }, end: { line: fn.range.start.line, character: 0 } };
      if (fn.path.length > 0) {
        const args: SimulatePathArgs = {
          uri: params.textDocument.uri,
          functionName: fn.name,
          ...(fn.pathRuleId ? { ruleId: fn.pathRuleId } : {}),
          steps: fn.path.map((s) => ({ kind: s.kind, message: s.message, range: s.range })),
        };
        lenses.push({ range: line, command: { title: 'Simulate this path', command: SIMULATE_PATH_COMMAND, arguments: [args] } });
      }
      if (inside.length === 0) continue;
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
