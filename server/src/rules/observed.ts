// Shared by the rules that report an observation of the path explorer: pick one type, one finding per place.
import type { Observation } from '../analysis/observations';
import { dedupe, type FunctionFacts } from './rule';

type Located = Exclude<Observation, { type: 'handover' }>;

export function observed<T extends Located['type']>(facts: FunctionFacts, type: T): Array<Extract<Located, { type: T }>> {
  const hits = facts.flow.observations.filter((o): o is Extract<Located, { type: T }> => o.type === type);
  return dedupe(hits, (o) => String(o.node.startIndex));
}
