// x86-64 as a KVM guest with paravirtual TLB flushes (kvm_flush_tlb_multi(), arch/x86/kernel/kvm.c):
// a preempted vCPU is taken out of the flush's IPI mask and flagged so the host flushes its TLB
// before it runs again. No guest code runs on it, so a lazy vCPU is not switched off the mm: the
// exit-flush policy's hole (seed 001). IPIs of smp_call_function_many() are not paravirtualised:
// they wait until the vCPU runs, which is what makes a shootdown slow here.
import { FULL_FLUSH } from '../events';
import { spend, transferNs } from '../ops';
import { sendIpis } from '../smp';
import type { Cpu, Mm, World } from '../state';
import type { Arch } from './types';
import { X86_FLUSH, x86, x86FlushTargets } from './x86';

export const x86pv: Arch = {
  ...x86,
  name: 'x86-pv',
  title: 'x86-64 KVM guest: paravirtual flushes skip preempted vCPUs (the host flushes them later)',
  flushMm(w: World, cpu: Cpu, mm: Mm, freedTables: boolean, pages: number): void {
    mm.tlbGen++;
    const ipi: number[] = [];
    for (const t of x86FlushTargets(w, cpu, mm, freedTables)) {
      const target = w.cpus[t]!;
      if (t !== cpu.id && target.preempted) {
        // try_cmpxchg() of KVM_VCPU_FLUSH_TLB into the vCPU's steal-time record, a remote line.
        spend(w, cpu, w.m.costs.atomicNs + transferNs(w.m, t, cpu.id));
        w.metrics.atomics++;
        w.metrics.remoteTransfers++;
        w.metrics.cmpxchg++;
        w.metrics.hostFlushes++;
      } else {
        ipi.push(t);
      }
    }
    sendIpis(w, cpu, ipi, X86_FLUSH, mm, { policy: false, includeSelf: true, arg: freedTables ? FULL_FLUSH : pages });
  },
};
