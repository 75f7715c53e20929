// The one build: esbuild bundles (client, server, CLI, the two webview pages, the simulator's
// engine Worker and stylesheet) plus the files they load at run time.
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const dist = path.join(root, 'dist');

fs.rmSync(dist, { recursive: true, force: true });
fs.mkdirSync(path.join(dist, 'rules'), { recursive: true });

const node = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  // web-tree-sitter's ES module asks import.meta.url where it lives; in a CommonJS bundle that is the bundle.
  banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
  define: { LAZYMM_VERSION: JSON.stringify(pkg.version), 'import.meta.url': '__import_meta_url' },
};

const browser = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  sourcemap: 'linked',
  logLevel: 'warning',
};

await Promise.all([
  esbuild.build({ ...node, entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(dist, 'client.js'), external: ['vscode'] }),
  esbuild.build({ ...node, entryPoints: [path.join(root, 'server/src/lsp/main.ts')], outfile: path.join(dist, 'server.js') }),
  esbuild.build({ ...node, entryPoints: [path.join(root, 'server/src/cli/run.ts')], outfile: path.join(dist, 'cli.js') }),
  // The paths panel's page (client/src/pathPanel.ts).
  esbuild.build({ ...browser, entryPoints: [path.join(root, 'client/webview/paths.ts')], outfile: path.join(dist, 'paths.js') }),
  // The simulator panel: its page, the engine Worker it starts, and their stylesheet (ours with
  // uPlot's, resolved from node_modules by the CSS @import).
  esbuild.build({ ...browser, entryPoints: [path.join(root, 'client/webview/simulator/main.ts')], outfile: path.join(dist, 'simulator.js') }),
  esbuild.build({ ...browser, entryPoints: [path.join(root, 'client/webview/simulator/worker.ts')], outfile: path.join(dist, 'simWorker.js') }),
  esbuild.build({ ...browser, entryPoints: [path.join(root, 'client/webview/simulator/simulator.css')], outfile: path.join(dist, 'simulator.css') }),
]);

// web-tree-sitter's runtime next to the bundles that load it; the grammar in grammars/ (pinned by
// package-lock.json, see grammars/README.md); each rule's docs where diagnostics and SARIF find them.
fs.copyFileSync(require.resolve('web-tree-sitter/web-tree-sitter.wasm'), path.join(dist, 'web-tree-sitter.wasm'));
fs.copyFileSync(path.join(path.dirname(require.resolve('tree-sitter-c/package.json')), 'tree-sitter-c.wasm'), path.join(root, 'grammars', 'tree-sitter-c.wasm'));
for (const f of fs.readdirSync(path.join(root, 'server/src/rules')).filter((f) => f.endsWith('.md'))) {
  fs.copyFileSync(path.join(root, 'server/src/rules', f), path.join(dist, 'rules', f));
}
