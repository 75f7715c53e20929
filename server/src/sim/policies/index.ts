// The lazy-TLB policies the simulator knows. A new one is a module implementing Policy plus a line
// here; no other policy changes.
import { exitFlush } from './exitFlush';
import { hazard } from './hazard';
import { refcount } from './refcount';
import { shootdown } from './shootdown';
import type { Policy } from './types';

export const POLICIES: Readonly<Record<string, Policy>> = Object.freeze({
  refcount,
  shootdown,
  hazard,
  'exit-flush': exitFlush,
});

export const POLICY_NAMES: readonly string[] = Object.freeze(Object.keys(POLICIES));
