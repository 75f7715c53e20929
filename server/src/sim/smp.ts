// Cross-CPU calls: smp_call_function_many() and on_each_cpu_mask(). A call becomes steps of the
// sending CPU, one per IPI, then the local call, then the wait, so other CPUs interleave with it
// as they do in time; each handler runs as a step of its target when that CPU has IRQs on and is
// running (a preempted vCPU handles it only after the host runs it again).
import type { Event, Ipi, IpiHandler } from './events';
import { spend, thenAll, touchCpu } from './ops';
import { isIdle, type Cpu, type Mm, type World } from './state';

export interface SendOptions {
  /** The lazy-TLB policy sends these (counted as policyIpis), not the architecture's TLB flush. */
  policy: boolean;
  /** The handler also runs on the sender, without an IPI (on_each_cpu_mask()). */
  includeSelf: boolean;
  /** `arg` of the handler (pages to flush, or FULL_FLUSH). */
  arg?: number;
}

/** Queue the call on `from`: an IPI to each other target, the local call, then the wait. */
export function sendIpis(w: World, from: Cpu, targets: readonly number[], handler: IpiHandler, mm: Mm, opts: SendOptions): void {
  const arg = opts.arg ?? 0;
  const steps: Event[] = [];
  let self = false;
  for (const t of targets) {
    if (t === from.id) self = true;
    else steps.push({ k: 'ipiSend', to: t, mm: mm.id, handler, policy: opts.policy, arg });
  }
  const remote = steps.length;
  if (self && opts.includeSelf) steps.push({ k: 'ipiLocal', mm: mm.id, handler, arg });
  if (remote > 0) {
    steps.push({ k: 'ipiWait' });
    w.tl?.mark(from.id, from.clock, 'ipi-send', `${remote} IPI${remote === 1 ? '' : 's'}: ${handler.kernel} for ${mm.name}`);
  }
  thenAll(w, from, steps);
}

/** One IPI leaves: the sender pays for it and will wait for its acknowledgement. */
export function ipiSend(w: World, from: Cpu, ev: Extract<Event, { k: 'ipiSend' }>): void {
  const target = w.cpus[ev.to]!;
  if (!target.online) return; // went offline meanwhile: not in cpu_online_mask any more
  const c = w.m.costs;
  spend(w, from, c.ipiSendNs);
  const ipi: Ipi = { k: 'ipi', from: from.id, mm: ev.mm, handler: ev.handler, at: from.clock + c.ipiLatencyNs, forExit: !Number.isNaN(from.exitStart), arg: ev.arg };
  target.inbox.push(ipi);
  from.waiting++;
  w.metrics.ipis++;
  if (ev.policy) w.metrics.policyIpis++;
  touchCpu(w, target);
}

/** The local call of on_each_cpu_mask(): the handler on the sender, IRQs off, no IPI. */
export function ipiLocal(w: World, cpu: Cpu, ev: Extract<Event, { k: 'ipiLocal' }>): void {
  const saved = cpu.irqsOff;
  cpu.irqsOff = true;
  ev.handler.run(w, cpu, { k: 'ipi', from: cpu.id, mm: ev.mm, handler: ev.handler, at: cpu.clock, forExit: !Number.isNaN(cpu.exitStart), arg: ev.arg });
  cpu.irqsOff = saved;
}

/** All acknowledgements are in (the scheduler runs this only then): time moves to the last one. */
export function ipiWait(w: World, cpu: Cpu): void {
  if (w.timed && cpu.waitUntil > cpu.clock) cpu.clock = cpu.waitUntil;
}

/** A step of the target: run the handler, then acknowledge so the sender can go on. */
export function handleIpi(w: World, cpu: Cpu, ipi: Ipi): void {
  const c = w.m.costs;
  const start = w.timed && ipi.at > cpu.clock ? ipi.at : cpu.clock;
  // A CPU that sat in its idle loop until the IPI came has to wake up first.
  const sleeping = w.timed && isIdle(cpu) && cpu.clock <= ipi.at && cpu.cont.length === 0;
  cpu.clock = start;
  if (sleeping) spend(w, cpu, c.idleWakeNs);
  const saved = cpu.irqsOff;
  cpu.irqsOff = true;
  spend(w, cpu, c.ipiHandlerNs);
  ipi.handler.run(w, cpu, ipi);
  cpu.irqsOff = saved;
  if (ipi.forExit) w.metrics.exitCpuNs += cpu.clock - start;
  w.tl?.mark(cpu.id, start, 'ipi', `${ipi.handler.kernel} (from CPU ${ipi.from})`);
  const sender = w.cpus[ipi.from]!;
  sender.waiting--;
  const ack = cpu.clock + c.ipiAckNs;
  if (ack > sender.waitUntil) sender.waitUntil = ack;
  touchCpu(w, sender);
}
