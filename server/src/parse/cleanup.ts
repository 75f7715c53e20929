// Kernel-C clean-up before parsing. Kernel attribute macros (`__init`, `__releases(x)`, ...) make
// tree-sitter-c mis-parse whole functions. We blank them with spaces so that every offset, line and
// column of the cleaned text equals the original's: findings need no mapping back.

/** Bare attribute macros: expand to compiler attributes or nothing. */
const ATTRIBUTE_WORDS = [
  '__always_inline', '__init', '__exit', '__ref', '__sched', '__cpuidle', 'notrace', 'noinline',
  '__noreturn', '__visible', 'asmlinkage', '__latent_entropy', '__maybe_unused', '__must_check',
  '__weak', '__cold', '__noinstr', 'noinstr', '__always_unused', '__initdata', '__read_mostly',
  '__ro_after_init', '__user', '__iomem', '__rcu', '__percpu', '__kprobes', '__irq_entry',
  '__flatten', '__pure', '__used', '__nocfi', '__noclone', '__head', '__meminit',
];

/** Function-like annotation macros whose argument list goes too. */
const ANNOTATION_CALLS = ['__releases', '__acquires', '__must_hold', '__cond_acquires', '__no_kcsan_or_inline', '__attribute__', '__aligned', '__section'];

const wordPattern = new RegExp(`\\b(?:${ATTRIBUTE_WORDS.join('|')})\\b`, 'g');
const callPattern = new RegExp(`\\b(?:${ANNOTATION_CALLS.join('|')})\\s*\\(`, 'g');

function blank(s: string): string {
  return s.replace(/[^\n\r]/g, ' ');
}

/** Index just past the parenthesis that closes the one at `open`, or -1 when unbalanced. */
function matchParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */ && --depth === 0) return i + 1;
  }
  return -1;
}

export function cleanKernelC(text: string): string {
  let out = text.replace(wordPattern, blank);
  const pieces: string[] = [];
  let last = 0;
  callPattern.lastIndex = 0;
  for (let m = callPattern.exec(out); m; m = callPattern.exec(out)) {
    const end = matchParen(out, m.index + m[0].length - 1);
    if (end < 0) break; // half-typed code: leave the rest alone
    pieces.push(out.slice(last, m.index), blank(out.slice(m.index, end)));
    last = end;
    callPattern.lastIndex = end;
  }
  if (last > 0) out = pieces.join('') + out.slice(last);
  return out;
}
