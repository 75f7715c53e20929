// The event catalogue of docs/simulator.md: what a CPU can do, each event naming the kernel
// function it stands for. Events are data; kernel.ts gives them their meaning, with the policy
// and the architecture plugged in. A scenario is one list of events per CPU, interleaved by the
// scheduler; an event that starts a longer kernel path (the last mmput()) leaves the rest as
// continuation events on its CPU, so an IPI wait or another CPU can come in between.
import type { Step } from '../paths/step';
import { NONE, type Cpu, type World } from './state';

/** Who a reference belongs to, for invariant 2's ledger: one of these, or a task id (>= 0). */
export const H_PATH = -2;
export const H_OWNER = -3;
export const H_USERS = -4;
/** The CPU's lazy use of the mm (Cpu.lazyRef). */
export const H_LAZY = -5;
export type Holder = number;

/** What an annotated-path step does, after mapping (scenarios/path.ts). */
export type PathOp =
  | 'grab'
  | 'grabLazy'
  | 'drop'
  | 'dropLazy'
  | 'get'
  | 'getNotZero'
  | 'put'
  | 'kthreadUse'
  | 'kthreadUnuse'
  | 'handover'
  | 'setActiveMm'
  | 'setMm'
  | 'switchMm'
  | 'enterLazy'
  | 'irqOff'
  | 'irqOn'
  | 'barrier'
  | 'use'
  | 'useActive'
  | 'walk'
  | 'cpumaskSet'
  | 'cpumaskClear'
  | 'flush'
  | 'note';

export type Event =
  | { k: 'switch'; next: number; measured: boolean }
  | { k: 'finishTaskSwitch' }
  | { k: 'mmgrab'; mm: number; holder: Holder }
  | { k: 'mmdrop'; mm: number; holder: Holder }
  | { k: 'mmgrabLazy'; mm: number }
  | { k: 'mmdropLazy'; mm: number }
  | { k: 'mmget'; mm: number; holder: Holder }
  | { k: 'mmgetNotZero'; mm: number; holder: Holder; elsePc: number }
  | { k: 'mmput'; mm: number; holder: Holder }
  | { k: 'mmputFinal'; mm: number }
  | { k: 'mmputDone'; mm: number }
  | { k: 'exitMm' }
  | { k: 'exitMmap'; mm: number }
  | { k: 'mmdropFinal'; mm: number }
  | { k: 'mmFree'; mm: number }
  | { k: 'mmAlloc'; mm: number }
  | { k: 'execMmap'; mm: number }
  | { k: 'kthreadUseMm'; mm: number }
  | { k: 'kthreadUnuseMm' }
  | { k: 'flushTlbMm'; mm: number; pages: number }
  | { k: 'cpuOffline' }
  | { k: 'finishCpu'; cpu: number }
  | { k: 'cpuOnline'; cpu: number }
  | { k: 'irqOff' }
  | { k: 'irqOn' }
  | { k: 'barrier' }
  | { k: 'use'; mm: number; walk: boolean }
  | { k: 'cpumaskSet'; mm: number }
  | { k: 'cpumaskClear'; mm: number }
  | { k: 'work'; ns: number }
  | { k: 'signal'; flag: number }
  | { k: 'await'; flag: number }
  | { k: 'path'; op: PathOp; step: Step; index: number }
  | { k: 'pathEnd' }
  // Cross-CPU calls, one step each so other CPUs interleave with them (smp.ts).
  | { k: 'ipiSend'; to: number; mm: number; handler: IpiHandler; policy: boolean; arg: number }
  | { k: 'ipiLocal'; mm: number; handler: IpiHandler; arg: number }
  | { k: 'ipiWait' }
  // One step of a policy's or an architecture's longer loop (the hazard-pointer scan).
  | { k: 'call'; fn: CallFn; arg: number; mm: number };

export type EventKind = Event['k'];

/**
 * The mm an event acts on, or NONE. Every event that acts on one carries it as `mm`, so the
 * answer comes from the event's shape, not from a list of kinds to keep in step with the union:
 * the explorer's reduction (which CPUs can meet) and the trace's wording both ask this.
 */
export function eventMm(ev: Event): number {
  return 'mm' in ev ? ev.mm : NONE;
}

/** An IPI on its way to a CPU; handling it is a step of the target. */
export interface Ipi {
  k: 'ipi';
  from: number;
  mm: number;
  handler: IpiHandler;
  /** When it can be handled (timed runs). */
  at: number;
  /** Sent while the sender runs an __mmput(): its handler time counts towards the exit's cost. */
  forExit: boolean;
  /** Handler argument: pages to flush (FULL_FLUSH for all). */
  arg: number;
}

/** flush_tlb_mm()-style flush of everything (TLB_FLUSH_ALL). */
export const FULL_FLUSH = -1;

/** A step a policy or an architecture schedules on a CPU; `arg` is typically another CPU. */
export interface CallFn {
  name: string;
  kernel: string;
  run(w: World, cpu: Cpu, arg: number, mm: number): void;
}

export interface IpiHandler {
  name: string;
  /** The kernel function the handler stands for. */
  kernel: string;
  run(w: World, cpu: Cpu, ipi: Ipi): void;
}

/** The kernel function each event stands for: shown in traces, the panel and the CLI. */
export const EVENT_KERNEL: Readonly<Record<EventKind | 'ipi' | 'resume', string>> = Object.freeze({
  switch: 'context_switch()',
  finishTaskSwitch: 'finish_task_switch()',
  mmgrab: 'mmgrab()',
  mmdrop: 'mmdrop()',
  mmgrabLazy: 'mmgrab_lazy_tlb()',
  mmdropLazy: 'mmdrop_lazy_tlb()',
  mmget: 'mmget()',
  mmgetNotZero: 'mmget_not_zero()',
  mmput: 'mmput()',
  mmputFinal: '__mmput()',
  mmputDone: 'return from __mmput()',
  exitMm: 'exit_mm()',
  exitMmap: 'exit_mmap()',
  mmdropFinal: '__mmdrop()',
  mmFree: 'free_mm() at the end of __mmdrop()',
  mmAlloc: 'mm_alloc() / dup_mm()',
  execMmap: 'exec_mmap()',
  kthreadUseMm: 'kthread_use_mm()',
  kthreadUnuseMm: 'kthread_unuse_mm()',
  flushTlbMm: 'flush_tlb_mm()',
  cpuOffline: 'idle_task_exit()',
  finishCpu: 'finish_cpu() (CPU hotplug teardown)',
  cpuOnline: 'bringup_cpu() / secondary_start_kernel()',
  irqOff: 'local_irq_disable()',
  irqOn: 'local_irq_enable()',
  barrier: 'smp_mb()',
  use: 'a dereference of the mm',
  cpumaskSet: 'cpumask_set_cpu(cpu, mm_cpumask(mm))',
  cpumaskClear: 'cpumask_clear_cpu(cpu, mm_cpumask(mm))',
  work: 'other work (user code, the rest of the kernel)',
  signal: 'scenario ordering',
  await: 'scenario ordering',
  path: 'the annotated path',
  pathEnd: 'return from the annotated function',
  ipiSend: 'smp_call_function_many(): send one IPI',
  ipiLocal: 'on_each_cpu_mask(): the local call',
  ipiWait: 'smp_call_function_many(): wait for the acknowledgements',
  call: 'a step of a longer kernel loop',
  ipi: 'IPI handler (smp_call_function_many())',
  resume: 'the host runs the preempted vCPU again',
});
