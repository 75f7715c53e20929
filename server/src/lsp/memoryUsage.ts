// `lazymm/memoryUsage`: what the server's memory is made of, for the editor bench and for anyone
// wondering why the server holds what it holds (clangd's `$/memoryUsage`, rust-analyzer's "Memory
// Usage"): the process's figures, V8's heap space by space, and what the server keeps per
// document. A full GC first only when asked and possible (a server started with --expose-gc).
import * as v8 from 'node:v8';
import { MEMORY_USAGE_REQUEST, type DocumentMemory, type MemoryUsageParams, type MemoryUsageResult } from './extensionProtocol';
import type { FeatureContext } from './feature';

export function registerMemoryUsage(ctx: FeatureContext): void {
  ctx.connection.onRequest(MEMORY_USAGE_REQUEST, (params: MemoryUsageParams | null | undefined): MemoryUsageResult => {
    const kept = new Map(ctx.analyses.kept().map((k) => [k.uri, k]));
    const documents: DocumentMemory[] = ctx.documents.all().map((doc) => {
      const k = kept.get(doc.uri);
      kept.delete(doc.uri);
      return { ...k, uri: doc.uri, open: true, version: doc.version, chars: doc.getText().length, tree: k?.tree ?? false, pending: k?.pending ?? false };
    });
    // State kept for a document that is not open any more: should never happen.
    for (const k of kept.values()) documents.push({ ...k, open: false });
    return memoryUsage(params?.gc === true, documents);
  });
}

/** The process's memory now, after a full GC when `gc` and the process can (--expose-gc). */
export function memoryUsage(gc: boolean, documents: DocumentMemory[] = []): MemoryUsageResult {
  const collect = (globalThis as { gc?: () => void }).gc;
  const collected = gc && typeof collect === 'function';
  if (collected) collect();
  const m = process.memoryUsage();
  const h = v8.getHeapStatistics();
  return {
    gc: collected,
    process: { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers },
    wasmAndOtherExternal: m.external - m.arrayBuffers,
    heap: {
      usedBytes: h.used_heap_size,
      totalBytes: h.total_heap_size,
      physicalBytes: h.total_physical_size,
      executableBytes: h.total_heap_size_executable,
      mallocedBytes: h.malloced_memory,
      peakMallocedBytes: h.peak_malloced_memory,
      limitBytes: h.heap_size_limit,
    },
    heapSpaces: v8.getHeapSpaceStatistics().map((s) => ({
      name: s.space_name,
      sizeBytes: s.space_size,
      usedBytes: s.space_used_size,
      availableBytes: s.space_available_size,
      physicalBytes: s.physical_space_size,
    })),
    documents,
  };
}
