// The canned scenarios of docs/simulator.md. A new one is a module exporting a ScenarioSpec plus a
// line here.
import { churn } from './churn';
import { contextSwitch } from './contextSwitch';
import { exitLazy, exitNoVmas, pvPreempted } from './exit';
import { cpuHotplug } from './hotplug';
import { ioUringSqpoll } from './ioUring';
import type { ScenarioSpec } from './types';

export const SCENARIOS: Readonly<Record<string, ScenarioSpec>> = Object.freeze({
  'context-switch': contextSwitch,
  'exit-lazy': exitLazy,
  churn,
  'io-uring-sqpoll': ioUringSqpoll,
  'cpu-hotplug': cpuHotplug,
  'pv-preempted': pvPreempted,
  'exit-no-vmas': exitNoVmas,
});

export const SCENARIO_NAMES: readonly string[] = Object.freeze(Object.keys(SCENARIOS));

/** The scenario charts and the sweep use unless told otherwise. */
export const DEFAULT_SCENARIO = 'context-switch';
