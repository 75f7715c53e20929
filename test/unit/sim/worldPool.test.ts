// The timed runs' reused records (worldPool.ts) against the reference, records built afresh:
// whatever the runs before did to them, a reset leaves them field for field as initialRecords()
// builds them, and a run on them gives the result a run on fresh records gives.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ARCHS } from '../../../server/src/sim/archs';
import { PRESETS, resolveCosts, topologyFor } from '../../../server/src/sim/costs';
import { POLICIES, POLICY_NAMES } from '../../../server/src/sim/policies';
import { finish, makeMachine, runTimed } from '../../../server/src/sim/run';
import { SCENARIOS, SCENARIO_NAMES } from '../../../server/src/sim/scenarios';
import { pathProgram } from '../../../server/src/sim/scenarios/path';
import { createWorld, initialRecords, runToQuiet } from '../../../server/src/sim/world';
import { reusedRecords } from '../../../server/src/sim/worldPool';
import { path as steps } from './steps';

const costs = resolveCosts(PRESETS['x86-server']!, {});
const LEAK = pathProgram(steps(['grab', 'mm_count reference taken by mmgrab(mm)'], ['use', 'mm used here']));

describe('worldPool', () => {
  test('reused records are reset to what initialRecords() builds, after runs that changed them', () => {
    for (const scenario of SCENARIO_NAMES) {
      for (const path of [null, LEAK]) {
        const cpus = 5;
        const inst = SCENARIOS[scenario]!.build({ cpus, params: {}, costs, purpose: 'timed', path });
        for (const arch of ['x86', 'arm64'] as const) {
          const first = reusedRecords(makeMachine(cpus, topologyFor(cpus, 2, 2), ARCHS[arch], POLICIES.refcount!, costs), inst);
          for (const policy of POLICY_NAMES) {
            const m = makeMachine(cpus, topologyFor(cpus, 2, 2), ARCHS[arch], POLICIES[policy]!, costs);
            runTimed(m, inst, { seed: 3 });
            const label = `${scenario}${path ? ' with a path' : ''} on ${arch} after ${policy}`;
            const again = reusedRecords(m, inst);
            // The same objects (that is the point), holding what fresh ones would.
            assert.equal(again.cpus[0], first.cpus[0], label);
            assert.deepEqual(again, initialRecords(m, inst), label);
          }
        }
      }
    }
  });

  test('a timed run on reused records gives what a run on fresh records gives', () => {
    for (const scenario of SCENARIO_NAMES) {
      const cpus = 6;
      const inst = SCENARIOS[scenario]!.build({ cpus, params: {}, costs, purpose: 'timed', path: LEAK });
      for (const policy of POLICY_NAMES) {
        for (const arch of ['x86', 'x86-pv', 'arm64', 'powerpc-radix'] as const) {
          const m = makeMachine(cpus, topologyFor(cpus, 2, 2), ARCHS[arch], POLICIES[policy]!, costs);
          const fresh = createWorld(m, inst, { seed: 9, timed: true, fullTrace: false, ringSize: 64, timeline: true });
          runToQuiet(fresh);
          const expected = finish(fresh, inst);
          const reused = runTimed(m, inst, { seed: 9, traceSteps: 64, timeline: true });
          assert.deepEqual(reused, expected, `${scenario} ${policy}/${arch}`);
        }
      }
    }
  });
});
