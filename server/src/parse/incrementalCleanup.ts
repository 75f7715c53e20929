// The clean-up of an edited document without redoing the whole file. A keystroke inside a function
// body changes the cleaned text of that body only, as long as it cannot change how anything else
// reads: no comment, literal, directive or brace delimiter typed or deleted, no directive in the
// body, and the body still kept (or blanked) for the same reason. Then the body alone goes through
// the word-level pass, with the context the last full clean-up found, and is spliced into the last
// cleaned text. A keystroke in text an `#if` left out stays blank. Anything else is a full
// clean-up, as before. test/unit/incrementalCleanup.test.ts
// checks the two agree over thousands of edits of real kernel files.
import { cleanBody, cleanKernelCDetailed } from './cleanup';
import type { KernelConfig } from './config';
import type { Body, FocusReport } from './focus';
import { firstAtOrAfter } from './firstAtOrAfter';
import { changedSpan } from './incremental';
import type { MacroContext } from './kernelMacros';
import { CharKind } from './lexer';

/** A document's raw and cleaned text, and what an edit inside one of its bodies needs. */
export interface CleanSnapshot {
  raw: string;
  cleaned: string;
  config: KernelConfig;
  relevantBody: RegExp;
  macroContext: MacroContext;
  focus: FocusReport;
  /** Text blanked as not compiled (conditionals.ts), [start, end) in order. */
  inactive: Array<[number, number]>;
  /** Where `cleaned` may differ from the previous snapshot's, [start, end) in its own offsets; undefined: anywhere. */
  changed?: [number, number];
}

/** Characters whose typing or deletion can change the reading of text beyond the edit. */
const STRUCTURAL = /[#/*"'\\{}\n\r]/;
/** Characters an edit must not touch on either side: it would split a `*\/`, `//` or `\"`. */
const SPLITTABLE = /[#/*"'\\]/;

export function cleanFull(text: string, config: KernelConfig, relevantBody: RegExp): { cleaned: string; snapshot?: CleanSnapshot } {
  const r = cleanKernelCDetailed(text, config, { relevantBody });
  // A budget that ran out depends on the whole text: no shortcut can reproduce where it stopped.
  if (r.budgetExhausted || !r.focus) return { cleaned: r.text };
  return { cleaned: r.text, snapshot: { raw: text, cleaned: r.text, config, relevantBody, macroContext: r.macroContext, focus: r.focus, inactive: r.inactive } };
}

/** The first body whose `{` is at or after `offset` (bodies are in text order). */
function bodyIndexFrom(bodies: readonly Body[], offset: number): number {
  return firstAtOrAfter(bodies, offset, (b) => b.open);
}

/**
 * Every `(` of the body's code closes inside it and no `)` closes one outside: the word-level pass
 * matches parentheses, and an unmatched one would let it reach beyond the body in the full text.
 */
function parensNest(text: string, kind: Uint8Array): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (kind[i] !== CharKind.Code) continue;
    const c = text.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41 && --depth < 0) return false;
  }
  return depth === 0;
}

/** Blanks every character of `s` but line breaks, as TextBuffer.blank does. */
function blanked(s: string): string {
  return s.replace(/[^\n\r]/g, ' ');
}

/**
 * The snapshot of `text`, cleaned by re-cleaning only the body the edit from `prev.raw` falls in;
 * undefined when the edit is not of that kind (the caller cleans the whole text then).
 */
export function cleanAfterEdit(prev: CleanSnapshot, text: string, known?: { start: number; oldEnd: number; newEnd: number }): CleanSnapshot | undefined {
  const before = prev.raw;
  const fits = known !== undefined && known.start <= known.oldEnd && known.oldEnd <= before.length && before.length - known.oldEnd === text.length - known.newEnd;
  const { start, oldEnd, newEnd } = fits ? known : changedSpan(before, text);
  if (start === oldEnd && start === newEnd) return { ...prev, raw: text, changed: [0, 0] };
  // The characters on either side count too: a `;` typed between the `*` and `/` of `*/` opens
  // the rest of the file to the comment.
  if (STRUCTURAL.test(before.slice(start, oldEnd)) || STRUCTURAL.test(text.slice(start, newEnd))) return undefined;
  if (SPLITTABLE.test(before.charAt(start - 1) + before.charAt(oldEnd)) || SPLITTABLE.test(text.charAt(newEnd))) return undefined;

  const delta = text.length - before.length;
  const shifted = (r: [number, number]): [number, number] => (r[0] >= oldEnd ? [r[0] + delta, r[1] + delta] : r[1] >= oldEnd ? [r[0], r[1] + delta] : r);
  const inactive = prev.inactive.map(shifted);
  const { bodies, relevant, keep, calls } = prev.focus;
  const moveBodies = (from: number) => bodies.map((b, i) => (i < from ? b : { ...b, params: b.params + delta, open: b.open + delta, close: b.close + delta }));

  // In text an #if left out: it stays blank, only longer or shorter, unless the edit is on a
  // directive's line (`x` typed in front of `  #endif` makes it text).
  const lineEnd = text.indexOf('\n', newEnd);
  const restOfLine = text.slice(newEnd, lineEnd < 0 ? text.length : lineEnd);
  if (!restOfLine.includes('#') && prev.inactive.some(([s, e]) => s <= start && oldEnd <= e)) {
    const cleaned = prev.cleaned.slice(0, start) + blanked(text.slice(start, newEnd)) + prev.cleaned.slice(oldEnd);
    return { ...prev, raw: text, cleaned, inactive, focus: { bodies: moveBodies(bodyIndexFrom(bodies, start)), relevant, keep, calls }, changed: [start, newEnd] };
  }

  // The body the edit is inside: the last one opening before it, if it closes after it.
  const index = bodyIndexFrom(bodies, start) - 1;
  const body = bodies[index];
  if (body === undefined || !(body.open < start && oldEnd <= body.close)) return undefined;
  const close = body.close + delta;
  if (text.slice(body.open + 1, close).includes('#')) return undefined;
  // The body before the edit, cleaned alone, must be what the full clean-up made of it in its
  // file: otherwise something around it reached in (an unmatched parenthesis before it, say).
  const oldAlone = cleanBody(before.slice(body.open, body.close + 1), prev.macroContext);
  if (!parensNest(oldAlone.text, oldAlone.kind)) return undefined;
  const oldInner = oldAlone.text.slice(1, -1);
  if (keep[index] ? oldAlone.text !== prev.cleaned.slice(body.open, body.close + 1) : relevant[index] || (calls?.test(oldInner) ?? false)) return undefined;
  // Kept or not is decided on the cleaned body, as the full clean-up decides it (an iterator macro
  // such as for_each_process() is a tracked word before its rewrite and not after).
  const alone = cleanBody(text.slice(body.open, close + 1), prev.macroContext);
  if (!parensNest(alone.text, alone.kind)) return undefined;
  const inner = alone.text.slice(1, -1);
  // A body that starts or stops mentioning the tracked APIs changes which others are kept.
  const isRelevant = prev.relevantBody.test(inner);
  if (isRelevant !== relevant[index]) return undefined;
  const kept = isRelevant || (calls?.test(inner) ?? false);
  // Kept or blanked, the definition's head and the text before it go with the body: a body that
  // starts or stops calling a relevant function is a full clean-up.
  if (kept !== keep[index]) return undefined;
  const cleaned = prev.cleaned.slice(0, body.open) + (kept ? alone.text : blanked(alone.text)) + prev.cleaned.slice(body.close + 1);
  const moved = moveBodies(index + 1);
  moved[index] = { ...body, close };
  return { ...prev, raw: text, cleaned, inactive, focus: { bodies: moved, relevant, keep, calls }, changed: [body.open, close + 1] };
}
