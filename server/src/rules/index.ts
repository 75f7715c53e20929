// The rule registry, in ID order.
import { mmRefLeak } from './mmRefLeak';
import type { Rule } from './rule';

export const RULES: readonly Rule[] = [mmRefLeak];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
