// What a scenario is: an initial world (mms, tasks, what each CPU runs), a prologue that brings it
// into the state the scenario is about (CPUs lazily holding an mm...), and one program per CPU
// whose interleavings are simulated.
import type { Costs } from '../costs';
import type { Event } from '../events';
import type { MmLife } from '../state';

export interface MmSpec {
  name: string;
  nrVmas: number;
  life: MmLife;
  /** mm_count references held outside the simulated code (the path's caller, an io_uring ctx). */
  ownerCount: number;
  /** References the annotated path starts with (it releases one it did not take). */
  pathCount: number;
  pathUsers: number;
}

export interface TaskSpec {
  name: string;
  kthread: boolean;
  /** task->mm (NONE for kernel threads); active_mm starts equal to it, or init_mm. */
  mm: number;
  /** The mm whose mm_users this task holds. */
  usersRef: number;
}

export interface ScenarioParams {
  /** context-switch: software threads (Piggin: "as many software threads as CPUs"). */
  threads?: number;
  /** Rounds of the scenario's loop. */
  rounds?: number;
  /** VMAs of the exiting process (exit-lazy; 0 for exit-no-vmas). */
  nrVmas?: number;
  /** pv-preempted: the share of lazy vCPUs the host has descheduled. */
  preemptedFraction?: number;
  /** churn: processes each CPU forks, execs and reaps. */
  processes?: number;
}

/** An annotated path, mapped to events (scenarios/path.ts). */
export interface PathProgram {
  events: Event[];
  /** References the path releases before taking any: it starts holding them. */
  inheritedCount: number;
  inheritedUsers: number;
  /** The path gets its mm pointer from current->active_mm (no caller keeps it alive). */
  fromActiveMm: boolean;
  /** The context it runs in: a kernel thread lazily on the scenario's mm, or a thread of it. */
  task: 'kthread' | 'user';
  notes: string[];
}

export interface BuildContext {
  cpus: number;
  params: ScenarioParams;
  costs: Costs;
  /** Exploration wants short programs; timed runs want enough rounds for a steady state. */
  purpose: 'timed' | 'explore';
  path: PathProgram | null;
}

export interface ScenarioInstance {
  scenario: string;
  mms: MmSpec[];
  tasks: TaskSpec[];
  /** The task each CPU runs at the start. */
  curr: number[];
  prologue: Event[][];
  programs: Event[][];
  /** vCPUs the host deschedules once the prologue is done, and until when. */
  preempt: { cpu: number; until: number }[];
  /** The mm the scenario is about; an annotated path's mm variable names it. */
  victim: number;
  pathCpu: number;
  /** What throughput counts: measured context switches, completed exits, or nothing. */
  throughput: 'switches' | 'exits' | null;
  notes: string[];
}

export interface ScenarioSpec {
  name: string;
  title: string;
  description: string;
  /** The unit the result's throughput is in, or null. */
  throughputUnit: string | null;
  /** Fewest CPUs the scenario needs (one more with an embedded path). */
  minCpus: number;
  build(ctx: BuildContext): ScenarioInstance;
}
