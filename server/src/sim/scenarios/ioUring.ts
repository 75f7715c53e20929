// io_uring SQPOLL in the kthread_use_mm() style: the ring context holds an mm_count reference
// (mmgrab at setup); the poller kthread takes mm_users with mmget_not_zero() for each batch, adopts
// the mm with kthread_use_mm(), copies from user memory, and lets go again. Meanwhile the process's
// threads switch through idle and exit; the context is freed (mmdrop) after the poller stopped.
import { H_OWNER, type Event } from '../events';
import { Builder, sw } from './builder';
import { embedPath } from './path';
import type { BuildContext, ScenarioInstance, ScenarioSpec } from './types';

const SQ_DONE = 0;

function build(ctx: BuildContext): ScenarioInstance {
  const n = ctx.cpus;
  const b = new Builder(n);
  const first = ctx.path ? 1 : 0;
  const rounds = Math.max(1, Math.floor(ctx.params.rounds ?? (ctx.purpose === 'explore' ? 1 : 4)));
  const W = ctx.costs.contextSwitchNs;
  const proc = b.mm('app', { nrVmas: 10, ownerCount: 1 });
  const sqCpu = first;
  const poller = b.kthread('iou-sqp');
  b.run(sqCpu, poller);
  const sq: Event[] = [];
  const endIndex = rounds * 6;
  for (let r = 0; r < rounds; r++) {
    sq.push(
      { k: 'mmgetNotZero', mm: proc, holder: poller, elsePc: endIndex },
      { k: 'kthreadUseMm', mm: proc },
      { k: 'use', mm: proc, walk: true },
      { k: 'kthreadUnuseMm' },
      { k: 'mmput', mm: proc, holder: poller },
      { k: 'work', ns: W },
    );
  }
  sq.push({ k: 'signal', flag: SQ_DONE });
  b.main(sqCpu, ...sq);
  const threadCpus: number[] = [];
  for (let cpu = first + 1; cpu < n; cpu++) threadCpus.push(cpu);
  if (threadCpus.length === 0) threadCpus.push(sqCpu); // one CPU: the app thread shares it
  for (const cpu of threadCpus) {
    const t = b.thread(`app/${cpu}`, proc);
    if (cpu !== sqCpu) b.run(cpu, t);
    const loop: Event[] = cpu === sqCpu ? [...sw(t, W)] : [];
    for (let r = 0; r < rounds; r++) loop.push(...sw(cpu, W), ...sw(t, W));
    loop.push({ k: 'exitMm' }, ...sw(cpu, 0));
    b.main(cpu, ...loop);
  }
  // io_ring_ctx_free(): the ring's reference goes once the poller is done.
  b.main(threadCpus[threadCpus.length - 1]!, { k: 'await', flag: SQ_DONE }, { k: 'mmdrop', mm: proc, holder: H_OWNER });
  embedPath(b, ctx, proc);
  return b.done('io-uring-sqpoll', proc, ctx.path ? 0 : -1, null);
}

export const ioUringSqpoll: ScenarioSpec = {
  name: 'io-uring-sqpoll',
  title: 'io_uring SQPOLL (kthread_use_mm)',
  description: 'A poller kthread adopts the process mm with kthread_use_mm() per batch while the process runs and exits.',
  throughputUnit: null,
  minCpus: 1,
  build,
};
