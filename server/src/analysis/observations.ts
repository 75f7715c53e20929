// What the path explorer reports besides the state at each return: hazards met on the way, which
// the rules turn into findings, and hand-overs, which decide who owns a reference.
import type { SyntaxNode } from './syntaxNode';
import type { Step } from '../paths/step';
import type { AtomicContext, RefCount } from './apiModel';

export type Observation =
  | { type: 'overdrop'; node: SyntaxNode; kind: RefCount; why: 'double' | 'wrong-kind'; earlier?: Step; trail: Step[] }
  | { type: 'use-after-drop'; node: SyntaxNode; name: string; released: Step; trail: Step[] }
  | { type: 'vm-without-users'; node: SyntaxNode; name: string; grab: Step; trail: Step[] }
  | { type: 'drop-in-atomic'; node: SyntaxNode; callee: string; context: AtomicContext; trail: Step[] }
  | { type: 'use-mm-without-users'; node: SyntaxNode; name: string; grabbedHere: boolean; trail: Step[] }
  | { type: 'switch-irqs-on'; node: SyntaxNode; what: string; trail: Step[] }
  | { type: 'remote-mm'; node: SyntaxNode; task: string; trail: Step[] }
  | { type: 'handover'; site: number };
