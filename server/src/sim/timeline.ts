// The per-CPU timeline the panel draws: what each CPU was doing (running a user task, lazily
// holding a user mm, in the kernel on init_mm, offline, preempted by the host) and marks for
// references, IPIs, scans and frees. Recorded only when asked for, and bounded.
import { INIT_MM, NONE, type Cpu, type World } from './state';

export type Lane = 'user' | 'lazy' | 'kernel' | 'offline' | 'preempted';
export type MarkKind = 'grab' | 'drop' | 'ipi-send' | 'ipi' | 'scan' | 'flush' | 'free' | 'violation';

export interface TimelineSegment {
  cpu: number;
  from: number;
  to: number;
  lane: Lane;
  /** The loaded mm's name (init_mm included). */
  mm: string;
  task: string;
}

export interface TimelineMark {
  cpu: number;
  t: number;
  kind: MarkKind;
  text: string;
}

export interface Timeline {
  cpus: number;
  end: number;
  segments: TimelineSegment[];
  marks: TimelineMark[];
  /** The limit was reached: later segments and marks were not recorded. */
  truncated: boolean;
}

export class TimelineRecorder {
  private readonly lane: (Lane | null)[];
  private readonly since: Float64Array;
  private readonly mm: Int32Array;
  private readonly task: Int32Array;
  private readonly segments: TimelineSegment[] = [];
  private readonly marks: TimelineMark[] = [];
  private truncated = false;

  constructor(
    private readonly w: World,
    private readonly limit: number,
  ) {
    const n = w.cpus.length;
    this.lane = new Array<Lane | null>(n).fill(null);
    this.since = new Float64Array(n);
    this.mm = new Int32Array(n).fill(NONE);
    this.task = new Int32Array(n).fill(NONE);
  }

  /** After a step: start a new segment where the CPU's lane, loaded mm or task changed. */
  observe(cpu: Cpu): void {
    const lane = laneOf(this.w, cpu);
    const i = cpu.id;
    if (lane === this.lane[i] && cpu.loadedMm === this.mm[i] && cpu.curr === this.task[i]) return;
    this.close(i, cpu.clock);
    this.lane[i] = lane;
    this.since[i] = cpu.clock;
    this.mm[i] = cpu.loadedMm;
    this.task[i] = cpu.curr;
  }

  mark(cpu: number, t: number, kind: MarkKind, text: string): void {
    if (this.marks.length + this.segments.length >= this.limit) {
      this.truncated = true;
      return;
    }
    this.marks.push({ cpu, t, kind, text });
  }

  finish(end: number): Timeline {
    for (let i = 0; i < this.lane.length; i++) this.close(i, end);
    return { cpus: this.lane.length, end, segments: this.segments, marks: this.marks, truncated: this.truncated };
  }

  private close(i: number, t: number): void {
    const lane = this.lane[i];
    if (lane === null || lane === undefined) return;
    if (this.marks.length + this.segments.length >= this.limit) {
      this.truncated = true;
      return;
    }
    if (t > this.since[i]! || this.segments.length === 0) {
      this.segments.push({ cpu: i, from: this.since[i]!, to: t, lane, mm: this.w.mms[this.mm[i]!]?.name ?? 'NULL', task: this.w.tasks[this.task[i]!]?.name ?? '' });
    }
    this.lane[i] = null;
  }
}

function laneOf(w: World, cpu: Cpu): Lane {
  if (!cpu.online) return 'offline';
  if (cpu.preempted) return 'preempted';
  const task = w.tasks[cpu.curr]!;
  if (task.mm !== NONE) return 'user';
  if (cpu.isLazy || (task.activeMm !== INIT_MM && task.activeMm !== NONE)) return 'lazy';
  return 'kernel';
}
