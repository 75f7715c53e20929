// Loads web-tree-sitter and the tree-sitter-c grammar once, for the language server and the CLI alike.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Edit, Language, Parser, type Tree } from 'web-tree-sitter';
import { cleanKernelC, cleanKernelCDetailed, type CleanOptions } from './cleanup';
import { DEFAULT_CONFIG, type KernelConfig } from './config';
import { changedSpan } from './incremental';
import { cleanAfterEdit, cleanFull, type CleanSnapshot } from './incrementalCleanup';
import { pointAt, pointsAt } from './points';

const GRAMMAR_FILE = 'tree-sitter-c.wasm';
const RUNTIME_FILE = 'web-tree-sitter.wasm';

/** Walks up from `start` to the first folder holding `relative`; bundles and sources live at different depths. */
function findUp(start: string, relative: string): string | undefined {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function runtimeWasmPath(): string {
  // Next to the esbuild bundle in dist/, or in node_modules when running from source.
  const bundled = path.join(__dirname, RUNTIME_FILE);
  if (fs.existsSync(bundled)) return bundled;
  return require.resolve(`web-tree-sitter/${RUNTIME_FILE}`);
}

function grammarWasmPath(): string {
  const found = findUp(__dirname, path.join('grammars', GRAMMAR_FILE));
  if (!found) {
    throw new Error(`cannot find grammars/${GRAMMAR_FILE}; run 'npm run build' to copy it from the tree-sitter-c package`);
  }
  return found;
}

/**
 * Blanks shorter than this between two kept definitions are read rather than skipped: tree-sitter's
 * cost grows faster than linearly with the number of included ranges (thousands of small generated
 * functions took twice as long as the whole text), and a short run of blanks costs next to nothing.
 */
const MIN_SKIPPED_BLANKS = 4096;

/** `spans` in order, with those less than MIN_SKIPPED_BLANKS apart joined into one. */
function joinNear(spans: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const [start, end] of spans) {
    const last = out[out.length - 1];
    if (last && start - last[1] < MIN_SKIPPED_BLANKS) last[1] = end;
    else out.push([start, end]);
  }
  return out;
}

export interface ParseOptions extends CleanOptions {
  /** No incremental parse will start from the tree (a CLI check): see CParser.parseOnce. */
  oneShot?: boolean;
}

export class CParser {
  private constructor(private readonly parser: Parser) {}

  private static loading: Promise<CParser> | undefined;

  /** One parser per process: loading the wasm is the slow part, parsing is not. */
  static load(): Promise<CParser> {
    CParser.loading ??= (async () => {
      const runtime = runtimeWasmPath();
      await Parser.init({ locateFile: () => runtime });
      const language = await Language.load(grammarWasmPath());
      const parser = new Parser();
      parser.setLanguage(language);
      return new CParser(parser);
    })();
    return CParser.loading;
  }

  /**
   * The cleaned text each tree was parsed from. Incremental parsing trusts that text outside the
   * caller's edit is unchanged, but the clean-up is not local: editing one `#if` line can blank or
   * restore text far away. Comparing old and new cleaned text lets us tell tree-sitter about that.
   */
  private readonly cleanedOf = new WeakMap<Tree, string>();
  /** For trees parsed with `relevantBody`: what lets the next parse re-clean only an edited body. */
  private readonly snapshotOf = new WeakMap<Tree, CleanSnapshot>();

  /**
   * Parses kernel C after the offset-preserving clean-up; every node range maps to the original text.
   * `oldTree` must already be edited (`tree.edit`) to match `text`, as tree-sitter requires.
   * `config` chooses the `#if` branches (default: DEFAULT_CONFIG); `options.relevantBody` lets a
   * one-shot check skip the bodies it will not analyse.
   */
  parse(text: string, oldTree?: Tree, config: KernelConfig = DEFAULT_CONFIG, options: ParseOptions = {}): Tree {
    if (options.oneShot && options.relevantBody && !oldTree) return this.parseOnce(text, config, options);
    const { cleaned, snapshot } = this.clean(text, oldTree, config, options);
    if (oldTree) this.markCleanupChanges(oldTree, cleaned, snapshot?.changed);
    const tree = this.parser.parse(cleaned, oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    this.cleanedOf.set(tree, cleaned);
    if (snapshot) this.snapshotOf.set(tree, snapshot);
    return tree;
  }

  /**
   * A parse no edit will follow: tree-sitter reads only the kept definitions (`includedRanges`),
   * not the blanks between them, which are most of a kernel file and most of the parsing time.
   * Every node is the one the whole cleaned text gives (test/corpus/focus-6.12.test.ts checks it),
   * as what is left out is blanks and line breaks, but the root ends where the last kept
   * definition does. Neither a snapshot nor the cleaned text is kept: no incremental parse will
   * start from this tree.
   */
  private parseOnce(text: string, config: KernelConfig, options: CleanOptions): Tree {
    const { text: cleaned, kept = [] } = cleanKernelCDetailed(text, config, options);
    const spans = joinNear(kept);
    const points = pointsAt(cleaned, spans.flat());
    const includedRanges = spans.map(([startIndex, endIndex], i) => ({ startIndex, endIndex, startPosition: points[2 * i]!, endPosition: points[2 * i + 1]! }));
    // Nothing kept: an empty tree. (No range at all would mean the whole text to tree-sitter, which
    // lexes every blank of it: a quarter of a whole-tree scan's time went there.)
    const tree = kept.length > 0 ? this.parser.parse(cleaned, null, { includedRanges }) : this.parser.parse('');
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  /**
   * The clean-up of `text`: for an edit inside one function body of the text `oldTree` came from
   * (same configuration and body filter), that body's alone (incrementalCleanup.ts); else all of it.
   */
  private clean(text: string, oldTree: Tree | undefined, config: KernelConfig, options: CleanOptions): { cleaned: string; snapshot?: CleanSnapshot } {
    const relevantBody = options.relevantBody;
    if (!relevantBody) return { cleaned: cleanKernelC(text, config, options) };
    const prev = oldTree ? this.snapshotOf.get(oldTree) : undefined;
    const snapshot = prev && prev.config === config && prev.relevantBody === relevantBody ? cleanAfterEdit(prev, text, options.edit) : undefined;
    return snapshot ? { cleaned: snapshot.cleaned, snapshot } : cleanFull(text, config, relevantBody);
  }

  /**
   * Adds to `oldTree` one more edit spanning every character where the new cleaned text differs
   * from the old one (same length, so no shift). This covers the caller's edit too, so it is safe
   * to apply on top of it; a tree we did not produce is left as the caller edited it.
   */
  private markCleanupChanges(oldTree: Tree, cleaned: string, known?: [number, number]): void {
    const before = this.cleanedOf.get(oldTree);
    if (before === undefined) return;
    let start: number;
    let end: number;
    if (known) {
      // The incremental clean-up says where it changed the text: no need to compare it all.
      [start, end] = known;
      if (start === end) return;
    } else {
      const span = changedSpan(before, cleaned);
      if (span.start === span.oldEnd && span.start === span.newEnd) return;
      // Offsets of the edited tree are in the new text's coordinates already.
      ({ start, newEnd: end } = span);
    }
    const startPosition = pointAt(cleaned, start);
    const endPosition = pointAt(cleaned, end);
    oldTree.edit(new Edit({ startIndex: start, oldEndIndex: end, newEndIndex: end, startPosition, oldEndPosition: endPosition, newEndPosition: endPosition }));
  }

  /** Bare tree-sitter parsing with no clean-up: the reference the bench measures against. */
  parseRaw(text: string): Tree {
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  /** Bare incremental parsing: `oldTree` already edited (`tree.edit`). The editor bench's reference. */
  parseRawIncremental(text: string, oldTree: Tree): Tree {
    const tree = this.parser.parse(text, oldTree);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}
