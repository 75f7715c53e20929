// The editor's per-function cache: a keystroke re-explores only the functions it touched. What a
// function's exploration and rules produce depends on its text and where it starts (messages quote
// line numbers), the effects of what it calls, its IRQ state at entry, the configuration (the
// object: a .config read again is another), the file's name and the few file-level facts rules
// declare (Rule.fileInputs); with all of those unchanged, its findings and report are the last
// ones. A keystroke within a line moves no function; a new line moves those below it, which are
// analysed again. Only plain data is kept: the trees the findings came from are gone.
// test/unit/functionCache.test.ts checks edit after edit that it gives what a fresh analysis gives.
import type { ReusedFlow, Reuse } from './analysis/fileAnalysis';
import type { FunctionInfo } from './analysis/functions';
import type { EffectLookup } from './analysis/summaries';
import type { KernelConfig } from './parse/config';
import type { LineIndex } from './parse/lineIndex';
import type { Position, Step } from './paths/step';
import type { Finding } from './rules/finding';
import { RULES } from './rules/index';
import type { FileFacts } from './rules/rule';

/** What one function's analysis produced. */
export interface CachedFunction extends ReusedFlow {
  /** Its rules' findings, before suppressions (applied to the whole file afterwards). */
  findings: Finding[];
  heldAt: Array<{ at: Position; held: string[] }>;
  /** The trails to its returns, for "Simulate this path". */
  trails: Step[][];
}

const CALL = /\b([A-Za-z_]\w*)\s*\(/g;

/**
 * One number per configuration object: a .config read again (the file changed) is a new object
 * with the same label, and must not find the analyses made under the old one.
 */
const configIds = new WeakMap<KernelConfig, number>();
let lastConfigId = 0;
function configId(config: KernelConfig): number {
  let id = configIds.get(config);
  if (id === undefined) configIds.set(config, (id = ++lastConfigId));
  return id;
}

export class FunctionCache {
  /** The entries the last analysis used or made; older ones are dropped, so memory follows the file. */
  private entries = new Map<string, CachedFunction>();

  /** How many functions' analyses are kept (lazymm/memoryUsage reports it). */
  get size(): number {
    return this.entries.size;
  }
  private next = new Map<string, CachedFunction>();

  /**
   * The Reuse hook for one analysis of `text` (analyzeFunctions calls it once the functions are
   * prescanned) and the key of each function, for storing what is explored afresh.
   */
  begin(text: string, lines: LineIndex, file: Omit<FileFacts, 'functions'>, config: KernelConfig): { reuse: Reuse; keyOf: (fn: FunctionInfo, irqsOff: boolean) => string | undefined } {
    this.next = new Map();
    let keyOf: (fn: FunctionInfo, irqsOff: boolean) => string | undefined = () => undefined;
    const reuse: Reuse = (prepared, lookup, localFunctions) => {
      const inputs = JSON.stringify([configId(config), file.fileName ?? '', RULES.map((r) => r.fileInputs?.({ ...file, functions: prepared }) ?? null)]);
      keyOf = (fn, irqsOff) => functionKey(text, lines, fn, irqsOff, lookup, localFunctions, inputs);
      return (fn, irqsOff) => {
        const key = keyOf(fn, irqsOff);
        const hit = key === undefined ? undefined : this.entries.get(key);
        if (hit && key !== undefined) this.next.set(key, hit);
        return hit;
      };
    };
    return { reuse, keyOf: (fn, irqsOff) => keyOf(fn, irqsOff) };
  }

  store(key: string, entry: CachedFunction): void {
    this.next.set(key, entry);
  }

  /** The analysis is over: what it did not use is forgotten. */
  finish(): void {
    this.entries = this.next;
    this.next = new Map();
  }
}

function functionKey(text: string, lines: LineIndex, fn: FunctionInfo, irqsOff: boolean, lookup: EffectLookup, localFunctions: ReadonlySet<string>, inputs: string): string {
  const body = text.slice(fn.node.startIndex, fn.node.endIndex);
  // What each name it calls does (its own summary or the API's), and whether it is of this file.
  const callees = [...new Set([...body.matchAll(CALL)].map((m) => m[1]!))].sort().map((name) => [name, lookup(name) ?? null, localFunctions.has(name)]);
  const start = lines.positionAt(fn.node.startIndex);
  return JSON.stringify([inputs, irqsOff, start.line, start.character, callees, body]);
}
