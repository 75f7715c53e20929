// `lazymm review --format json`: the review as data (0-based LSP ranges), the same shape the
// language server returns (review/data.ts), under the tool's name and version.
import { reviewData } from '../../review/data';
import type { ReviewResult } from '../../review/types';
import { VERSION } from '../../version';

export function formatReviewJson(result: ReviewResult): string {
  return `${JSON.stringify({ tool: 'lazymm', version: VERSION, positionEncoding: 'utf-16, 0-based lines and columns', ...reviewData(result) }, null, 2)}\n`;
}
