// LMM012 tlb-flush-pairing: tlb_gather_mmu*(&tlb, ...) / inc_tlb_flush_pending(mm) not ended by
// tlb_finish_mmu(&tlb) / dec_tlb_flush_pending(mm) on some path, in a function that ends it on
// at least one path.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { findingsOf, linesOf, steps, summary } from './util';

const unpaired = (src: string) => linesOf(src, 'LMM012');

describe('LMM012 tlb-flush-pairing: flags', () => {
  test('an early return between tlb_gather_mmu and tlb_finish_mmu, with the path', async () => {
    const src = `static int zap_range_sketch(struct vm_area_struct *vma, unsigned long start, unsigned long end)
{
	struct mmu_gather tlb;

	tlb_gather_mmu(&tlb, vma->vm_mm);
	if (!vma_is_anonymous(vma))
		return -EINVAL;
	unmap_range(&tlb, vma, start, end);
	tlb_finish_mmu(&tlb);
	return 0;
}
`;
    const findings = await findingsOf(src, 'LMM012');
    assert.equal(findings.length, 1);
    const f = findings[0]!;
    assert.equal(f.severity, 'warning');
    assert.equal(f.range.start.line + 1, 7);
    assert.match(f.message, /^tlb_gather_mmu\(&tlb, vma->vm_mm\) at line 5 is not ended on this path/);
    assert.match(f.message, /call tlb_finish_mmu\(\) before returning$/);
    assert.deepEqual(steps(f), [
      ['acquire', 5],
      ['branch', 6],
      ['exit', 7],
    ]);
  });

  test('inc_tlb_flush_pending with a goto past dec_tlb_flush_pending', async () => {
    const src = `static int change_prot_sketch(struct mm_struct *mm, unsigned long addr, pgprot_t prot)
{
	int ret;

	inc_tlb_flush_pending(mm);
	ret = walk_and_protect(mm, addr, prot);
	if (ret < 0)
		goto out;
	flush_tlb_range_mm(mm, addr);
	dec_tlb_flush_pending(mm);
out:
	return ret;
}
`;
    const findings = await findingsOf(src, 'LMM012');
    assert.deepEqual(
      findings.map((f) => f.range.start.line + 1),
      [12],
    );
    assert.match(findings[0]!.message, /call dec_tlb_flush_pending\(\) before returning$/);
  });

  test('exit_mmap returning early when there are no VMAs', async () => {
    const src = `static void exit_mmap_sketch(struct mm_struct *mm)
{
	struct mmu_gather tlb;

	tlb_gather_mmu_fullmm(&tlb, mm);
	if (!mm->map_count)
		return;
	unmap_all(&tlb, mm);
	free_pgtables_all(&tlb, mm);
	tlb_finish_mmu(&tlb);
}
`;
    assert.deepEqual(await unpaired(src), [7]);
  });

  test('a return out of a loop that gathers per range (MADV_FREE)', async () => {
    const src = `static int madvise_free_ranges(struct mm_struct *mm, struct range *r, int n)
{
	struct mmu_gather tlb;
	int i;

	for (i = 0; i < n; i++) {
		tlb_gather_mmu(&tlb, mm);
		if (fatal_signal_pending(current))
			return -EINTR;
		free_range(&tlb, &r[i]);
		tlb_finish_mmu(&tlb);
	}
	return 0;
}
`;
    assert.deepEqual(await unpaired(src), [9]);
  });

  test('a switch default that returns with the flush pending', async () => {
    const src = `static int pte_batch_op(struct mm_struct *mm, int op)
{
	inc_tlb_flush_pending(mm);
	switch (op) {
	case OP_CLEAR:
		clear_ptes(mm);
		break;
	default:
		return -EOPNOTSUPP;
	}
	dec_tlb_flush_pending(mm);
	return 0;
}
`;
    assert.deepEqual(await unpaired(src), [9]);
  });

  test('tlb_gather_mmu_vma with a failed trylock (hugetlb unshare)', async () => {
    const src = `static int hugetlb_unshare_sketch(struct vm_area_struct *vma)
{
	struct mmu_gather tlb;

	tlb_gather_mmu_vma(&tlb, vma);
	if (!take_locks(vma))
		return -EAGAIN;
	unshare_pmds(&tlb, vma);
	drop_locks(vma);
	tlb_finish_mmu(&tlb);
	return 0;
}
`;
    assert.deepEqual(await unpaired(src), [7]);
  });
});

describe('LMM012 tlb-flush-pairing: stays quiet on', () => {
  test('gather, unmap, finish (all rules quiet)', async () => {
    const src = `static void zap_vma_sketch(struct vm_area_struct *vma)
{
	struct mmu_gather tlb;

	lru_add_drain();
	tlb_gather_mmu(&tlb, vma->vm_mm);
	unmap_single_vma(&tlb, vma);
	tlb_finish_mmu(&tlb);
}
`;
    assert.deepEqual(await summary(src), []);
  });

  test('a gather started for the caller, never finished here', async () => {
    const src = `static void begin_batch(struct batch *b, struct mm_struct *mm)
{
	tlb_gather_mmu(&b->tlb, mm);
	b->active = true;
}
`;
    assert.deepEqual(await unpaired(src), []);
  });

  test('inc/dec through goto unwinding', async () => {
    const src = `static int move_ptes_sketch(struct mm_struct *mm, unsigned long old, unsigned long new)
{
	int ret;

	inc_tlb_flush_pending(mm);
	ret = move_range(mm, old, new);
	if (ret)
		goto out;
	flush_tlb_range_mm(mm, old);
out:
	dec_tlb_flush_pending(mm);
	return ret;
}
`;
    assert.deepEqual(await unpaired(src), []);
  });

  test('a flag set when the gather starts and tested before the finish', async () => {
    const src = `static void reclaim_range(struct mm_struct *mm, bool batch)
{
	struct mmu_gather tlb;
	bool gathered = false;

	if (batch) {
		tlb_gather_mmu(&tlb, mm);
		gathered = true;
	}
	reclaim_pages(mm);
	if (gathered)
		tlb_finish_mmu(&tlb);
}
`;
    assert.deepEqual(await unpaired(src), []);
  });

  test('a loop that finishes before continue', async () => {
    const src = `static void free_ranges(struct mm_struct *mm, struct range *r, int n)
{
	struct mmu_gather tlb;
	int i;

	for (i = 0; i < n; i++) {
		tlb_gather_mmu(&tlb, mm);
		if (range_empty(&r[i])) {
			tlb_finish_mmu(&tlb);
			continue;
		}
		free_range(&tlb, &r[i]);
		tlb_finish_mmu(&tlb);
	}
}
`;
    assert.deepEqual(await unpaired(src), []);
  });

  test('an early return before the gather starts', async () => {
    const src = `static void exit_mmap_ok(struct mm_struct *mm)
{
	struct mmu_gather tlb;

	if (!mm->map_count)
		return;
	tlb_gather_mmu_fullmm(&tlb, mm);
	unmap_all(&tlb, mm);
	tlb_finish_mmu(&tlb);
}
`;
    assert.deepEqual(await unpaired(src), []);
  });
});
