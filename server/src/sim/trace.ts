// The step trace a violation carries: which CPU did what, when, and for steps of the annotated
// path, the source range. Recording must cost next to nothing on the hot path, so entries keep
// the event object and a few numbers; words are made only when a violation asks for them.
// Timed and random runs keep the last steps in a ring; the explorer keeps every step of a
// schedule in a persistent list that branches share.
import type { Range } from '../paths/step';
import { EVENT_KERNEL, eventMm, type Event, type Ipi } from './events';
import { NONE, mmName, taskName, type World } from './state';

export interface TraceStep {
  /** 1-based step number in the run. */
  seq: number;
  cpu: number;
  /** Simulated time the step started (ns; 0 in untimed exploration). */
  t: number;
  /** The event kind ("switch", "ipi", "path", ...). */
  event: string;
  /** The kernel function it stands for. */
  kernel: string;
  /** What happened, in words. */
  text: string;
  /** Steps of the annotated path: where in the source, and which step of the path. */
  range?: Range;
  pathStep?: number;
}

/** What was executed: an event, an IPI handler, or (null) a preempted vCPU running again. */
export type Executed = Event | Ipi | null;

export interface Trace {
  /** `aux` is the CPU's current task before the step (what a switch switched away from). */
  push(seq: number, cpu: number, t: number, ev: Executed, aux: number): void;
  /** A copy that later pushes do not affect (the explorer's branches). */
  fork(): Trace;
  /** Become a fork of `from` (a trace of the same kind and size) without allocating a new trace. */
  assign(from: Trace): void;
  steps(w: World): { steps: TraceStep[]; truncated: boolean };
}

/**
 * The last `capacity` steps, in preallocated arrays: the numbers of a step side by side in one
 * Float64Array (seq, cpu, t, aux), so recording a step writes one cache line, not four.
 */
export class RingTrace implements Trace {
  private readonly evs: Executed[];
  private readonly nums: Float64Array;
  private next = 0;
  /** Steps pushed so far; the ring holds the last min(total, capacity). */
  private total = 0;

  constructor(private readonly capacity: number) {
    this.evs = new Array<Executed>(capacity).fill(null);
    this.nums = new Float64Array(capacity * 4);
  }

  push(seq: number, cpu: number, t: number, ev: Executed, aux: number): void {
    const i = this.next;
    this.evs[i] = ev;
    const nums = this.nums;
    const at = i << 2;
    nums[at] = seq;
    nums[at + 1] = cpu;
    nums[at + 2] = t;
    nums[at + 3] = aux;
    this.next = i + 1 === this.capacity ? 0 : i + 1;
    this.total++;
  }

  fork(): Trace {
    const copy = new RingTrace(this.capacity);
    copy.evs.splice(0, this.capacity, ...this.evs);
    copy.nums.set(this.nums);
    copy.next = this.next;
    copy.total = this.total;
    return copy;
  }

  assign(from: Trace): void {
    if (!(from instanceof RingTrace) || from.capacity !== this.capacity) throw new Error('RingTrace.assign: a ring of another size');
    for (let i = 0; i < this.capacity; i++) this.evs[i] = from.evs[i]!;
    this.nums.set(from.nums);
    this.next = from.next;
    this.total = from.total;
  }

  steps(w: World): { steps: TraceStep[]; truncated: boolean } {
    const out: TraceStep[] = [];
    const nums = this.nums;
    const size = Math.min(this.total, this.capacity);
    const start = (this.next - size + this.capacity) % this.capacity;
    for (let k = 0; k < size; k++) {
      const i = (start + k) % this.capacity;
      const at = i << 2;
      out.push(describe(w, nums[at]!, nums[at + 1]!, nums[at + 2]!, this.evs[i]!, nums[at + 3]!));
    }
    return { steps: out, truncated: this.total > size };
  }
}

interface Node {
  prev: Node | null;
  seq: number;
  cpu: number;
  t: number;
  ev: Executed;
  aux: number;
}

/** Every step, as an immutable list: forking is sharing the head. */
export class ListTrace implements Trace {
  constructor(private head: Node | null = null) {}

  push(seq: number, cpu: number, t: number, ev: Executed, aux: number): void {
    this.head = { prev: this.head, seq, cpu, t, ev, aux };
  }

  fork(): Trace {
    return new ListTrace(this.head);
  }

  assign(from: Trace): void {
    if (!(from instanceof ListTrace)) throw new Error('ListTrace.assign: not a ListTrace');
    this.head = from.head;
  }

  steps(w: World): { steps: TraceStep[]; truncated: boolean } {
    const out: TraceStep[] = [];
    for (let n = this.head; n !== null; n = n.prev) out.push(describe(w, n.seq, n.cpu, n.t, n.ev, n.aux));
    return { steps: out.reverse(), truncated: false };
  }
}

function describe(w: World, seq: number, cpu: number, t: number, ev: Executed, aux: number): TraceStep {
  const base = { seq, cpu, t };
  if (ev === null) return { ...base, event: 'resume', kernel: EVENT_KERNEL.resume, text: `vCPU ${cpu} runs again` };
  if (ev.k === 'ipi') {
    return { ...base, event: 'ipi', kernel: ev.handler.kernel, text: `IPI from CPU ${ev.from}: ${ev.handler.kernel} for ${mmName(w, ev.mm)}` };
  }
  const kernel = EVENT_KERNEL[ev.k];
  const step = (text: string): TraceStep => ({ ...base, event: ev.k, kernel, text });
  switch (ev.k) {
    case 'switch': {
      const next = w.tasks[ev.next]!;
      const kind = next.kthread ? 'to a kernel thread: lazy TLB, active_mm handed over' : 'to a user task: switch_mm';
      return step(`context_switch() ${taskName(w, aux)} -> ${next.name} (${kind})`);
    }
    case 'path':
      return { ...base, event: 'path', kernel: ev.op, text: ev.step.message, range: ev.step.range, pathStep: ev.index };
    case 'mmgrab':
    case 'mmdrop':
    case 'mmget':
    case 'mmgetNotZero':
    case 'mmput':
      return step(`${kernel.replace('()', '')}(${mmName(w, ev.mm)})`);
    case 'use':
      return step(`${ev.walk ? 'page-table walk of' : 'dereference of'} ${mmName(w, ev.mm)}`);
    case 'exitMm':
      return step(`exit_mm() in ${taskName(w, aux)}`);
    case 'finishCpu':
    case 'cpuOnline':
      return step(`${kernel} for CPU ${ev.cpu}`);
    case 'work':
      return step(`${Math.round(ev.ns)} ns of other work`);
    case 'signal':
    case 'await':
      return step(`${ev.k} flag ${ev.flag}`);
    case 'ipiSend':
      return step(`IPI to CPU ${ev.to}: ${ev.handler.kernel} for ${mmName(w, ev.mm)}`);
    case 'ipiLocal':
      return step(`${ev.handler.kernel} for ${mmName(w, ev.mm)} on this CPU`);
    case 'ipiWait':
      return step('every IPI acknowledged: the caller goes on');
    case 'call':
      return { ...base, event: 'call', kernel: ev.fn.kernel, text: `${ev.fn.kernel}: CPU ${ev.arg}, ${mmName(w, ev.mm)}` };
    default: {
      // Any other event on an mm reads "<kernel function> on <mm>".
      const mm = eventMm(ev);
      if (mm !== NONE) return step(`${kernel} on ${mmName(w, mm)}`);
      return step(kernel + (aux !== NONE && ev.k === 'kthreadUnuseMm' ? ` in ${taskName(w, aux)}` : ''));
    }
  }
}
