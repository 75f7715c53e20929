// Paths as the "Simulate this path" code lens sends them (SimulatePathArgs plus each step's source
// line, as client/src/simPanel.ts adds it), for the panel tests. Lines are zero-based; the panel
// shows them one-based.
interface Step {
  kind: string;
  message: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  source: string;
}

function steps(...s: [kind: string, message: string, source: string][]): Step[] {
  return s.map(([kind, message, source], i) => ({ kind, message, source, range: { start: { line: 40 + i, character: 1 }, end: { line: 40 + i, character: 30 } } }));
}

export function pathMessage(functionName: string, s: Step[], ruleId?: string): { type: 'path'; path: object; arch: string } {
  return { type: 'path', arch: 'x86', path: { uri: 'file:///src/mm/example.c', file: 'mm/example.c', functionName, ...(ruleId ? { ruleId } : {}), steps: s } };
}

/** Takes mm_users before walking the page tables: safe under every sound policy. */
export const SAFE_STEPS = steps(
  ['get', 'mm_users reference taken by mmget_not_zero(mm)', 'if (!mmget_not_zero(mm))'],
  ['use', 'get_user_pages_remote() needs mm_users', 'ret = get_user_pages_remote(mm, addr, 1, 0, &page, NULL);'],
  ['put', 'mm_users reference released by mmput(mm)', 'mmput(mm);'],
);

/** Drops the mm_count reference it took twice (LMM002). */
export const DOUBLE_DROP_STEPS = steps(
  ['grab', 'mm_count reference taken by mmgrab(mm)', 'mmgrab(mm);'],
  ['drop', 'mm_count reference released by mmdrop(mm)', 'mmdrop(mm);'],
  ['drop', 'released again here', 'mmdrop(mm);'],
);
