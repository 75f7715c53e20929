// What a reader should know about an mm-lifetime name under the cursor: which count it changes, what
// that keeps alive, and the rule of thumb. Calls are described from the API model (apiModel.ts, the
// one source of truth); the fields and globals that are not calls have their entries here.
import { API, releaseFor, type ApiEffect, type RefCount } from './apiModel';

export interface NameDoc {
  name: string;
  /** The rule of thumb, one sentence. */
  summary: string;
  /** The reference count it changes, e.g. "mm_count +1". */
  changes?: string;
  keepsAlive?: string;
  /** The call that undoes it. */
  pairedWith?: string;
}

const KEEPS_ALIVE: Record<RefCount, string> = {
  count: 'the struct mm_struct and its PGD, not the address space',
  users: 'the address space: VMAs, page tables, user memory',
};

/** Names that are not calls, described once here. */
const TERMS: ReadonlyMap<string, NameDoc> = new Map(
  [
    {
      name: 'active_mm',
      summary:
        "the mm whose page tables this CPU has loaded: a user task's own mm, or for a kernel thread the previous task's mm borrowed lazily. Do not keep it past the next switch without mmgrab_lazy_tlb(); read another task's only under task_lock()",
      keepsAlive: 'nothing by itself: the lazy-TLB reference (mmgrab_lazy_tlb) does',
    },
    {
      name: 'mm_cpumask',
      summary:
        "the CPUs that may hold TLB entries of this mm. Not maintained on every architecture (arm64) and not always covering lazy CPUs: only arch code may rely on it being complete",
    },
    {
      name: 'mm_users',
      summary: 'users of the address space: mmget(), mmget_not_zero(), get_task_mm() take one, mmput() gives it back; the last mmput() tears the address space down (exit_mmap)',
      keepsAlive: KEEPS_ALIVE.users,
    },
    {
      name: 'mm_count',
      summary: 'references to the struct mm_struct itself; all mm_users together hold one. mmgrab() takes one, mmdrop() gives it back; the last mmdrop() frees the mm (__mmdrop)',
      keepsAlive: KEEPS_ALIVE.count,
    },
  ].map((d) => [d.name, d] as const),
);

const COUNT_NAME: Record<RefCount, string> = { count: 'mm_count', users: 'mm_users' };

function fromApi(name: string, e: ApiEffect): NameDoc {
  const doc: NameDoc = { name, summary: e.doc };
  const taken = e.acquires ?? e.returns;
  if (taken === 'count' || taken === 'users') {
    doc.changes = `${COUNT_NAME[taken]} +1${e.onlyIfTrue ? ' when it returns true' : e.returns ? ' on the mm it returns (none when it returns NULL or an ERR_PTR)' : ''}`;
    doc.keepsAlive = KEEPS_ALIVE[taken];
  } else if (e.releases === 'count' || e.releases === 'users') {
    doc.changes = `${COUNT_NAME[e.releases]} -1`;
  }
  if (taken) doc.pairedWith = name === 'mmgrab_lazy_tlb' ? 'mmdrop_lazy_tlb' : releaseFor(taken);
  return doc;
}

/** The entry for a name the hover may explain, or undefined for any other identifier. */
export function describeName(name: string): NameDoc | undefined {
  const term = TERMS.get(name);
  if (term) return term;
  const effect = API.get(name);
  return effect ? fromApi(name, effect) : undefined;
}
