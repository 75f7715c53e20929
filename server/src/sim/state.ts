// The simulator's state (docs/simulator.md, "State"): the machine, and the records of every mm,
// task and CPU. Plain records with numeric ids (NONE for NULL) so that V8 keeps them monomorphic
// on the hot path and a world clones cheaply when the explorer branches.
import type { Arch } from './archs/types';
import type { Costs, Topology } from './costs';
import type { Event, Ipi } from './events';
import type { Violation } from './invariants';
import type { Policy } from './policies/types';
import type { TimelineRecorder } from './timeline';
import type { Trace } from './trace';

/** NULL, for every id field. */
export const NONE = -1;
/** init_mm is mm 0 in every world: never counted, never freed. */
export const INIT_MM = 0;

export type ArchName = 'x86' | 'x86-pv' | 'arm64' | 'powerpc-radix';

export interface Machine {
  topology: Topology;
  cpus: number;
  arch: Arch;
  policy: Policy;
  costs: Costs;
  /** Socket and core of each CPU, for cache-line transfer costs. */
  socketOf: Int32Array;
  coreOf: Int32Array;
}

/** A cache line that CPUs contend for: it serialises the operations that need it exclusively. */
export interface Line {
  /** The CPU whose cache holds it exclusively (NONE: in memory). */
  owner: number;
  /** Simulated time until which the current owner keeps it. */
  freeAt: number;
  /** A CPU that read it since the last write (NONE if none): the next write invalidates its copy. */
  reader: number;
  /** Time it was held exclusively: over the run's length, how close it came to its bound. */
  busy: number;
  /** The part of `busy` spent in switches the scenario measures for throughput. */
  measuredBusy: number;
}

export type MmLife = 'unborn' | 'live' | 'torn-down' | 'freed';

export interface Mm {
  id: number;
  name: string;
  users: number;
  count: number;
  /** mm_cpumask(): one byte per CPU (clarity over density; 1024 CPUs is the largest machine). */
  cpumask: Uint8Array;
  tlbGen: number;
  nrVmas: number;
  life: MmLife;
  /** mm_count and mm_users are on separate cache lines in struct mm_struct; the cpumask on a third. */
  countLine: Line;
  usersLine: Line;
  maskLine: Line;
  // The ledger of invariant 2: who holds each mm_count reference, besides CPUs (Cpu.lazyRef) and
  // kthread_use_mm() tasks (Task.useRef). The sum must equal `count` whenever the world is quiet.
  /** The single mm_count reference all mm_users together hold (1 while users > 0). */
  usersHold: number;
  /** References the annotated path holds: mm_count, mm_users. */
  pathCount: number;
  pathUsers: number;
  /** References an object outside the path holds (the caller's context, an io_uring ctx). */
  ownerCount: number;
  /** References the path handed over to someone else (stored, returned): mm_count, mm_users. */
  handedOver: number;
  handedOverUsers: number;
}

export interface Task {
  id: number;
  name: string;
  kthread: boolean;
  /** task->mm (NONE for kernel threads). */
  mm: number;
  /** task->active_mm. */
  activeMm: number;
  /** The mm whose mm_users this task holds (a thread of a process), or NONE. */
  usersRef: number;
  /** The mm kthread_use_mm() grabbed for this task, or NONE. */
  useRef: number;
}

export interface Cpu {
  id: number;
  online: boolean;
  /** rq->curr. */
  curr: number;
  /** The mm the MMU is using (cpu_tlbstate.loaded_mm and friends). */
  loadedMm: number;
  /** The mm's tlb_gen this CPU has caught up with. */
  loadedGen: number;
  /** In lazy TLB mode: a kernel thread runs on the previous user mm. */
  isLazy: boolean;
  /** rq->prev_mm: the lazy mm finish_task_switch() drops. */
  prevMm: number;
  /** Policy `hazard`: the mm this CPU publishes as in lazy use. */
  hazardSlot: number;
  slotLine: Line;
  /** The mm whose mm_count this CPU's lazy use holds (policy refcount, or a converted hazard). */
  lazyRef: number;
  irqsOff: boolean;
  /** IRQ state to restore when a switch or an IPI handler that disabled them is done. */
  savedIrqsOff: boolean;
  /** x86-pv and friends: the host has descheduled this vCPU until `resumeAt`. */
  preempted: boolean;
  resumeAt: number;
  /** Membarrier (invariant 5): rq->curr or current->mm changed and no full barrier followed yet. */
  mbPending: boolean;
  /** Simulated time on this CPU. */
  clock: number;
  /** IPIs this CPU sent and still waits for. */
  waiting: number;
  /** When the last of those acknowledgements arrives. */
  waitUntil: number;
  /** Start of the __mmput() this CPU is running, or NaN. */
  exitStart: number;
  /** The switch in progress is one the scenario measures for throughput. */
  measuring: boolean;
  /** This CPU's program (shared, never mutated) and how far it got. */
  prog: readonly Event[];
  pc: number;
  /** Continuations: what an event left to do on this CPU (__mmput after the last mmput...), LIFO. */
  cont: Event[];
  /** IPIs delivered to this CPU and not handled yet. */
  inbox: Ipi[];
}

export interface Metrics {
  /** Steps executed: events, continuations, IPI handlers, vCPU resumptions. */
  events: number;
  /** Atomic read-modify-writes on shared lines (mm_count, mm_users, mm_cpumask, remote slots). */
  atomics: number;
  /** Cache lines moved between CPUs. */
  remoteTransfers: number;
  ipis: number;
  /** IPIs the lazy-TLB policy sent beyond the architecture's TLB flushes. */
  policyIpis: number;
  /** Load-acquires of another CPU's line (the hazard-pointer scan). */
  loads: number;
  cmpxchg: number;
  broadcastFlushes: number;
  /** x86-pv: flushes the hypervisor does for a preempted vCPU instead of an IPI. */
  hostFlushes: number;
  switches: number;
  /** Completed __mmput() calls, their summed latency, and the CPU time they cost machine-wide. */
  exits: number;
  exitLatencyNs: number;
  exitCpuNs: number;
  frees: number;
}

export function newMetrics(): Metrics {
  return {
    events: 0,
    atomics: 0,
    remoteTransfers: 0,
    ipis: 0,
    policyIpis: 0,
    loads: 0,
    cmpxchg: 0,
    broadcastFlushes: 0,
    hostFlushes: 0,
    switches: 0,
    exits: 0,
    exitLatencyNs: 0,
    exitCpuNs: 0,
    frees: 0,
  };
}

export interface World {
  m: Machine;
  cpus: Cpu[];
  mms: Mm[];
  tasks: Task[];
  /** Scenario ordering flags (signal/await), one bit each. */
  flags: number;
  metrics: Metrics;
  /** The first invariant violation: the verdict. */
  violation: Violation | null;
  /**
   * How many mms are freed. Until one is, no CPU can point at a freed mm, so the per-step check
   * of invariant 1 on the CPUs a step touched has nothing to look for (invariants.ts checkStep).
   */
  freedMms: number;
  /** Set when the schedule contradicts the annotated path (its mmget_not_zero() failed). */
  infeasible: string | null;
  trace: Trace;
  tl: TimelineRecorder | null;
  /** Timed (discrete-event) run: costs advance clocks and lines serialise. */
  timed: boolean;
  /** Seeded noise for local work (prng.ts jitterTable) and where the next draw comes from. */
  jitter: Float64Array;
  jitterAt: number;
  /**
   * CPUs and mms the current step touched (the first nDirty... entries): what the invariants look
   * at and whose actions the scheduler re-evaluates. Counters, not array lengths: resetting an
   * array's length on every step is measurably slow.
   */
  dirtyCpus: number[];
  nDirtyCpus: number;
  /** The step each CPU was last listed in dirtyCpus (lists each CPU once per step). */
  dirtyEpoch: Int32Array;
  epoch: number;
  dirtyMms: number[];
  nDirtyMms: number;
  /** The mm the annotated path's variable names right now. */
  pathMm: number;
  pathCpu: number;
  /** Switches a scenario measures for throughput: how many, and when the last one happened. */
  measuredSwitches: number;
  measuredUntil: number;
  /** Steps so far, prologue included: the trace's numbering. */
  seq: number;
  /** Continuations queued by the current step, not yet on their CPU's stack (ops.then). */
  pendingCpu: number[];
  pendingEv: Event[];
  nPending: number;
}

export function cloneLine(l: Line): Line {
  return { owner: l.owner, freeAt: l.freeAt, reader: l.reader, busy: l.busy, measuredBusy: l.measuredBusy };
}

/** A deep copy for the explorer. Programs and IPI records are immutable and shared. */
export function cloneWorld(w: World): World {
  return {
    m: w.m,
    cpus: w.cpus.map((c) => ({ ...c, slotLine: cloneLine(c.slotLine), cont: c.cont.slice(), inbox: c.inbox.slice() })),
    mms: w.mms.map((mm) => ({
      ...mm,
      cpumask: mm.cpumask.slice(),
      countLine: cloneLine(mm.countLine),
      usersLine: cloneLine(mm.usersLine),
      maskLine: cloneLine(mm.maskLine),
    })),
    tasks: w.tasks.map((t) => ({ ...t })),
    flags: w.flags,
    metrics: { ...w.metrics },
    violation: w.violation,
    freedMms: w.freedMms,
    infeasible: w.infeasible,
    trace: w.trace.fork(),
    tl: null,
    timed: w.timed,
    jitter: w.jitter,
    jitterAt: w.jitterAt,
    dirtyCpus: [],
    nDirtyCpus: 0,
    dirtyEpoch: new Int32Array(w.cpus.length),
    epoch: 0,
    dirtyMms: [],
    nDirtyMms: 0,
    pathMm: w.pathMm,
    pathCpu: w.pathCpu,
    measuredSwitches: 0,
    measuredUntil: 0,
    seq: w.seq,
    pendingCpu: [],
    pendingEv: [],
    nPending: 0,
  };
}

/**
 * cloneWorld() into an existing world, allocating nothing: the explorer runs every branch on one
 * scratch world and keeps a clone only of the states it has not seen (about one branch in three).
 * Afterwards `dst` behaves exactly as cloneWorld(src) would, except that it keeps its own step
 * epoch and dirtyEpoch (the epoch only grows, so its marks never match a later step). Every field
 * of every record is copied by name: a field added to Cpu, Mm, Task, Line or Metrics must be added
 * here too (test/unit/sim/explore.test.ts checks that none is missed).
 */
export function copyWorldInto(dst: World, src: World): void {
  const n = src.cpus.length;
  for (let i = 0; i < n; i++) copyCpu(dst.cpus[i]!, src.cpus[i]!);
  for (let i = 0, k = src.mms.length; i < k; i++) copyMm(dst.mms[i]!, src.mms[i]!);
  for (let i = 0, k = src.tasks.length; i < k; i++) copyTask(dst.tasks[i]!, src.tasks[i]!);
  copyMetrics(dst.metrics, src.metrics);
  dst.m = src.m;
  dst.flags = src.flags;
  dst.violation = src.violation;
  dst.freedMms = src.freedMms;
  dst.infeasible = src.infeasible;
  dst.trace.assign(src.trace);
  dst.tl = null;
  dst.timed = src.timed;
  dst.jitter = src.jitter;
  dst.jitterAt = src.jitterAt;
  dst.nDirtyCpus = 0;
  dst.nDirtyMms = 0;
  dst.pathMm = src.pathMm;
  dst.pathCpu = src.pathCpu;
  dst.measuredSwitches = 0;
  dst.measuredUntil = 0;
  dst.seq = src.seq;
  dst.nPending = 0;
}

export function copyLine(d: Line, s: Line): void {
  d.owner = s.owner;
  d.freeAt = s.freeAt;
  d.reader = s.reader;
  d.busy = s.busy;
  d.measuredBusy = s.measuredBusy;
}

/** Element by element: no new array, and no length reset unless the length changed. */
function copyArray<T>(d: T[], s: readonly T[]): void {
  const n = s.length;
  if (d.length !== n) d.length = n;
  for (let i = 0; i < n; i++) d[i] = s[i]!;
}

export function copyCpu(d: Cpu, s: Cpu): void {
  d.id = s.id;
  d.online = s.online;
  d.preempted = s.preempted;
  copyArray(d.cont, s.cont);
  d.prog = s.prog;
  d.pc = s.pc;
  d.clock = s.clock;
  d.curr = s.curr;
  d.irqsOff = s.irqsOff;
  copyArray(d.inbox, s.inbox);
  d.waiting = s.waiting;
  d.waitUntil = s.waitUntil;
  d.loadedMm = s.loadedMm;
  d.isLazy = s.isLazy;
  d.prevMm = s.prevMm;
  d.lazyRef = s.lazyRef;
  d.hazardSlot = s.hazardSlot;
  d.mbPending = s.mbPending;
  d.measuring = s.measuring;
  d.savedIrqsOff = s.savedIrqsOff;
  d.loadedGen = s.loadedGen;
  d.exitStart = s.exitStart;
  d.resumeAt = s.resumeAt;
  copyLine(d.slotLine, s.slotLine);
}

export function copyMm(d: Mm, s: Mm): void {
  d.id = s.id;
  d.name = s.name;
  d.users = s.users;
  d.count = s.count;
  d.cpumask.set(s.cpumask);
  d.tlbGen = s.tlbGen;
  d.nrVmas = s.nrVmas;
  d.life = s.life;
  copyLine(d.countLine, s.countLine);
  copyLine(d.usersLine, s.usersLine);
  copyLine(d.maskLine, s.maskLine);
  d.usersHold = s.usersHold;
  d.pathCount = s.pathCount;
  d.pathUsers = s.pathUsers;
  d.ownerCount = s.ownerCount;
  d.handedOver = s.handedOver;
  d.handedOverUsers = s.handedOverUsers;
}

export function copyTask(d: Task, s: Task): void {
  d.id = s.id;
  d.name = s.name;
  d.kthread = s.kthread;
  d.mm = s.mm;
  d.activeMm = s.activeMm;
  d.usersRef = s.usersRef;
  d.useRef = s.useRef;
}

export function copyMetrics(d: Metrics, s: Metrics): void {
  d.events = s.events;
  d.atomics = s.atomics;
  d.remoteTransfers = s.remoteTransfers;
  d.ipis = s.ipis;
  d.policyIpis = s.policyIpis;
  d.loads = s.loads;
  d.cmpxchg = s.cmpxchg;
  d.broadcastFlushes = s.broadcastFlushes;
  d.hostFlushes = s.hostFlushes;
  d.switches = s.switches;
  d.exits = s.exits;
  d.exitLatencyNs = s.exitLatencyNs;
  d.exitCpuNs = s.exitCpuNs;
  d.frees = s.frees;
}

/** Task i is CPU i's idle task in every world (scenarios/builder.ts). */
export function isIdle(cpu: Cpu): boolean {
  return cpu.curr === cpu.id;
}

export function mmName(w: World, id: number): string {
  return id === NONE ? 'NULL' : (w.mms[id]?.name ?? `mm#${id}`);
}

export function taskName(w: World, id: number): string {
  return id === NONE ? 'none' : (w.tasks[id]?.name ?? `task#${id}`);
}
