// SPDX-License-Identifier: GPL-2.0
/*
 * A submission-queue polling kthread that borrows the submitter's address space, in the style of
 * io_uring's SQPOLL thread, written for lazymm's examples. The ring holds mm_count (mmgrab) for
 * its lifetime; the worker takes mm_users only while it touches user memory. Correct as written.
 */
#include <linux/kthread.h>
#include <linux/sched/mm.h>

struct sq_ring {
	struct mm_struct *mm_account;
	struct task_struct *thread;
	bool stop;
};

static int sq_ring_create(struct sq_ring *ring)
{
	mmgrab(current->mm);
	ring->mm_account = current->mm;
	ring->thread = kthread_run(sq_thread, ring, "sq-poll");
	if (IS_ERR(ring->thread)) {
		mmdrop(ring->mm_account);
		ring->mm_account = NULL;
		return PTR_ERR(ring->thread);
	}
	return 0;
}

static int sq_thread(void *data)
{
	struct sq_ring *ring = data;
	struct mm_struct *mm = ring->mm_account;

	while (!READ_ONCE(ring->stop)) {
		if (!mmget_not_zero(mm))
			break;
		kthread_use_mm(mm);
		sq_submit_pending(ring);
		kthread_unuse_mm(mm);
		mmput(mm);
		cond_resched();
	}
	return 0;
}
