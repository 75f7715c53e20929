// The review as plain JSON-safe data: what `lazymm review --format json` prints and the language
// server returns. The texts and hunk maps kept for quoting are left out; each patch's draft reply
// (or null when it needs none) is put in.
import { patchReply } from './reply';
import type { FileReview, PatchReview, ReviewResult } from './types';

export type FileReviewData = Omit<FileReview, 'images'>;
export type PatchReviewData = Omit<PatchReview, 'files'> & { files: FileReviewData[]; reply: string | null };
export type ReviewData = Omit<ReviewResult, 'patches'> & { patches: PatchReviewData[] };

export function reviewData(result: ReviewResult): ReviewData {
  return {
    ...result,
    patches: result.patches.map((p) => ({
      ...p,
      files: p.files.map((f) => {
        const { images, ...rest } = f;
        void images;
        return rest;
      }),
      reply: patchReply(p) ?? null,
    })),
  };
}
