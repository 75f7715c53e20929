// The simulator panel's page, as a string: no VS Code import, so the extension and the headless
// Chromium tests (test/webview) serve exactly the same HTML. The page is a static skeleton with the
// test hooks (data-testid); dist/simulator.js fills it in and runs the engine in a Worker.
//
// The Content Security Policy allows only what the page needs:
//   script-src 'nonce-…'       the one bundle; nothing inline, no eval
//   style-src cspSource nonce  dist/simulator.css (uPlot's and ours); uPlot sizes its canvas
//                              through the CSSOM, which style-src does not restrict
//   connect-src cspSource      the page fetch()es dist/simWorker.js to start the engine's Worker
//   worker-src blob:           ... from a blob: URL, the way VS Code webviews allow Workers
// No remote resource, no img/font/frame source.

export interface SimPanelHtmlOptions {
  /** webview.cspSource: the origin of the extension's local resources. */
  cspSource: string;
  /** A fresh random nonce per page load (base64 or alphanumerics). */
  nonce: string;
  scriptUri: string;
  styleUri: string;
  workerUri: string;
  /** The function simulated, for the document title (escaped here). */
  functionName?: string;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

export function simPanelCsp(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `connect-src ${cspSource}`,
    'worker-src blob:',
  ].join('; ');
}

export function simPanelHtml(o: SimPanelHtmlOptions): string {
  const a = escapeHtml;
  const title = o.functionName ? `lazymm: simulate ${o.functionName}` : 'lazymm: simulator';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${a(simPanelCsp(o.cspSource, o.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta name="lazymm-worker" content="${a(o.workerUri)}">
<link rel="stylesheet" href="${a(o.styleUri)}">
<title>${a(title)}</title>
</head>
<body>
<header class="top">
  <h1 id="heading">lazymm simulator</h1>
  <span id="subheading" class="muted"></span>
  <span id="status" class="status" data-testid="sim-status" role="status" aria-live="polite">waiting for a path</span>
</header>
<main class="layout">
  <section class="pane steps-pane" aria-labelledby="steps-h">
    <h2 id="steps-h">Path</h2>
    <p class="muted hint">Click a step to show its line.</p>
    <ol id="steps" class="steps" data-testid="sim-steps"></ol>
  </section>
  <section class="pane controls-pane" aria-labelledby="controls-h">
    <h2 id="controls-h">Machine</h2>
    <form id="controls" class="controls" autocomplete="off"></form>
  </section>
  <section class="pane wide" aria-labelledby="verdicts-h">
    <h2 id="verdicts-h">Verdicts <span class="muted small">policy &times; architecture; click a cell for its timeline and trace</span></h2>
    <ul id="notes" class="notes"></ul>
    <div class="table-scroll"><table id="verdicts" class="verdicts" data-testid="verdict-table"></table></div>
    <div id="trace" class="trace"></div>
  </section>
  <section class="pane wide" aria-labelledby="timeline-h">
    <h2 id="timeline-h">Timeline <span id="timeline-sub" class="muted small"></span></h2>
    <div id="timeline" class="timeline" data-testid="timeline"></div>
  </section>
  <section class="pane wide" aria-labelledby="charts-h">
    <h2 id="charts-h">Cost against CPU count <span class="muted small">the path's timed run in the scenario, at up to 1024 CPUs; published figures (for the bare scenario) as rings</span></h2>
    <div id="charts" class="charts"></div>
  </section>
</main>
<script nonce="${a(o.nonce)}" src="${a(o.scriptUri)}"></script>
</body>
</html>`;
}
