// A world from a machine and a scenario instance: the initial records, then the prologue run to
// quiescence on the timed scheduler (deterministic), then clocks and counters reset so that what
// is measured is the scenario's program only.
import { jitterTable } from './prng';
import { CpuQueue } from './cpuQueue';
import { execute, readyAt, type Action } from './sched';
import type { ScenarioInstance } from './scenarios/types';
import { INIT_MM, NONE, newMetrics, type Cpu, type Line, type Machine, type Mm, type Task, type World } from './state';
import { TimelineRecorder } from './timeline';
import { ListTrace, RingTrace } from './trace';

export interface WorldOptions {
  seed: number;
  /** Timed (discrete-event) run, or untimed for exploration. */
  timed: boolean;
  /** Keep every step (exploration) or the last `ringSize` steps. */
  fullTrace: boolean;
  ringSize?: number;
  timeline?: boolean;
  timelineLimit?: number;
}

function line(owner: number = NONE): Line {
  return { owner, freeAt: 0, reader: NONE, busy: 0, measuredBusy: 0 };
}

/** The CPU, mm and task records of a world, as a scenario instance starts them. */
export interface Records {
  cpus: Cpu[];
  mms: Mm[];
  tasks: Task[];
}

/** Fresh records for a world of `inst` on `m` (before its prologue). */
export function initialRecords(m: Machine, inst: ScenarioInstance): Records {
  const n = m.cpus;
  const tasks: Task[] = inst.tasks.map((t, id) => ({
    id,
    name: t.name,
    kthread: t.kthread,
    mm: t.mm,
    activeMm: t.mm === NONE ? INIT_MM : t.mm,
    usersRef: t.usersRef,
    useRef: NONE,
  }));
  // Each task's mm_users reference, counted per mm in one pass (not one pass per mm: a churn
  // scenario has thousands of both).
  const taskUsers = new Int32Array(inst.mms.length);
  for (const t of inst.tasks) if (t.usersRef !== NONE) taskUsers[t.usersRef]!++;
  const mms: Mm[] = inst.mms.map((s, id) => {
    const born = s.life !== 'unborn';
    const users = born ? s.pathUsers + taskUsers[id]! : 0;
    const usersHold = users > 0 ? 1 : 0;
    return {
      id,
      name: s.name,
      users,
      count: id === INIT_MM ? 1 : usersHold + s.ownerCount + s.pathCount,
      cpumask: new Uint8Array(n),
      tlbGen: 0,
      nrVmas: s.nrVmas,
      life: s.life,
      countLine: line(),
      usersLine: line(),
      maskLine: line(),
      usersHold: id === INIT_MM ? 0 : usersHold,
      pathCount: s.pathCount,
      pathUsers: s.pathUsers,
      ownerCount: s.ownerCount,
      handedOver: 0,
      handedOverUsers: 0,
    };
  });
  const cpus: Cpu[] = [];
  for (let id = 0; id < n; id++) {
    const curr = inst.curr[id]!;
    const loaded = tasks[curr]!.activeMm;
    if (loaded !== INIT_MM && m.arch.tracksCpumask) mms[loaded]!.cpumask[id] = 1;
    // Fields in the order a step reads them: V8 lays them out so, and with a thousand CPUs taking
    // turns, a step that finds what it needs in the record's first cache lines waits less (a few
    // per cent of a 1024-CPU run).
    cpus.push({
      id,
      online: true,
      preempted: false,
      cont: [],
      prog: inst.prologue[id]!,
      pc: 0,
      clock: 0,
      curr,
      irqsOff: false,
      inbox: [],
      waiting: 0,
      waitUntil: 0,
      loadedMm: loaded,
      isLazy: false,
      prevMm: NONE,
      lazyRef: NONE,
      hazardSlot: NONE,
      mbPending: false,
      measuring: false,
      savedIrqsOff: false,
      loadedGen: 0,
      exitStart: Number.NaN,
      resumeAt: 0,
      slotLine: line(id),
    });
  }
  return { cpus, mms, tasks };
}

/**
 * `records`: what initialRecords(m, inst) returns, or records in that state to build on (the
 * timed run's, reset by worldPool.ts); the world takes them over.
 */
export function createWorld(m: Machine, inst: ScenarioInstance, opts: WorldOptions, records: Records = initialRecords(m, inst)): World {
  const n = m.cpus;
  const { cpus, mms, tasks } = records;
  const w: World = {
    m,
    cpus,
    mms,
    tasks,
    flags: 0,
    metrics: newMetrics(),
    violation: null,
    freedMms: mms.filter((mm) => mm.life === 'freed').length,
    infeasible: null,
    trace: opts.fullTrace ? new ListTrace() : new RingTrace(opts.ringSize ?? 512),
    tl: null,
    timed: true,
    jitter: jitterTable(opts.seed),
    jitterAt: 0,
    dirtyCpus: [],
    nDirtyCpus: 0,
    dirtyEpoch: new Int32Array(n),
    epoch: 0,
    dirtyMms: [],
    nDirtyMms: 0,
    pathMm: inst.victim,
    pathCpu: inst.pathCpu,
    measuredSwitches: 0,
    measuredUntil: 0,
    seq: 0,
    pendingCpu: [],
    pendingEv: [],
    nPending: 0,
  };
  // With no prologue (the context-switch scenario) nothing could run: skip building its queue.
  if (inst.prologue.some((p) => p.length > 0)) runToQuiet(w);
  // The scenario proper starts now, at time 0, with fresh counters.
  w.timed = opts.timed;
  w.metrics = newMetrics();
  w.measuredSwitches = 0;
  w.measuredUntil = 0;
  for (const c of cpus) {
    c.prog = inst.programs[c.id]!;
    c.pc = 0;
    c.clock = 0;
    c.waitUntil = 0;
    c.slotLine.freeAt = 0;
    c.slotLine.busy = 0;
    c.slotLine.measuredBusy = 0;
  }
  for (const mm of mms) {
    for (const l of [mm.countLine, mm.usersLine, mm.maskLine]) {
      l.freeAt = 0;
      l.busy = 0;
      l.measuredBusy = 0;
    }
  }
  for (const p of inst.preempt) {
    const c = cpus[p.cpu]!;
    c.preempted = true;
    c.resumeAt = p.until;
  }
  if (opts.timeline) {
    w.tl = new TimelineRecorder(w, opts.timelineLimit ?? 20000);
    for (const c of cpus) w.tl.observe(c);
  }
  return w;
}

/** Run the current programs on the timed scheduler until nothing is left to do (or a cap). */
export function runToQuiet(w: World, maxSteps = Number.MAX_SAFE_INTEGER): number {
  const cpus = w.cpus;
  const acts = new Int8Array(cpus.length);
  const start = new Float64Array(cpus.length);
  for (const c of cpus) start[c.id] = readyAt(w, c, acts);
  const queue = new CpuQueue(start);
  let steps = 0;
  while (!queue.empty && steps < maxSteps) {
    const id = queue.top();
    execute(w, id, acts[id] as Action);
    steps++;
    const dirty = w.dirtyCpus;
    for (let i = 0, n = w.nDirtyCpus; i < n; i++) {
      const d = dirty[i]!;
      queue.set(d, readyAt(w, cpus[d]!, acts));
    }
  }
  return steps;
}
