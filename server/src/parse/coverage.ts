// Parse coverage: of the functions that mention the tracked mm APIs, how many did tree-sitter read
// without an ERROR or MISSING node? The analysis gives up on (or mis-reads) the rest, so this is the
// number that says whether the clean-up pass is doing its job on real kernel files.
import type { Node, Tree } from 'web-tree-sitter';

/** The APIs whose users the analysis must see; the same list the corpus test and bench use. */
export const TRACKED_API =
  /\b(mmgrab|mmdrop|mmget|mmput|get_task_mm|mm_access|active_mm|mm_cpumask|kthread_use_mm|kthread_unuse_mm|switch_mm|enter_lazy_tlb|tlb_gather_mmu|inc_tlb_flush_pending)\w*/g;

export interface FunctionCoverage {
  /** The declared name, or `?` when the declarator has none (a badly read definition). */
  name: string;
  startIndex: number;
  endIndex: number;
  /** 0-based line of the definition's first character. */
  line: number;
  /** No ERROR or MISSING node anywhere inside the definition. */
  clean: boolean;
}

export interface ParseCoverage {
  /** Every function definition whose text mentions a tracked API, in source order. */
  functions: FunctionCoverage[];
  cleanFunctions: number;
  /**
   * Mentions of a tracked API outside any function definition that are not explained by a comment,
   * a macro definition or a well-formed declaration (prototype, struct field): each one is a sign
   * that a function body was swallowed by an error.
   */
  strayMentions: number;
  /** Offsets of the stray mentions, to look at them. */
  strayOffsets: number[];
}

/** Macro definitions: their bodies are opaque text to the analysis, whatever tree-sitter made of them. */
const MACRO_DEFINITIONS = new Set(['preproc_def', 'preproc_function_def', 'preproc_call']);

/** Nodes under which a mention outside a function is normal, provided they parsed cleanly. */
const BENIGN_CONTAINERS = new Set([
  'declaration',
  'field_declaration',
  'type_definition',
  'string_literal',
]);

function declaratorName(declarator: Node | null): string {
  let d = declarator;
  while (d) {
    if (d.type === 'identifier' || d.type === 'field_identifier') return d.text;
    d = d.childForFieldName('declarator') ?? d.namedChildren.find((c) => c.type.endsWith('declarator') || c.type === 'identifier') ?? null;
  }
  return '?';
}

function mentionsApi(text: string): boolean {
  TRACKED_API.lastIndex = 0;
  return TRACKED_API.test(text);
}

/** Whether the mention at `node` sits inside a function definition, or inside something benign. */
function classify(node: Node): 'function' | 'benign' | 'stray' {
  let benign = false;
  for (let n: Node | null = node; n; n = n.parent) {
    if (n.type === 'function_definition') return 'function';
    if (n.type === 'ERROR') return 'stray';
    // Comments can sit anywhere, even inside an ERROR: a comment is never a swallowed function.
    if (n.type === 'comment' || MACRO_DEFINITIONS.has(n.type)) return 'benign';
    if (BENIGN_CONTAINERS.has(n.type) && !n.hasError) benign = true;
    // A file-scope macro invocation, `DEFINE_STATIC_KEY_FALSE(switch_mm_cond_ibpb);`.
    if (n.type === 'expression_statement' && n.parent?.type === 'translation_unit' && !n.hasError) benign = true;
  }
  return benign ? 'benign' : 'stray';
}

export function parseCoverage(tree: Tree): ParseCoverage {
  const root = tree.rootNode;
  const functions: FunctionCoverage[] = [];
  for (const fn of root.descendantsOfType('function_definition')) {
    if (!mentionsApi(fn.text)) continue;
    functions.push({
      name: declaratorName(fn.childForFieldName('declarator')),
      startIndex: fn.startIndex,
      endIndex: fn.endIndex,
      line: fn.startPosition.row,
      clean: !fn.hasError,
    });
  }
  const strayOffsets: number[] = [];
  // The root's text starts at its first token, not necessarily at offset 0 of the file.
  const text = root.text;
  const base = root.startIndex;
  TRACKED_API.lastIndex = 0;
  for (let m = TRACKED_API.exec(text); m; m = TRACKED_API.exec(text)) {
    const at = base + m.index;
    const node = root.descendantForIndex(at, at + m[0].length);
    if (node && classify(node) === 'stray') strayOffsets.push(at);
  }
  return {
    functions,
    cleanFunctions: functions.filter((f) => f.clean).length,
    strayMentions: strayOffsets.length,
    strayOffsets,
  };
}
