// The rule registry, in ID order.
import { activeMmEscape } from './activeMmEscape';
import { cpumaskNotPortable } from './cpumaskNotPortable';
import { fieldNeverDropped } from './fieldNeverDropped';
import { kthreadUseMmPairing } from './kthreadUseMmPairing';
import { lazyApiMisuse } from './lazyApiMisuse';
import { membarrierBarrierLost } from './membarrierBarrierLost';
import { mmCountNotUsers } from './mmCountNotUsers';
import { mmRefLeak } from './mmRefLeak';
import { mmRefOverdrop } from './mmRefOverdrop';
import { mmUseAfterDrop } from './mmUseAfterDrop';
import { remoteMmUnlocked } from './remoteMmUnlocked';
import type { Rule } from './rule';
import { switchWithIrqsOn } from './switchWithIrqsOn';
import { suppressionRule } from './suppressions';
import { tlbFlushPairing } from './tlbFlushPairing';

export const RULES: readonly Rule[] = [
  suppressionRule,
  mmRefLeak,
  mmRefOverdrop,
  mmUseAfterDrop,
  mmCountNotUsers,
  activeMmEscape,
  lazyApiMisuse,
  cpumaskNotPortable,
  kthreadUseMmPairing,
  switchWithIrqsOn,
  membarrierBarrierLost,
  remoteMmUnlocked,
  tlbFlushPairing,
  fieldNeverDropped,
];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
