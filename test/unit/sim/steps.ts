// Annotated paths for the simulator tests, written the way the analyzer writes them (the step
// kinds of server/src/paths/step.ts, messages quoting the call), one source line per step.
import type { Step, StepKind } from '../../../server/src/paths/step';

export function path(...steps: [StepKind, string][]): Step[] {
  return steps.map(([kind, message], i) => ({
    kind,
    message,
    range: { start: { line: 40 + i, character: 1 }, end: { line: 40 + i, character: 30 } },
  }));
}

/** The line a step of path() is on. */
export function lineOf(index: number): number {
  return 40 + index;
}
