// The cost table and the machine presets. Every default names where it comes from: a published
// figure (the LKML seeds, docs/simulator.md, a kernel comment), or "parameter, swept" when no
// primary source pins it and the charts should be read as a function of it. All times are in ns.

export interface Costs {
  /** A locked read-modify-write on a line this CPU already owns. */
  atomicNs: number;
  /** Moving a cache line between SMT siblings of one core (they share L1/L2). */
  smtTransferNs: number;
  /** Moving a cache line between cores of one socket. */
  sameSocketTransferNs: number;
  /** Moving a cache line across sockets. */
  crossSocketTransferNs: number;
  /** Remote loads a scan keeps in flight at once (1: each load-acquire waits for the previous). */
  loadOverlap: number;
  /** A full barrier (smp_mb) on a line already owned. */
  barrierNs: number;
  /** Sender-side cost of one IPI (writing the interrupt command register, queueing the csd). */
  ipiSendNs: number;
  /** From the send until the target starts the handler. */
  ipiLatencyNs: number;
  /** Interrupt entry, handler dispatch and exit on the target. */
  ipiHandlerNs: number;
  /** Until the waiting sender sees the target's acknowledgement (csd unlock). */
  ipiAckNs: number;
  /** An IPI to an idle CPU first wakes it from its idle state. */
  idleWakeNs: number;
  /** One broadcast TLB invalidation with its completion barrier (arm64 TLBI ...IS + DSB, powerpc tlbie). */
  broadcastFlushNs: number;
  /** Loading another address space: a CR3, TTBR or PID write. */
  switchMmNs: number;
  /** One single-page flush (INVLPG). */
  invlpgNs: number;
  /** Above this many pages a range flush becomes a full flush. */
  invlpgCeiling: number;
  /** The rest of a context switch: scheduler, register state, the pipe wake-up of will-it-scale. */
  contextSwitchNs: number;
  /** Tearing down one VMA's pages and page tables in exit_mmap(). */
  exitMmapPerVmaNs: number;
  /** How long a preempted vCPU stays off its physical CPU (host time slice). */
  vcpuPreemptNs: number;
  /** +/- fraction of seeded noise on local work, so CPUs do not run in lock step. */
  jitter: number;
}

export const DEFAULT_COSTS: Readonly<Costs> = Object.freeze({
  // Parameter, swept: a LOCK-prefixed RMW on a line already in L1 is some 20-60 cycles.
  atomicNs: 20,
  // Parameter, swept: siblings share the core's caches, so a transfer is close to an L2 hit.
  smtTransferNs: 10,
  // Parameter, swept: an L3/mesh cache-to-cache transfer inside one socket.
  sameSocketTransferNs: 60,
  // Parameter, swept: a cross-socket (UPI/Infinity Fabric) cache-to-cache transfer.
  crossSocketTransferNs: 200,
  // Parameter, swept: a load-acquire orders later loads, so the conservative default is no overlap.
  loadOverlap: 1,
  // Parameter, swept: MFENCE/DMB ISH on a quiet pipeline is tens of cycles.
  barrierNs: 20,
  // Parameter, swept. Send + latency + handler + ack = 2 us: the middle of the "x86 IPI round trip
  // ~1-3 us" of docs/simulator.md, which is a secondary-source figure and so is swept, not trusted.
  ipiSendNs: 150,
  ipiLatencyNs: 1000,
  ipiHandlerNs: 700,
  ipiAckNs: 150,
  // Parameter, swept: lazy CPUs are mostly idle, and an IPI must wake them. cpuidle exit latencies
  // run from ~1 us (WFI, C1) to hundreds of us (deep package states); 2 us is a shallow state.
  idleWakeNs: 2000,
  // Parameter, swept: a broadcast invalidation waits for every CPU's acknowledgement in hardware.
  broadcastFlushNs: 1000,
  // Lutomirski (LKML): CR3 writes cost "~1k cycles for two", so ~500 cycles each, ~170 ns at 3 GHz.
  switchMmNs: 170,
  // arch/x86/mm/tlb.c, tlb_single_page_flush_ceiling: "Each single flush is about 100 ns, so this
  // caps the maximum overhead at _about_ 3,000 ns" with a ceiling of 33 pages.
  invlpgNs: 100,
  invlpgCeiling: 33,
  // Parameter, swept: a pipe ping-pong context switch between CPUs on a current x86 server is ~1-2 us.
  contextSwitchNs: 2000,
  // Parameter, swept: unmapping a small VMA and freeing its page tables.
  exitMmapPerVmaNs: 500,
  // Parameter, swept: a host time slice; Lutomirski (seed 001) only says the shootdown "will end up
  // sleeping until they run".
  vcpuPreemptNs: 3_000_000,
  // Parameter: small enough not to change averages, large enough to break ties between CPUs.
  jitter: 0.02,
});

export interface Topology {
  sockets: number;
  coresPerSocket: number;
  threadsPerCore: number;
}

/** A family of machines: how CPUs group into cores and sockets, and its cost table. */
export interface Preset {
  name: string;
  title: string;
  coresPerSocket: number;
  threadsPerCore: number;
  costs: Partial<Costs>;
}

export const PRESETS: Readonly<Record<string, Preset>> = Object.freeze({
  'x86-server': {
    name: 'x86-server',
    title: 'x86-64 server: 2-way SMT, 50 cores per socket (8 sockets make the 800-CPU machine of seeds 000/001)',
    coresPerSocket: 50,
    threadsPerCore: 2,
    costs: {},
  },
  'arm64-server': {
    name: 'arm64-server',
    title: 'arm64 server: no SMT, 100 cores per socket',
    coresPerSocket: 100,
    threadsPerCore: 1,
    costs: {},
  },
  power8: {
    name: 'power8',
    title: 'POWER8: SMT8, 12 cores per socket (16 sockets make the 192-core, 1536-thread machine of Piggin\'s figure)',
    coresPerSocket: 12,
    threadsPerCore: 8,
    costs: {
      // Fitted to one published point: Piggin's 118 M switches/s without lazy refcounting on 1536
      // hardware threads is 77 k/s per thread, ~13 us per switch with eight threads sharing a core.
      // The refcounted figure (about 1 M/s) is then left for the model to produce.
      contextSwitchNs: 13_000,
      // Parameter, swept: 16 sockets in four drawers; most transfers cross a drawer, several hops
      // on the SMP fabric, so a contended line moves far slower than on a 2-socket x86.
      crossSocketTransferNs: 800,
      sameSocketTransferNs: 150,
      smtTransferNs: 20,
    },
  },
});

/** The preset each architecture uses unless the request names one. */
export const ARCH_PRESET: Readonly<Record<string, string>> = Object.freeze({
  x86: 'x86-server',
  'x86-pv': 'x86-server',
  arm64: 'arm64-server',
  'powerpc-radix': 'power8',
});

/** The smallest topology of this shape that holds `cpus` CPUs (the last socket may be partial). */
export function topologyFor(cpus: number, coresPerSocket: number, threadsPerCore: number): Topology {
  const smt = Math.max(1, Math.min(threadsPerCore, cpus));
  const cores = Math.max(1, coresPerSocket);
  return { sockets: Math.max(1, Math.ceil(cpus / (cores * smt))), coresPerSocket: cores, threadsPerCore: smt };
}

export function resolveCosts(preset: Preset | undefined, overrides: Partial<Costs> | undefined): Costs {
  return { ...DEFAULT_COSTS, ...(preset?.costs ?? {}), ...(overrides ?? {}) };
}
