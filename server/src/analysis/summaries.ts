// Summaries of the functions in one file (or, for a workspace scan, several): a helper that returns
// a referenced mm, or releases its argument, behaves like the kernel API it wraps.
import type { SyntaxNode } from './syntaxNode';
import { apiEffect, type ApiEffect } from './apiModel';
import type { FunctionInfo } from './functions';
import { assignmentParts, callArgs, calleeName, normalizeExpr, unwrap } from './syntax';
import { nodesOfType } from './nodeIndex';

export type EffectLookup = (callee: string) => ApiEffect | undefined;

function paramNames(fn: FunctionInfo): string[] {
  const declarator = fn.node.childForFieldName('declarator');
  const f = declarator?.type === 'function_declarator' ? declarator : declarator?.descendantsOfType('function_declarator')[0];
  return (f?.childForFieldName('parameters')?.namedChildren ?? []).map((p) => {
    let d = p.childForFieldName('declarator');
    while (d && d.type !== 'identifier') d = d.childForFieldName('declarator');
    return d?.text ?? '';
  });
}

/** Locals assigned (or initialised) from a call the lookup says returns a reference. */
function refReturningLocals(body: SyntaxNode, lookup: EffectLookup): Set<string> {
  const out = new Set<string>();
  for (const a of nodesOfType(body, ['assignment_expression', 'init_declarator'])) {
    const parts = assignmentParts(a);
    const value = unwrap(parts.value ?? a);
    if (value.type !== 'call_expression' || !lookup(calleeName(value) ?? '')?.returns) continue;
    if (parts.target) out.add(normalizeExpr(parts.target));
  }
  return out;
}

function summarize(fn: FunctionInfo, lookup: EffectLookup): ApiEffect | undefined {
  const calls = nodesOfType(fn.body, 'call_expression');
  // Releases its parameter: some call releases it and none acquires it.
  const params = paramNames(fn);
  for (let i = 0; i < params.length; i++) {
    const p = params[i];
    if (!p) continue;
    let releases: ApiEffect['releases'];
    let acquires = false;
    for (const c of calls) {
      const e = lookup(calleeName(c) ?? '');
      const arg = e?.arg === undefined ? undefined : callArgs(c)[e.arg];
      if (!e || !arg || normalizeExpr(arg) !== p) continue;
      if (e.releases === 'count' || e.releases === 'users') releases ??= e.releases;
      if (e.acquires) acquires = true;
    }
    if (releases && !acquires) return { releases, arg: i, doc: `releases its argument like ${releases === 'count' ? 'mmdrop' : 'mmput'}() (summary of ${fn.name})` };
  }
  // Returns a reference: `return get_task_mm(t)` or `return mm` where mm came from such a call.
  const locals = refReturningLocals(fn.body, lookup);
  for (const r of nodesOfType(fn.body, 'return_statement')) {
    const v = r.namedChildren[0];
    if (!v) continue;
    const value = unwrap(v);
    const direct = value.type === 'call_expression' ? lookup(calleeName(value) ?? '')?.returns : undefined;
    if (direct) return { returns: direct, doc: `returns an mm with an ${direct === 'users' ? 'mm_users' : 'mm_count'} reference (summary of ${fn.name})` };
    if (locals.has(normalizeExpr(value))) return { returns: 'users', doc: `returns an mm with an mm_users reference, or NULL (summary of ${fn.name})` };
  }
  return undefined;
}

/**
 * Summaries to a fixed point, so a wrapper of a wrapper is understood. The kernel API model
 * always wins over a summary: the definitions of mmgrab() and friends are not re-derived.
 */
export function summarizeFunctions(functions: FunctionInfo[], outer: EffectLookup = apiEffect, deadline = Infinity): Map<string, ApiEffect> {
  const summaries = new Map<string, ApiEffect>();
  const lookup: EffectLookup = (name) => outer(name) ?? summaries.get(name);
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const fn of functions) {
      if (Date.now() > deadline) return summaries; // a refinement: without it the analysis is only less precise
      if (outer(fn.name) || summaries.has(fn.name)) continue;
      const s = summarize(fn, lookup);
      if (s) {
        summaries.set(fn.name, s);
        changed = true;
      }
    }
    if (!changed) break;
  }
  return summaries;
}
