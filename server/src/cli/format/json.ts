// Machine-readable output: the findings as the engine produced them (0-based LSP ranges).
import { VERSION } from '../../version';
import type { FileReport } from './report';

export function formatJson(reports: FileReport[]): string {
  const doc = {
    tool: 'lazymm',
    version: VERSION,
    positionEncoding: 'utf-16, 0-based lines and columns',
    files: reports.map((r) => ({ file: r.file, findings: r.findings, notes: r.notes })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
