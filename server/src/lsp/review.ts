// `lazymm.server.reviewPatch`: the review of a patch file, an mbox or a git range, for the client
// to show (the CLI's `lazymm review` over workspace/executeCommand). The result is the review as
// plain JSON (review/data.ts) with the directory its paths are relative to. Bad arguments, an
// unreadable patch or a bad range answer with an InvalidParams error carrying the one-line reason.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { UsageError } from '../cli/files';
import { loadPatchSource, workingTreeChanges, type PatchSource } from '../cli/reviewSource';
import { reviewData } from '../review/data';
import { parsePatchInput } from '../review/mbox';
import { reviewSeries } from '../review/review';
import { DEFAULT_SIM_CPUS } from '../review/simDelta';
import { registerServerCommand } from './commands';
import { REVIEW_PATCH_COMMAND, type ReviewPatchArgs, type ReviewPatchResult } from './extensionProtocol';
import type { FeatureContext } from './feature';
import { workspaceRoots } from './settings';

function invalid(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, `lazymm: ${message}`);
}

function isArgs(v: unknown): v is ReviewPatchArgs {
  if (typeof v === 'string') return v !== '';
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  const optString = (k: string) => o[k] === undefined || typeof o[k] === 'string';
  const optBool = (k: string) => o[k] === undefined || typeof o[k] === 'boolean';
  if (typeof o.patch === 'string') return optString('tree') && optBool('simulate');
  if (o.workingTree !== undefined && (o.workingTree !== true || o.head !== undefined)) return false;
  return typeof o.base === 'string' && typeof o.root === 'string' && optString('head') && optBool('simulate');
}

/** The patch text and its tree: a file resolved against the first workspace folder, or a git range. */
function source(args: ReviewPatchArgs, firstRoot: string | undefined): { source: PatchSource; root: string | null } {
  if (typeof args === 'object' && 'workingTree' in args) return { source: workingTreeChanges(args.base, args.root), root: path.resolve(args.root) };
  if (typeof args === 'object' && 'base' in args) {
    const range = `${args.base}..${args.head ?? 'HEAD'}`;
    return { source: loadPatchSource(range, args.root), root: path.resolve(args.root) };
  }
  const file = typeof args === 'string' ? args : args.patch;
  const abs = path.isAbsolute(file) || firstRoot === undefined ? file : path.join(firstRoot, file);
  if (!fs.existsSync(abs)) throw new UsageError(`cannot access '${file}': no such file`);
  const tree = typeof args === 'object' && args.tree !== undefined ? args.tree : firstRoot;
  return { source: loadPatchSource(abs, tree), root: tree === undefined ? null : path.resolve(tree) };
}

export function registerReview(ctx: FeatureContext): void {
  registerServerCommand(ctx, REVIEW_PATCH_COMMAND, async (params): Promise<ReviewPatchResult> => {
    const [args] = params.arguments ?? [];
    if (!isArgs(args)) throw invalid('reviewPatch takes a patch file path, {patch, tree?}, {base, head?, root} or {base, workingTree: true, root}');
    try {
      const roots = await workspaceRoots(ctx);
      const { source: s, root } = source(args, roots[0]);
      const input = parsePatchInput(s.text);
      if (input.patches.every((p) => p.files.length === 0)) throw new UsageError('no diff found in the patch');
      const simulate = typeof args === 'object' ? args.simulate !== false : true;
      const result = reviewSeries(input.patches, {
        parser: await ctx.parser,
        ...(s.readFile ? { readFile: s.readFile } : {}),
        simulator: simulate ? { cpus: DEFAULT_SIM_CPUS } : false,
      });
      result.notes.unshift(...input.notes, ...s.notes);
      return { ...reviewData(result), root: s.readFile ? root : null };
    } catch (e) {
      if (e instanceof UsageError) throw invalid(e.message);
      throw e;
    }
  });
}
