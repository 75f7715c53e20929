// Source positions and the steps of an annotated path: the shared vocabulary of the engine,
// the LSP (relatedInformation), SARIF (codeFlows) and, later, the simulator (replayed events).

/** Zero-based line and UTF-16 column, the same convention as LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * What a step does to mm lifetimes. The simulator replays these, so the names follow
 * the events of docs/simulator.md where one exists.
 */
export const STEP_KINDS = [
  'grab', // mm_count reference taken (mmgrab*)
  'get', // mm_users reference taken (mmget, get_task_mm, a successful mmget_not_zero)
  'drop', // mm_count reference released
  'put', // mm_users reference released
  'acquire', // another paired resource taken (kthread_use_mm, tlb_gather_mmu, inc_tlb_flush_pending)
  'release', // and given back
  'handover', // the reference was stored or returned: someone else owns it now
  'switch', // current->mm or active_mm changed
  'barrier', // a full memory barrier on its own (smp_mb, membarrier_update_current_mm): what membarrier needs
  'irq', // IRQs disabled or enabled
  'use', // the mm dereferenced or passed on
  'branch', // a condition decided which way the path goes
  'jump', // goto, break, continue
  'exit', // the function returns
] as const;

export type StepKind = (typeof STEP_KINDS)[number];

export interface Step {
  kind: StepKind;
  range: Range;
  message: string;
}
