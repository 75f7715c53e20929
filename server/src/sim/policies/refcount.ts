// CONFIG_MMU_LAZY_TLB_REFCOUNT=y, today's default: a lazy CPU holds an mm_count reference, so the
// mm cannot be freed under it. Always safe; costs two atomics on the one shared mm_count line per
// user -> kernel -> user round trip, which is what ping-pongs across sockets.
import { H_LAZY } from '../events';
import { countDrop, countGrab } from '../ops';
import type { Cpu, Mm, World } from '../state';
import type { Policy } from './types';

export const refcount: Policy = {
  name: 'refcount',
  title: 'lazy mm_count refcounting (CONFIG_MMU_LAZY_TLB_REFCOUNT)',
  source: 'kernel/sched/core.c context_switch(), Linux 6.12 default',
  reliesOnCpumask: false,
  countsLazy: true,
  reachesCandidates: false,
  lazyGrab(w: World, cpu: Cpu, mm: Mm): void {
    countGrab(w, cpu, mm, H_LAZY);
  },
  lazyDrop(w: World, cpu: Cpu, mm: Mm, of: Cpu): void {
    // atomic_dec_and_test() is a full barrier: membarrier's kernel -> user barrier comes from here.
    countDrop(w, cpu, mm, H_LAZY, of);
  },
  usersGone(): void {},
  beforeFree(): void {},
};
