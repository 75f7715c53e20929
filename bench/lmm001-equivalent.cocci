// A semantic patch equivalent in scope to LMM001, for the bench's timing comparison: every way
// lazymm takes a reference (mmgrab*, mmget, get_task_mm, mm_access, mm_alloc) followed, on some
// path (exists), by a return with no matching release of that expression in between. Like the
// naive rule it knows nothing of hand-over, NULL checks or helpers; it matches what LMM001 looks
// at, so the time spatch takes is the time of the same search. (mmget_not_zero() in conditions
// is left out: spatch cannot bind "the true branch of" without a rule per shape.)

@r exists@
expression E;
position g, ret;
@@
(
mmgrab@g(E);
|
mmgrab_lazy_tlb@g(E);
|
mmget@g(E);
|
E = get_task_mm@g(...);
|
E = mm_access@g(...);
|
E = mm_alloc@g(...);
)
... when != mmdrop(E)
    when != mmdrop_sched(E)
    when != mmdrop_lazy_tlb(E)
    when != mmdrop_lazy_tlb_sched(E)
    when != mmdrop_async(E)
    when != mmput(E)
    when != mmput_async(E)
(
return@ret ...;
|
return@ret;
)

@script:python depends on r@
g << r.g;
ret << r.ret;
@@
print("LMM001-EQUIVALENT %s:%s: reference not released before the return at line %s" % (g[0].file, g[0].line, ret[0].line))
