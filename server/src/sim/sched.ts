// What can happen next, and making it happen. Each CPU offers up to three actions: handle an IPI
// (IRQs on, something in its inbox), run its next event (continuations first, then its program;
// a wait for IPI acknowledgements, a scenario await or finish_cpu() of a CPU still alive are not
// ready yet), or, for a preempted vCPU, be run again by the host.
// The timed run, the random schedules and the exhaustive explorer differ only in which enabled
// action they pick.
import type { Event } from './events';
import { checkStep } from './invariants';
import { apply } from './kernel';
import { flushPending, touchCpu, work } from './ops';
import { handleIpi } from './smp';
import type { Cpu, World } from './state';

export const ACT_IRQ = 0;
export const ACT_PROG = 1;
export const ACT_RESUME = 2;
export type Action = typeof ACT_IRQ | typeof ACT_PROG | typeof ACT_RESUME;

export function nextEvent(cpu: Cpu): Event | undefined {
  const cont = cpu.cont;
  if (cont.length > 0) return cont[cont.length - 1];
  const pc = cpu.pc;
  return pc < cpu.prog.length ? cpu.prog[pc] : undefined;
}

export function irqReady(cpu: Cpu): boolean {
  // The inbox first: it is almost always empty, so the branch is predictable; whether IRQs are
  // off flips with every switch and finish_task_switch() and would be a coin flip on every step.
  return cpu.inbox.length > 0 && cpu.online && !cpu.preempted && !cpu.irqsOff;
}

export function progReady(w: World, cpu: Cpu): boolean {
  if (!cpu.online || cpu.preempted) return false;
  const ev = nextEvent(cpu);
  if (ev === undefined) return false;
  switch (ev.k) {
    case 'ipiWait':
      return cpu.waiting === 0;
    case 'await':
      return (w.flags & (1 << ev.flag)) !== 0;
    case 'finishCpu':
      // takedown_cpu() waits for the dying CPU before finish_cpu() cleans up after it.
      return !w.cpus[ev.cpu]!.online;
    default:
      return true;
  }
}

/** Bit i set: action i is enabled on this CPU. */
export function enabledMask(w: World, cpu: Cpu): number {
  if (cpu.preempted) return 1 << ACT_RESUME;
  return (irqReady(cpu) ? 1 << ACT_IRQ : 0) | (progReady(w, cpu) ? 1 << ACT_PROG : 0);
}

/**
 * Timed runs: when this CPU's earliest action can start (Infinity: nothing to do), and which
 * action that is (written to acts[cpu.id]; an interrupt wins a tie).
 */
export function readyAt(w: World, cpu: Cpu, acts: Int8Array): number {
  if (cpu.preempted) {
    acts[cpu.id] = ACT_RESUME;
    return cpu.resumeAt > cpu.clock ? cpu.resumeAt : cpu.clock;
  }
  let t = Infinity;
  if (irqReady(cpu)) {
    const at = cpu.inbox[0]!.at;
    t = at > cpu.clock ? at : cpu.clock;
    acts[cpu.id] = ACT_IRQ;
  }
  if (progReady(w, cpu)) {
    // A wait for acknowledgements ends when the last one arrives; anything else starts now.
    const p = cpu.waitUntil > cpu.clock && nextEvent(cpu)!.k === 'ipiWait' ? cpu.waitUntil : cpu.clock;
    if (p < t) {
      t = p;
      acts[cpu.id] = ACT_PROG;
    }
  }
  return t;
}

/**
 * Local work that comes next on this CPU runs now, as steps of their own: it touches nothing
 * shared, so running it early changes no outcome, and the scheduler then orders the CPU by when
 * its next real action starts (and explores fewer interleavings).
 */
function absorbWork(w: World, cpu: Cpu): void {
  const prog = cpu.prog;
  while (cpu.online && !cpu.preempted && cpu.cont.length === 0) {
    const ev = prog[cpu.pc];
    if (ev === undefined || ev.k !== 'work') return;
    cpu.pc++;
    w.metrics.events++;
    w.trace.push(++w.seq, cpu.id, cpu.clock, ev, cpu.curr);
    work(w, cpu, ev.ns);
  }
}

/**
 * One step: run the action, then check the invariants on what it touched. Afterwards
 * w.dirtyCpus lists the CPUs whose enabled actions may have changed.
 */
export function execute(w: World, id: number, act: Action): void {
  const cpu = w.cpus[id]!;
  w.nDirtyCpus = 0;
  w.nDirtyMms = 0;
  w.epoch++;
  w.metrics.events++;
  const seq = ++w.seq;
  if (act === ACT_IRQ) {
    const ipi = cpu.inbox.shift()!;
    w.trace.push(seq, id, ipi.at > cpu.clock ? ipi.at : cpu.clock, ipi, cpu.curr);
    handleIpi(w, cpu, ipi);
  } else if (act === ACT_PROG) {
    const ev = cpu.cont.length > 0 ? cpu.cont.pop()! : cpu.prog[cpu.pc++]!;
    w.trace.push(seq, id, cpu.clock, ev, cpu.curr);
    apply(w, cpu, ev);
  } else {
    cpu.preempted = false;
    if (w.timed && cpu.resumeAt > cpu.clock) cpu.clock = cpu.resumeAt;
    w.trace.push(seq, id, cpu.clock, null, cpu.curr);
  }
  if (w.nPending > 0) flushPending(w);
  absorbWork(w, cpu);
  touchCpu(w, cpu);
  checkStep(w);
  const tl = w.tl;
  if (tl !== null) for (let i = 0; i < w.nDirtyCpus; i++) tl.observe(w.cpus[w.dirtyCpus[i]!]!);
}
