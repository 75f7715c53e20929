// Shared by the pairing rules (LMM001, LMM008, LMM012): resources still held at a return that the
// function itself owns. A resource the function never gives back, stores or returns on any path
// was taken on behalf of something longer-lived (a list it was inserted in, the caller): that is a
// hand-over we cannot see, not a leak.
import type { ResourceKind } from '../analysis/apiModel';
import type { ExitObservation } from '../analysis/explore';
import type { Held } from '../analysis/pathState';
import type { FunctionFacts } from './rule';

export interface Leak {
  exit: ExitObservation;
  held: Held;
}

/** The function manages this resource itself: created it, gives it back, or hands it over somewhere. */
function owned(facts: FunctionFacts, h: Held, handedOver: ReadonlySet<number>): boolean {
  if (h.objectOwned) return false;
  if (h.fresh || handedOver.has(h.site)) return true;
  const released = facts.pre.releasedNames.get(h.kind);
  return !!released && h.everNames.some((n) => released.has(n.replace(/^&/, '')));
}

/** One leak per (resource, leaking return): the return is where the fix goes. */
export function leaks(facts: FunctionFacts, kinds: readonly ResourceKind[]): Leak[] {
  const out: Leak[] = [];
  const seen = new Set<string>();
  const handedOver = new Set(facts.flow.observations.flatMap((o) => (o.type === 'handover' ? [o.site] : [])));
  for (const exit of facts.flow.exits) {
    for (const held of exit.held) {
      if (!kinds.includes(held.kind) || !owned(facts, held, handedOver)) continue;
      const key = `${held.site}@${exit.node.startIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ exit, held });
    }
  }
  return out;
}
