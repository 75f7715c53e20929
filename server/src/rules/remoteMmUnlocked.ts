// LMM011 remote-mm-unlocked: another task's ->mm dereferenced without task_lock or a reference.
import { observed } from './observed';
import { makeFinding, stepAt, type Rule } from './rule';

export const remoteMmUnlocked: Rule = {
  id: 'LMM011',
  name: 'remote-mm-unlocked',
  severity: 'error',
  summary: "Another task's ->mm or ->active_mm dereferenced without task_lock, RCU plus a reference, or get_task_mm.",
  docFile: 'remote-mm-unlocked.md',
  check(facts) {
    return observed(facts, 'remote-mm').map((o) =>
      makeFinding(this, facts.fn.name, facts.file.lines, o.node, `${o.task}->mm belongs to another task and is dereferenced without task_lock(${o.task}): the task can exit and free it; use get_task_mm(${o.task}) and mmput() when done`, [
        stepAt(facts.file.lines, o.node, 'use', `${o.task}->mm dereferenced unlocked`),
      ]),
    );
  },
};
