// The naive LMM001 pairing rule that docs/corpus.md measures lazymm against: "mmgrab(mm) ...
// no mmdrop(mm) ... return". On some path (exists) from an mmgrab(E) to a return, with no
// mmdrop(E) in between, report the grab and the return. It knows nothing of hand-over (a field,
// a global, rq->prev_mm), init_mm, mmdrop_lazy_tlb or helpers, which is the point of comparing.
// bench/run.ts counts the distinct grabs it reports ("places") and the grab/return pairs.

@r exists@
expression E;
position g, ret;
@@

mmgrab@g(E);
... when != mmdrop(E)
(
return@ret ...;
|
return@ret;
)

@script:python depends on r@
g << r.g;
ret << r.ret;
E << r.E;
@@

print("LMM001-NAIVE %s:%s: mmgrab(%s) not dropped before the return at line %s" % (g[0].file, g[0].line, E, ret[0].line))
