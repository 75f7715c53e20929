// The client's "Show Server Memory Usage" document: lazymm/memoryUsage's answer as Markdown. No
// runtime imports (the client bundles it), no VS Code: the language-server tests render a real answer.
import type { MemoryUsageResult } from './extensionProtocol';

const mb = (bytes: number): string => (bytes / 1048576).toFixed(1);
/** A table cell: a pipe or a line break would end it. */
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function memoryReport(m: MemoryUsageResult, taken: Date): string {
  const out = [
    '# lazymm language server: memory',
    '',
    `Taken ${taken.toISOString()}, ${m.gc ? 'after a full garbage collection: the V8 heap figures are what is live.' : 'without a garbage collection (the server was not started with --expose-gc): the V8 heap figures include garbage not yet collected.'}`,
    '',
    '| | MB |',
    '|---|---:|',
    `| Resident set (RSS) | ${mb(m.process.rss)} |`,
    `| V8 heap used | ${mb(m.heap.usedBytes)} |`,
    `| V8 heap committed | ${mb(m.heap.totalBytes)} |`,
    `| web-tree-sitter wasm memory and other external | ${mb(m.wasmAndOtherExternal)} |`,
    `| ArrayBuffers | ${mb(m.process.arrayBuffers)} |`,
    `| malloc'ed by V8 (peak) | ${mb(m.heap.mallocedBytes)} (${mb(m.heap.peakMallocedBytes)}) |`,
    '',
    '## V8 heap spaces',
    '',
    '| space | committed MB | used MB |',
    '|---|---:|---:|',
    ...m.heapSpaces.filter((s) => s.sizeBytes > 0).map((s) => `| ${cell(s.name)} | ${mb(s.sizeBytes)} | ${mb(s.usedBytes)} |`),
    '',
    '## Documents',
    '',
  ];
  if (m.documents.length === 0) out.push('No document is open, and nothing is kept for a closed one.');
  else {
    out.push('| document | open | version | characters | analysed version | findings | functions | cached functions | tree |', '|---|---|---:|---:|---:|---:|---:|---:|---|');
    for (const d of m.documents) {
      const a = d.analysis;
      out.push(`| ${cell(d.uri)} | ${d.open ? 'yes' : 'no (should not be kept)'} | ${d.version ?? ''} | ${d.chars ?? ''} | ${a?.version ?? ''} | ${a?.findings ?? ''} | ${a?.functions ?? ''} | ${d.cachedFunctions ?? ''} | ${d.tree ? 'yes' : 'no'} |`);
    }
  }
  return `${out.join('\n')}\n`;
}
