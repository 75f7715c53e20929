// LMM009 switch-with-irqs-on: active_mm changed or the loaded mm switched while IRQs may be on.
import { observed } from './observed';
import { makeFinding, stepAt, type Rule } from './rule';

export const switchWithIrqsOn: Rule = {
  id: 'LMM009',
  name: 'switch-with-irqs-on',
  severity: 'error',
  summary: 'active_mm changed, or switch_mm_irqs_off / enter_lazy_tlb called, while IRQs may be on.',
  docFile: 'switch-with-irqs-on.md',
  check(facts) {
    return observed(facts, 'switch-irqs-on').map((o) =>
      makeFinding(this, facts.fn.name, facts.file.lines, o.node, `${o.what} while IRQs may be on: a TLB-flush IPI can see this CPU half switched; disable IRQs around it (local_irq_disable()) or use a wrapper that does`, [
        ...o.trail.filter((s) => s.kind === 'irq').slice(-3),
        stepAt(facts.file.lines, o.node, 'switch', `${o.what} with IRQs possibly on`),
      ]),
    );
  },
};
