// What each statement and condition does to a path's state, in evaluation order. Hazards met on
// the way are reported as observations; rules decide which of them are findings.
import type { SyntaxNode } from './syntaxNode';
import type { KernelConfig } from '../parse/config';
import type { LineIndex } from '../parse/lineIndex';
import type { Step, StepKind } from '../paths/step';
import { apiEffect, describeKind, isRefCount, type ApiEffect, type ResourceKind } from './apiModel';
import { conditionCore, configTest, leadingIdentifiers, nullTest } from './conditions';
import type { FunctionInfo } from './functions';
import type { Observation } from './observations';
import { stepsOf, withStep, type Held, type PathState } from './pathState';
import type { FunctionPrescan } from './prescan';
import type { EffectLookup } from './summaries';
import { callArgs, calleeName, isObjectField, mentions, normalizeExpr, unwrap } from './syntax';


/** Calls that only print or assert: passing a dropped mm to them reads no memory through it. */
const NON_USES = /^(?:pr_\w+|printk\w*|trace_\w+|WARN\w*|BUG\w*|VM_BUG_ON\w*|VM_WARN\w*|pr_debug|dev_\w+|lockdep_\w+|IS_ERR\w*|PTR_ERR|ERR_CAST|READ_ONCE|WRITE_ONCE|likely|unlikely|sizeof)$/;

/** Names that are never freed, or that the task or a VMA pins: dropping or using them is not our business. */
function isPinned(name: string, pre: FunctionPrescan): boolean {
  if (name.startsWith('&')) return true; // the address of a global mm: init_mm, efi_mm
  if (pre.pinned.has(name) || /->vm_mm$/.test(name)) return true;
  const base = name.split('->')[0]!;
  return pre.currentNames.has(base);
}

/** Calls that store their last argument somewhere that outlives the function. */
const STORE_CALLS = new Set(['WRITE_ONCE', 'rcu_assign_pointer', 'smp_store_release', 'this_cpu_write', '__this_cpu_write', 'xchg', 'per_cpu_write']);

/** Literal values a flag can be set to. */
const CONSTANT = /^(?:true|false|NULL|\d+)$/;

export class Transfer {
  private readonly currentNames: ReadonlySet<string>;

  constructor(
    private readonly fn: FunctionInfo,
    private readonly pre: FunctionPrescan,
    private readonly lookup: EffectLookup,
    private readonly lines: LineIndex,
    private readonly source: string,
    private readonly observe: (o: Observation) => void,
    private readonly config: KernelConfig,
  ) {
    this.currentNames = pre.currentNames;
  }

  step(kind: StepKind, node: SyntaxNode, message: string): Step {
    return { kind, range: this.lines.rangeOf(node.startIndex, node.endIndex), message };
  }

  /** Source text of a node for messages: one line, bounded. */
  show(node: SyntaxNode): string {
    const t = this.source.slice(node.startIndex, node.endIndex).replace(/\s+/g, ' ').trim();
    return t.length > 60 ? `${t.slice(0, 57)}...` : t;
  }

  /** `&init_mm`, or a local pointing at a static mm. */
  private isStatic(name: string): boolean {
    return name.startsWith('&') || this.pre.staticMms.has(name);
  }

  private isLocal(name: string): boolean {
    return this.fn.locals.has(name);
  }

  private find(s: PathState, name: string, kind?: ResourceKind): number {
    return s.held.findIndex((h) => h.names.includes(name) && (kind === undefined || h.kind === kind));
  }

  private acquire(s: PathState, call: SyntaxNode, kind: ResourceKind, target: string, opts: { maybeNull: boolean; fresh: boolean; objectOwned?: boolean }): void {
    if (target === '&init_mm' || target === 'init_mm') return; // init_mm is never freed
    const stepKind: StepKind = kind === 'count' ? 'grab' : kind === 'users' ? 'get' : 'acquire';
    const acquired = this.step(stepKind, call, `${describeKind(kind)} taken by ${this.show(call)}`);
    s.held = s.held.filter((h) => h.site !== call.startIndex);
    s.held.push({ site: call.startIndex, kind, names: [target], everNames: [target], maybeNull: opts.maybeNull, fresh: opts.fresh, objectOwned: opts.objectOwned ?? false, acquired });
    if (s.released.some((r) => r.name === target)) s.released = s.released.filter((r) => r.name !== target);
    s.trail = withStep(s.trail, acquired);
  }

  private handOver(s: PathState, index: number, where: SyntaxNode, how: string): void {
    this.observe({ type: 'handover', site: s.held[index]!.site });
    s.held.splice(index, 1);
    s.trail = withStep(s.trail, this.step('handover', where, `reference handed over: ${how}`));
  }

  /** `name` gets a new value: it no longer names what it did, and what we knew about it is stale. */
  private forget(s: PathState, name: string): void {
    // Replaced only when something goes: most assignments touch nothing a path tracks.
    for (const h of s.held) if (h.names.includes(name)) h.names = h.names.filter((n) => n !== name);
    if (s.released.some((r) => mentions(r.name, name))) s.released = s.released.filter((r) => !mentions(r.name, name));
    if (s.facts.some(([text]) => mentions(text, name))) s.facts = s.facts.filter(([text]) => !mentions(text, name));
  }

  private assign(s: PathState, lhsNode: SyntaxNode, lhs: string, rhsNode: SyntaxNode): void {
    const rhs = unwrap(rhsNode);
    this.forget(s, lhs);
    this.noteMmChange(s, lhsNode, lhs, rhs);
    // `do_put = true;` ... `if (do_put) mmput(mm);`: remember the flag for the later test.
    if (this.pre.repeatedConditions.has(lhs) && CONSTANT.test(rhs.text)) s.facts = [...s.facts, [lhs, !/^(?:false|0|NULL)$/.test(rhs.text)]];
    if (rhs.type === 'call_expression') {
      const effect = this.lookup(calleeName(rhs) ?? '');
      if (effect?.returns) {
        // Stored straight into an object: its owner's reference.
        if (this.isLocal(lhs)) this.acquire(s, rhs, effect.returns, lhs, { maybeNull: true, fresh: true });
        return;
      }
    }
    const source = normalizeExpr(rhs);
    const index = this.find(s, source);
    if (index < 0) return;
    const h = s.held[index]!;
    if (this.isLocal(lhs)) {
      h.names.push(lhs);
      if (!h.everNames.includes(lhs)) h.everNames.push(lhs);
    } else if (isRefCount(h.kind)) {
      this.handOver(s, index, lhsNode, `stored in ${this.show(lhsNode)}`);
    }
  }

  /** Writes to current->mm / ->active_mm need a full barrier after them (membarrier, LMM010). */
  private noteMmChange(s: PathState, lhsNode: SyntaxNode, lhs: string, rhs: SyntaxNode): void {
    const m = /^(.+)->(mm|active_mm)$/.exec(lhs);
    if (!m || !this.currentNames.has(m[1]!)) return;
    if (this.isStatic(normalizeExpr(rhs))) return; // init_mm and friends: boot and idle setup
    const change = this.step('switch', lhsNode, `${lhs} changes here`);
    s.trail = withStep(s.trail, change);
    if (!s.barrier) s.mmChange = change; // a barrier earlier on the path also orders it
    if (m[2] === 'active_mm' && !s.irqsOff) this.observe({ type: 'switch-irqs-on', node: lhsNode.parent ?? lhsNode, what: `${lhs} is changed`, trail: stepsOf(s.trail) });
  }

  /** Applies the effects of an expression, in evaluation order (operands before the operation). */
  effects(s: PathState, node: SyntaxNode): void {
    switch (node.type) {
      case 'function_definition':
      case 'compound_literal_expression':
      case 'comment':
        return;
      case 'assignment_expression': {
        const right = node.childForFieldName('right');
        const left = node.childForFieldName('left');
        if (right) this.effects(s, right);
        if (left && left.type !== 'identifier') this.uses(s, left);
        if (left && right && node.childForFieldName('operator')?.text === '=') this.assign(s, left, normalizeExpr(left), right);
        else if (left) this.forget(s, normalizeExpr(left));
        return;
      }
      case 'update_expression': {
        const arg = node.childForFieldName('argument');
        if (arg) this.forget(s, normalizeExpr(arg));
        return;
      }
      case 'init_declarator': {
        const value = node.childForFieldName('value');
        let name = node.childForFieldName('declarator');
        if (value) this.effects(s, value);
        while (name && name.type !== 'identifier') name = name.childForFieldName('declarator');
        if (value && name) this.assign(s, name, name.text, value);
        return;
      }
      case 'call_expression': {
        const fnNode = node.childForFieldName('function');
        if (fnNode && fnNode.type !== 'identifier') this.effects(s, fnNode);
        for (const a of callArgs(node)) this.effects(s, a);
        this.call(s, node);
        return;
      }
      case 'field_expression':
      case 'pointer_expression':
        this.uses(s, node);
        for (const c of node.namedChildren) this.effects(s, c);
        return;
      default:
        for (const c of node.namedChildren) this.effects(s, c);
    }
  }

  /** A dereference of a name this path already dropped (LMM003), or of another task's mm (LMM011). */
  private uses(s: PathState, node: SyntaxNode): void {
    const n = unwrap(node);
    let base: SyntaxNode | null = null;
    if (n.type === 'field_expression' && n.childForFieldName('operator')?.text === '->') base = n.childForFieldName('argument');
    if (n.type === 'pointer_expression' && n.child(0)?.text === '*') base = n.childForFieldName('argument');
    if (!base) return;
    const name = normalizeExpr(base);
    this.checkUseAfterDrop(s, node, name);
    this.checkRemoteMm(s, node, base);
  }

  private checkUseAfterDrop(s: PathState, node: SyntaxNode, name: string): void {
    const r = s.released.find((x) => x.name === name && x.last);
    if (!r || this.find(s, name) >= 0) return;
    this.observe({ type: 'use-after-drop', node, name, released: r.step, trail: stepsOf(s.trail) });
    s.released = s.released.filter((x) => x !== r); // one report per drop
  }

  /** `t->mm->x` or `mm = t->mm; mm->x` for a looked-up task without task_lock(t). */
  private checkRemoteMm(s: PathState, node: SyntaxNode, base: SyntaxNode): void {
    const b = unwrap(base);
    let task: string | undefined;
    if (b.type === 'field_expression' && /^(mm|active_mm)$/.test(b.childForFieldName('field')?.text ?? '')) {
      task = normalizeExpr(b.childForFieldName('argument')!);
    } else if (b.type === 'identifier') {
      task = this.pre.remoteMmLocals.get(b.text);
    }
    if (!task || !this.pre.remoteTasks.has(task) || s.taskLocked.includes(task)) return;
    this.observe({ type: 'remote-mm', node, task, trail: stepsOf(s.trail) });
  }

  private call(s: PathState, call: SyntaxNode): void {
    const callee = calleeName(call) ?? '';
    const effect = this.lookup(callee);
    const args = callArgs(call);
    if (!effect) {
      if (STORE_CALLS.has(callee) && args.length >= 2) this.storedBy(s, call, callee, args[args.length - 1]!);
      this.passedOn(s, call, callee, args);
      return;
    }
    if (!effect.releases) this.passedOn(s, call, callee, args); // a release twice is LMM002's
    const argNode = effect.arg === undefined ? undefined : args[effect.arg];
    const target = argNode ? normalizeExpr(argNode).replace(/^&(?=\w+$)/, '') : undefined;
    if (effect.irqs === 'off') s.irqsOff = true;
    if (effect.enters) s.atomic = [...s.atomic, effect.enters];
    if (effect.leaves) {
      const i = s.atomic.lastIndexOf(effect.leaves);
      if (i >= 0) s.atomic = [...s.atomic.slice(0, i), ...s.atomic.slice(i + 1)];
    }
    if (effect.irqs === 'on') {
      s.irqsOff = false;
      s.atomic = s.atomic.filter((a) => a !== 'IRQs off');
    }
    if (effect.irqs) s.trail = withStep(s.trail, this.step('irq', call, effect.irqs === 'off' ? 'IRQs disabled here' : 'IRQs may be enabled again here'));
    if (effect.barrier) {
      s.barrier = true;
      s.mmChange = undefined;
      // A reference's grab or drop is its own step already; a bare barrier is one for the simulator,
      // which checks that one follows a change of mm (a patch that drops it then shows a delta).
      if (!effect.acquires && !effect.releases) s.trail = withStep(s.trail, this.step('barrier', call, `full memory barrier: ${callee}()`));
    }
    if (effect.taskLock && target) {
      if (effect.taskLock === 'lock') s.taskLocked = [...s.taskLocked, target];
      else s.taskLocked = s.taskLocked.filter((t) => t !== target);
    }
    const firstArg = args[0] ? normalizeExpr(args[0]) : '';
    if (effect.switchesMm && !s.irqsOff && !this.isStatic(firstArg)) this.observe({ type: 'switch-irqs-on', node: call, what: `${callee}() is called`, trail: stepsOf(s.trail) });
    if (effect.touchesVm && target) this.checkVmAccess(s, call, target);
    if (effect.needsUsers && target && this.find(s, target, 'users') < 0 && !isPinned(target, this.pre)) {
      this.observe({ type: 'use-mm-without-users', node: call, name: target, grabbedHere: this.find(s, target, 'count') >= 0, trail: stepsOf(s.trail) });
    }
    if (!argNode || !target) return;
    if (effect.acquires && !effect.onlyIfTrue) {
      // A reference taken on an object's field (ctx->mm) belongs to that object from the start:
      // tracked for what the path may do with it (LMM004), never reported as leaked.
      const objectOwned = isRefCount(effect.acquires) && isObjectField(argNode, this.currentNames);
      this.acquire(s, call, effect.acquires, target, { maybeNull: false, fresh: false, objectOwned });
    } else if (effect.releases) {
      this.release(s, call, callee, effect, target);
    } else if (effect.lazyHandOver) {
      const i = this.find(s, target, 'count');
      if (i >= 0) this.handOver(s, i, call, `${target} stays loaded lazily: active_mm owns the reference`);
    }
  }

  private release(s: PathState, call: SyntaxNode, callee: string, effect: ApiEffect, target: string): void {
    const kind = effect.releases!;
    if (kind === 'count' && callee === 'mmdrop' && s.atomic.length > 0) {
      this.observe({ type: 'drop-in-atomic', node: call, callee, context: s.atomic[s.atomic.length - 1]!, trail: stepsOf(s.trail) });
    }
    // A helper summarised as releasing its argument may be giving back a reference of its own
    // (mmu_notifier_unregister() drops what mmu_notifier_register() took): it releases only what
    // this function owns, and says nothing about references it cannot see.
    const byHelper = !apiEffect(callee);
    const i = s.held.findIndex((h) => h.names.includes(target) && h.kind === kind && !(byHelper && h.objectOwned));
    if (i >= 0) {
      const held = s.held[i]!;
      s.held.splice(i, 1);
      const step = this.step(kind === 'count' ? 'drop' : kind === 'users' ? 'put' : 'release', call, `${describeKind(kind)} released by ${this.show(call)}`);
      s.trail = withStep(s.trail, step);
      // Only a reference the function created itself (get_task_mm) is known to be the last one.
      if (isRefCount(kind) && this.find(s, target) < 0 && !isPinned(target, this.pre)) s.released = [...s.released, { name: target, kind, step, last: held.fresh }];
      return;
    }
    if (!isRefCount(kind) || byHelper) return;
    const earlier = s.released.find((r) => r.name === target && r.kind === kind);
    // An object's field may hold both counts (vas-api: get_task_mm into the field, then mmgrab, mmput).
    const other = s.held.find((h) => h.names.includes(target) && isRefCount(h.kind) && h.kind !== kind && !h.objectOwned);
    if (earlier) this.observe({ type: 'overdrop', node: call, kind, why: 'double', earlier: earlier.step, trail: stepsOf(s.trail) });
    else if (other) this.observe({ type: 'overdrop', node: call, kind, why: 'wrong-kind', earlier: other.acquired, trail: stepsOf(s.trail) });
    if (!isPinned(target, this.pre) && !earlier) {
      const step = this.step(kind === 'count' ? 'drop' : 'put', call, `${describeKind(kind)} released by ${this.show(call)}`);
      s.trail = withStep(s.trail, step);
      s.released = [...s.released, { name: target, kind, step, last: false }];
    }
  }

  /** `WRITE_ONCE(x->mm, mm)`, `this_cpu_write(ctx.mm, mm)`: a store, so a hand-over. */
  private storedBy(s: PathState, call: SyntaxNode, callee: string, value: SyntaxNode): void {
    const i = this.find(s, normalizeExpr(value));
    if (i >= 0 && isRefCount(s.held[i]!.kind)) this.handOver(s, i, call, `stored by ${callee}()`);
  }

  /** A dropped mm passed to any call but printing and assertions is a use after drop. */
  private passedOn(s: PathState, call: SyntaxNode, callee: string, args: readonly SyntaxNode[]): void {
    if (NON_USES.test(callee) || !s.released.some((r) => r.last)) return;
    for (const a of args) {
      const name = normalizeExpr(a);
      if (s.released.some((r) => r.name === name && r.last)) this.checkUseAfterDrop(s, call, name);
    }
  }

  private checkVmAccess(s: PathState, call: SyntaxNode, target: string): void {
    if (isPinned(target, this.pre) || this.find(s, target, 'users') >= 0) return;
    const grab = s.held.find((h) => h.kind === 'count' && h.names.includes(target));
    if (grab) this.observe({ type: 'vm-without-users', node: call, name: target, grab: grab.acquired, trail: stepsOf(s.trail) });
  }

  /** Effects of a condition, then what its outcome tells us. Returns false when the outcome is impossible on this path. */
  branch(s: PathState, expr: SyntaxNode, taken: boolean): boolean {
    const e = unwrap(expr);
    // `list_for_each_entry(pos, head, member)` read as `while (pos, head, member)`: each turn
    // gives the cursor a new value.
    if (e.type === 'comma_expression') {
      for (const cursor of leadingIdentifiers(e)) this.forget(s, cursor);
    }
    const key = normalizeExpr(expr);
    if (this.pre.repeatedConditions.has(key)) {
      const known = s.facts.find(([k]) => k === key);
      if (known && known[1] !== taken) return false;
      if (!known) s.facts = [...s.facts, [key, taken]];
    }
    const core = conditionCore(e, taken);
    // `if (!IS_ENABLED(CONFIG_MMU_LAZY_TLB_SHOOTDOWN)) return;`: the configuration decides.
    const configured = configTest(core.expr, this.config);
    if (configured !== undefined && configured !== core.taken) return false;
    const effect = e.type === 'call_expression' ? this.lookup(calleeName(e) ?? '') : undefined;
    if (effect?.onlyIfTrue && effect.acquires) {
      for (const a of callArgs(e)) this.effects(s, a);
      const arg = callArgs(e)[effect.arg ?? 0];
      if (taken && arg) this.acquire(s, e, effect.acquires, normalizeExpr(arg), { maybeNull: false, fresh: false });
    } else {
      this.effects(s, e);
    }
    const tested = nullTest(core.expr);
    if (tested) {
      const i = this.find(s, tested.name);
      const h: Held | undefined = s.held[i];
      const isNull = tested.trueMeansNull === core.taken;
      if (h && !h.maybeNull && isNull) return false; // a pointer we hold a reference on is not NULL
      if (h?.maybeNull) {
        if (isNull) s.held.splice(i, 1);
        else h.maybeNull = false;
      }
    }
    s.trail = withStep(s.trail, this.step('branch', e, `assuming '${this.show(e)}' is ${taken ? 'true' : 'false'}`));
    return true;
  }

  /** A return hands over the value it returns. */
  returns(s: PathState, node: SyntaxNode): void {
    const value = node.type === 'return_statement' ? node.namedChildren[0] : undefined;
    if (!value) return;
    this.effects(s, value);
    const name = normalizeExpr(value);
    const i = this.find(s, name);
    if (i >= 0) this.handOver(s, i, value, 'returned to the caller');
    if (s.released.some((r) => r.name === name && r.last)) this.checkUseAfterDrop(s, value, name);
  }
}
