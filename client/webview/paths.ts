// The paths webview (dist/paths.js): renders the findings it is sent; every string goes in as
// text, never as HTML. The simulator panel has its own entry point, simulator/main.ts.
import type { FromPanel, PanelFinding, ToPanel } from './protocol';

declare function acquireVsCodeApi(): { postMessage(m: FromPanel): void };

const vscode = acquireVsCodeApi();
const root = document.getElementById('root')!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

function renderFinding(f: PanelFinding): HTMLElement {
  const box = el('section', undefined, 'finding');
  const title = el('h3');
  title.append(el('span', f.ruleId, 'rule'), el('span', `line ${f.line + 1}: ${f.message}`));
  box.append(title);
  const list = el('ol');
  for (const s of f.steps) {
    const item = el('li');
    item.append(el('span', `${s.line + 1}: ${s.message} `), el('code', s.source));
    item.addEventListener('click', () => vscode.postMessage({ type: 'reveal', line: s.line, character: s.character }));
    list.append(item);
  }
  box.append(list);
  return box;
}

function isToPanel(m: unknown): m is ToPanel {
  const t = m as { type?: unknown; file?: unknown; findings?: unknown } | null;
  return !!t && t.type === 'findings' && typeof t.file === 'string' && Array.isArray(t.findings);
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (!isToPanel(event.data)) return;
  const { file, findings } = event.data;
  root.replaceChildren(el('h2', file));
  if (findings.length === 0) root.append(el('p', 'No lazy-mm hazards in this file.'));
  for (const f of findings) root.append(renderFinding(f));
});
