// A small helper to write scenarios: init_mm and one idle task per CPU exist from the start (task
// i is CPU i's idle task), and events are appended per CPU to the prologue or the program.
import { type Event, type Holder } from '../events';
import { NONE, type MmLife } from '../state';
import type { MmSpec, ScenarioInstance, TaskSpec } from './types';

export class Builder {
  readonly mms: MmSpec[] = [];
  readonly tasks: TaskSpec[] = [];
  readonly curr: number[] = [];
  readonly prologue: Event[][] = [];
  readonly programs: Event[][] = [];
  readonly preempt: { cpu: number; until: number }[] = [];
  readonly notes: string[] = [];

  constructor(readonly n: number) {
    this.mm('init_mm', { nrVmas: 0 });
    for (let i = 0; i < n; i++) {
      this.tasks.push({ name: `swapper/${i}`, kthread: true, mm: NONE, usersRef: NONE });
      this.curr.push(i);
      this.prologue.push([]);
      this.programs.push([]);
    }
  }

  mm(name: string, opts: { nrVmas?: number; life?: MmLife; ownerCount?: number } = {}): number {
    this.mms.push({ name, nrVmas: opts.nrVmas ?? 8, life: opts.life ?? 'live', ownerCount: opts.ownerCount ?? 0, pathCount: 0, pathUsers: 0 });
    return this.mms.length - 1;
  }

  /** A user thread of `mm`, holding one of its mm_users. */
  thread(name: string, mm: number): number {
    this.tasks.push({ name, kthread: false, mm, usersRef: mm });
    return this.tasks.length - 1;
  }

  kthread(name: string): number {
    this.tasks.push({ name, kthread: true, mm: NONE, usersRef: NONE });
    return this.tasks.length - 1;
  }

  run(cpu: number, task: number): void {
    this.curr[cpu] = task;
  }

  pro(cpu: number, ...events: Event[]): void {
    this.prologue[cpu]!.push(...events);
  }

  main(cpu: number, ...events: Event[]): void {
    this.programs[cpu]!.push(...events);
  }

  /**
   * main(cpu, ...sw(next, work, measured)) without the temporary arrays: the context-switch
   * scenario appends a thousand of these per 1024-CPU machine, and its build counts in every run.
   */
  switchOn(cpu: number, next: number, work: number, measured = false): void {
    const prog = this.programs[cpu]!;
    if (work > 0) prog.push(workFor(work));
    prog.push(switchTo(next, measured), FINISH_TASK_SWITCH);
  }

  done(scenario: string, victim: number, pathCpu: number, throughput: ScenarioInstance['throughput']): ScenarioInstance {
    return {
      scenario,
      mms: this.mms,
      tasks: this.tasks,
      curr: this.curr,
      prologue: this.prologue,
      programs: this.programs,
      preempt: this.preempt,
      victim,
      pathCpu,
      throughput,
      notes: this.notes,
    };
  }
}

/**
 * `work` ns of the rest of a context switch (and whatever led to it), then context_switch() to
 * `next` and its finish_task_switch(). The work is its own step so that the timed scheduler orders
 * the switch, and the shared lines it touches, by when it really happens.
 */
export function sw(next: number, work: number, measured = false): Event[] {
  const events: Event[] = [switchTo(next, measured), FINISH_TASK_SWITCH];
  return work > 0 ? [workFor(work), ...events] : events;
}

// Events are immutable, so programs share them: a 1024-CPU scenario is then a few thousand
// objects, not a hundred thousand, which the sweep's many worlds notice.
const FINISH_TASK_SWITCH: Event = Object.freeze({ k: 'finishTaskSwitch' });
/** Indexed by next * 2 + measured: task ids are small and dense, and an array beats a Map here. */
const switches: (Event | undefined)[] = [];
const works = new Map<number, Event>();
// Scenarios ask for the same work time over and over: the last one skips the Map.
let lastWork: Extract<Event, { k: 'work' }> = Object.freeze({ k: 'work', ns: 0 });

function switchTo(next: number, measured: boolean): Event {
  const key = next * 2 + (measured ? 1 : 0);
  let ev = switches[key];
  if (ev === undefined) switches[key] = ev = Object.freeze({ k: 'switch', next, measured });
  return ev;
}

function workFor(ns: number): Event {
  if (lastWork.ns === ns) return lastWork;
  let ev = works.get(ns) as Extract<Event, { k: 'work' }> | undefined;
  if (ev === undefined) works.set(ns, (ev = Object.freeze({ k: 'work', ns })));
  lastWork = ev;
  return ev;
}

export function drop(mm: number, holder: Holder): Event {
  return { k: 'mmdrop', mm, holder };
}
