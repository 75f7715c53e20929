// The VS Code theme as the canvas charts and the SVG timeline need it: colours are read from the
// --vscode-* variables VS Code sets on the page (light, dark and high-contrast alike), and a change
// of the body's theme class tells the panel to redraw.

export function cssVar(name: string, fallback: string): string {
  const v = getComputedStyle(document.body).getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

/** One colour per policy, from the theme's chart palette. */
const POLICY_VARS: readonly [string, string][] = [
  ['--vscode-charts-blue', '#3794ff'],
  ['--vscode-charts-red', '#f14c4c'],
  ['--vscode-charts-green', '#89d185'],
  ['--vscode-charts-orange', '#d18616'],
  ['--vscode-charts-purple', '#b180d7'],
  ['--vscode-charts-yellow', '#cca700'],
];

export function policyColor(index: number): string {
  const [name, fallback] = POLICY_VARS[index % POLICY_VARS.length]!;
  return cssVar(name, fallback);
}

/** One dash pattern per architecture (solid for the first). */
const DASHES: readonly number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3]];

export function archDash(index: number): number[] {
  return DASHES[index % DASHES.length]!;
}

export function onThemeChange(callback: () => void): void {
  let last = document.body.className;
  new MutationObserver(() => {
    if (document.body.className === last) return;
    last = document.body.className;
    callback();
  }).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
