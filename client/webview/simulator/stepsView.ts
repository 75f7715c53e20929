// The path's steps with their source lines. Clicking (or Enter on) a step asks the extension to
// reveal its line; the step the focused cell's violation failed at is marked.
import type { SimPath, SimStep } from '../protocol';
import { el, onActivate } from './dom';

export function renderSteps(list: HTMLElement, path: SimPath | null, failing: { line: number; character: number } | null, reveal: (step: SimStep) => void): void {
  if (path === null) {
    list.replaceChildren(el('li', { className: 'muted empty', text: 'No path yet: use "Simulate this path" above a function.' }));
    return;
  }
  if (path.steps.length === 0) {
    list.replaceChildren(el('li', { className: 'muted empty', text: 'This path has no steps: the scenario runs alone.' }));
    return;
  }
  list.replaceChildren(
    ...path.steps.map((s, i) => {
      const at = s.range.start;
      const isFailing = failing !== null && failing.line === at.line && failing.character === at.character;
      const item = el(
        'li',
        { className: `step kind-${s.kind}${isFailing ? ' failing' : ''}`, testid: 'sim-step', title: `line ${at.line + 1}, column ${at.character + 1}: reveal in the editor`, attrs: { 'data-index': String(i), 'data-line': String(at.line) } },
        el('span', { className: 'line', text: String(at.line + 1) }),
        el('span', { className: 'kind', text: s.kind }),
        el('span', { className: 'message', text: s.message }),
        el('code', { className: 'source', text: s.source }),
      );
      onActivate(item, () => reveal(s));
      return item;
    }),
  );
}
