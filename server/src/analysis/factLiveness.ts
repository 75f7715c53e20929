// Which remembered condition outcomes (PathState.facts) can still be read after each CFG node. A
// fact is read only where a condition with its key is tested again (Transfer.branch), so once no
// such test is reachable it can no longer tell two paths apart: the explorer leaves it out of the
// merge key, and paths that differ in dead facts alone are merged. Exact, since nothing else reads
// facts; on functions with many repeated flag tests (io_uring_create, copy_process,
// kvmhv_vcpu_entry_p9) dead facts had multiplied the paths explored tenfold.
import type { Cfg } from './cfg';
import { normalizeExpr } from './syntax';

/** Whether the fact `key` may still be read from `node` on: a condition with that key is reachable from it. */
export type FactLiveness = (node: number, key: string) => boolean;

export function factLiveness(cfg: Cfg, repeated: ReadonlySet<string>): FactLiveness | undefined {
  if (repeated.size === 0) return undefined;
  const index = new Map([...repeated].map((k, i) => [k, i]));
  const words = Math.ceil(index.size / 32);
  const n = cfg.nodes.length;
  const live = new Uint32Array(n * words);
  const preds: number[][] = Array.from({ length: n }, () => []);
  for (const node of cfg.nodes) {
    for (const s of node.succ) preds[s]!.push(node.id);
    if (node.kind !== 'cond' || !node.ast) continue;
    const i = index.get(normalizeExpr(node.ast));
    if (i !== undefined) live[node.id * words + (i >>> 5)]! |= 1 << (i & 31);
  }
  // Backward: live(n) = tested at n, or live at a successor. Sets only grow, so a worklist ends.
  const work = cfg.nodes.map((x) => x.id);
  const queued = new Uint8Array(n).fill(1);
  while (work.length > 0) {
    const id = work.pop()!;
    queued[id] = 0;
    for (const p of preds[id]!) {
      let changed = false;
      for (let w = 0; w < words; w++) {
        const merged = live[p * words + w]! | live[id * words + w]!;
        if (merged !== live[p * words + w]) {
          live[p * words + w] = merged;
          changed = true;
        }
      }
      if (changed && !queued[p]) {
        queued[p] = 1;
        work.push(p);
      }
    }
  }
  return (node, key) => {
    const i = index.get(key);
    return i !== undefined && ((live[node * words + (i >>> 5)]! >>> (i & 31)) & 1) === 1;
  };
}
