// Shape checks for what the page receives from outside its own code: the extension's messages
// (whatever a compromised or buggy host might post) and the state VS Code hands back. A message
// that fails any check is ignored as a whole; nothing is half-applied.
import { STEP_KINDS } from '../../../server/src/paths/step';
import type { SimPath, SimPosition, SimStep, ToSimulator } from '../protocol';

/** The only kinds the engine replays. */
const STEP_KIND_SET: ReadonlySet<string> = new Set(STEP_KINDS);
const MAX_STEPS = 2000;
const MAX_TEXT = 4000;

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isText(v: unknown, max = MAX_TEXT): v is string {
  return typeof v === 'string' && v.length <= max;
}

function isPosition(v: unknown): v is SimPosition {
  return isRecord(v) && Number.isSafeInteger(v.line) && Number.isSafeInteger(v.character) && (v.line as number) >= 0 && (v.character as number) >= 0;
}

export function isSimStep(v: unknown): v is SimStep {
  return (
    isRecord(v) &&
    typeof v.kind === 'string' &&
    STEP_KIND_SET.has(v.kind) &&
    isText(v.message) &&
    isText(v.source) &&
    isRecord(v.range) &&
    isPosition(v.range.start) &&
    isPosition(v.range.end)
  );
}

export function isSimPath(v: unknown): v is SimPath {
  return (
    isRecord(v) &&
    isText(v.uri) &&
    isText(v.file) &&
    isText(v.functionName, 512) &&
    (v.ruleId === undefined || isText(v.ruleId, 64)) &&
    Array.isArray(v.steps) &&
    v.steps.length <= MAX_STEPS &&
    v.steps.every(isSimStep)
  );
}

export function isToSimulator(v: unknown): v is ToSimulator {
  return isRecord(v) && v.type === 'path' && isSimPath(v.path) && (v.arch === undefined || isText(v.arch, 64));
}
