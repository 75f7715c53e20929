// SPDX-License-Identifier: GPL-2.0
/*
 * A context switch with lazy TLB, in the shape of kernel/sched/core.c, written for lazymm's
 * examples. The four transitions: kernel->kernel hands active_mm over, user->kernel grabs it
 * lazily, kernel->user leaves it in rq->prev_mm for finish_task_switch() to drop, user->user
 * switches. __schedule() calls it with IRQs off and the runqueue lock held, which is what makes
 * the active_mm updates and switch_mm_irqs_off() safe. No lazy-mm hazard here: lazymm stays quiet.
 */
#include <linux/sched.h>
#include <linux/sched/mm.h>

static __always_inline struct rq *
context_switch(struct rq *rq, struct task_struct *prev,
	       struct task_struct *next, struct rq_flags *rf)
{
	prepare_task_switch(rq, prev, next);

	if (!next->mm) {				/* to kernel */
		enter_lazy_tlb(prev->active_mm, next);

		next->active_mm = prev->active_mm;
		if (prev->mm)				/* from user */
			mmgrab_lazy_tlb(prev->active_mm);
		else
			prev->active_mm = NULL;
	} else {					/* to user */
		membarrier_switch_mm(rq, prev->active_mm, next->mm);
		switch_mm_irqs_off(prev->active_mm, next->mm, next);
		lru_gen_use_mm(next->mm);

		if (!prev->mm) {			/* from kernel */
			rq->prev_mm = prev->active_mm;
			prev->active_mm = NULL;
		}
	}

	switch_to(prev, next, prev);
	barrier();

	return finish_task_switch(prev);
}

static struct rq *finish_task_switch(struct task_struct *prev)
	__releases(rq->lock)
{
	struct rq *rq = this_rq();
	struct mm_struct *mm = rq->prev_mm;

	rq->prev_mm = NULL;
	finish_lock_switch(rq);

	if (mm) {
		membarrier_mm_sync_core_before_usermode(mm);
		mmdrop_lazy_tlb_sched(mm);
	}
	return rq;
}

static void __sched __schedule(struct rq *rq, struct task_struct *next)
{
	struct task_struct *prev = rq->curr;
	struct rq_flags rf;

	local_irq_disable();
	rq_lock(rq, &rf);
	if (likely(prev != next)) {
		rq->curr = next;
		rq = context_switch(rq, prev, next, &rf);
	} else {
		rq_unlock_irq(rq, &rf);
	}
}
