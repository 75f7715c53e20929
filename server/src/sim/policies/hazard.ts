// Lightweight hazard pointers (Andy Lutomirski, "sched: Use lightweight hazard pointers to grab
// lazy mms", Jan 2022, not merged): a lazy CPU publishes the mm in a per-CPU slot, a local store.
// __mmput() load-acquires the slot of every CPU that may be lazy on the mm (mm_cpumask(), or all
// CPUs where it is not kept: "800 loads") and turns each hit into a real mm_count reference with a
// cmpxchg on the slot, which that CPU drops when it leaves lazy mode. No IPIs.
//
// The scan runs before exit_mmap(): from mm_users == 0 on no CPU can start using the mm lazily,
// and an x86 exit flush that switches lazy CPUs to init_mm would already have trimmed them from
// the cpumask the scan reads.
import { H_LAZY, type CallFn, type Event } from '../events';
import { barrier, countDrop, countGrab, lineRead, lineWrite, thenAll, touchCpu } from '../ops';
import { NONE, type Cpu, type Mm, type World } from '../state';
import type { Policy } from './types';

/** One iteration of the scan in __mmput(): load-acquire a CPU's slot, convert a hit. */
const SCAN_SLOT: CallFn = {
  name: 'hazard-scan',
  kernel: '__mmput(): hazard-pointer scan of one CPU',
  run(w: World, cpu: Cpu, target: number, mmId: number): void {
    const other = w.cpus[target]!;
    const mm = w.mms[mmId]!;
    lineRead(w, cpu, other.slotLine);
    w.metrics.loads++;
    if (other.hazardSlot !== mm.id || other.lazyRef === mm.id) return;
    // cmpxchg() the slot to "you hold a reference now", and take that reference for it.
    lineWrite(w, cpu, other.slotLine, true);
    w.metrics.cmpxchg++;
    countGrab(w, cpu, mm, H_LAZY, other);
    touchCpu(w, other);
  },
};

export const hazard: Policy = {
  name: 'hazard',
  title: 'per-CPU hazard pointers scanned by __mmput()',
  source: 'Lutomirski, "sched: Use lightweight hazard pointers to grab lazy mms" (Jan 2022, seed 001)',
  reliesOnCpumask: false,
  countsLazy: false,
  reachesCandidates: true,
  lazyGrab(w: World, cpu: Cpu, mm: Mm): void {
    // Publish, then a full barrier so a scanner that runs after our mm_users drop sees the slot.
    lineWrite(w, cpu, cpu.slotLine, false);
    cpu.hazardSlot = mm.id;
    barrier(w, cpu);
    touchCpu(w, cpu);
  },
  lazyDrop(w: World, cpu: Cpu, mm: Mm, of: Cpu): void {
    if (of.lazyRef === mm.id) countDrop(w, cpu, mm, H_LAZY, of); // the scan converted it
    lineWrite(w, cpu, of.slotLine, false);
    of.hazardSlot = NONE;
    // Lutomirski's series gives membarrier an explicit barrier instead of the mmdrop() atomic.
    barrier(w, cpu);
    touchCpu(w, of);
  },
  usersGone(w: World, cpu: Cpu, mm: Mm): void {
    const candidates = w.m.arch.candidates(w, mm);
    // One step per slot: the scan is not atomic, CPUs leave and enter lazy mode meanwhile.
    thenAll(w, cpu, candidates.map((i): Event => ({ k: 'call', fn: SCAN_SLOT, arg: i, mm: mm.id })));
    w.tl?.mark(cpu.id, cpu.clock, 'scan', `hazard scan of ${candidates.length} CPUs for ${mm.name}`);
  },
  beforeFree(): void {},
};
