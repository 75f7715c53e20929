// The simulator panel's inputs as the extension receives them, checked before use: the argument
// of lazymm.simulatePath (from a code lens, the palette or another extension), the code lens that
// applies at the cursor, and what VS Code hands back when it restores the panel. No VS Code
// import, so the tests run these checks as they are.
import { SIMULATE_PATH_COMMAND, type SimulatePathArgs } from '../../server/src/lsp/extensionProtocol';

const MAX_STEPS = 2000;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPos(v: unknown): boolean {
  return isRecord(v) && Number.isSafeInteger(v.line) && Number.isSafeInteger(v.character) && (v.line as number) >= 0 && (v.character as number) >= 0;
}

export function isSimulatePathArgs(v: unknown): v is SimulatePathArgs {
  return (
    isRecord(v) &&
    typeof v.uri === 'string' &&
    typeof v.functionName === 'string' &&
    (v.ruleId === undefined || typeof v.ruleId === 'string') &&
    Array.isArray(v.steps) &&
    v.steps.length <= MAX_STEPS &&
    v.steps.every((s: unknown) => isRecord(s) && typeof s.kind === 'string' && typeof s.message === 'string' && isRecord(s.range) && isPos(s.range.start) && isPos(s.range.end))
  );
}

/** What the palette command needs of a code lens (vscode.CodeLens has this shape). */
export interface LensLike {
  range: { start: { line: number } };
  command?: { command: string; arguments?: unknown[] };
}

/**
 * The "Simulate this path" lens of the function around `line`: lenses sit on a function's first
 * line, so it is the nearest one at or above the cursor. Its argument, or undefined.
 */
export function simulateArgsAt(lenses: readonly LensLike[], line: number): unknown {
  let best: LensLike | undefined;
  for (const l of lenses) {
    if (l.command?.command !== SIMULATE_PATH_COMMAND || l.range.start.line > line) continue;
    if (best === undefined || l.range.start.line > best.range.start.line) best = l;
  }
  return best?.command?.arguments?.[0];
}

/** From a restored panel's state (the page's own, see client/webview/simulator/state.ts): whose path it shows. */
export function restoredPath(state: unknown): { uri: string; functionName: string } | null {
  if (!isRecord(state) || !isRecord(state.path)) return null;
  const { uri, functionName } = state.path;
  return typeof uri === 'string' && typeof functionName === 'string' ? { uri, functionName } : null;
}

/** The panel's title, as the issue asks: "lazymm: simulate <function>". */
export function simPanelTitle(functionName: string | null): string {
  return functionName ? `lazymm: simulate ${functionName}` : 'lazymm: simulator';
}
