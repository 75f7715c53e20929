// The "lazymm Review" tree in the Explorer: the findings of the last review grouped as new, fixed
// and pre-existing, each opening where it is. The tree only renders the server's plain data.
import * as vscode from 'vscode';
import type { ReviewClassifiedData, ReviewPatchResult } from '../../../server/src/lsp/extensionProtocol';
import { locate, type ReviewBasis } from './reviewLocations';

type State = ReviewClassifiedData['state'];

const GROUPS: ReadonlyArray<{ state: State; label: string; icon: string }> = [
  { state: 'new', label: 'New', icon: 'warning' },
  { state: 'fixed', label: 'Fixed', icon: 'pass' },
  { state: 'pre-existing', label: 'Pre-existing', icon: 'circle-outline' },
];

export interface ReviewedFinding {
  file: string;
  /** The patch it comes from, for a series ("2/3"). */
  patch: string;
  data: ReviewClassifiedData;
}

type Node = { kind: 'group'; state: State; label: string; icon: string; items: ReviewedFinding[] } | { kind: 'finding'; item: ReviewedFinding };

/** Every finding of a review, with its file; for a series, each patch's (a hazard one patch adds and a later one fixes shows as both). */
export function findingsOf(result: ReviewPatchResult): ReviewedFinding[] {
  const out: ReviewedFinding[] = [];
  for (const p of result.patches) {
    const patch = p.index !== undefined && p.total !== undefined ? `${p.index}/${p.total}` : '';
    for (const f of p.files) for (const data of f.findings) out.push({ file: f.file, patch, data });
  }
  return out;
}

export class ReviewTree implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private findings: ReviewedFinding[] = [];
  private basis: ReviewBasis | undefined;

  show(findings: ReviewedFinding[], basis: ReviewBasis): void {
    this.findings = findings;
    this.basis = basis;
    this.changed.fire();
  }

  getChildren(node?: Node): Node[] {
    if (!node) return GROUPS.map((g) => ({ kind: 'group', ...g, items: this.findings.filter((f) => f.data.state === g.state) }));
    return node.kind === 'group' ? node.items.map((item) => ({ kind: 'finding', item })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(`${node.label} (${node.items.length})`, node.items.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      return item;
    }
    const { file, patch, data } = node.item;
    const f = data.finding;
    const item = new vscode.TreeItem(`${f.ruleId} ${f.functionName}()`, vscode.TreeItemCollapsibleState.None);
    item.description = `${file}:${f.range.start.line + 1}${patch ? ` (patch ${patch})` : ''}`;
    const tip = new vscode.MarkdownString();
    tip.appendText(`${f.message}\n\n`);
    for (const s of f.path) tip.appendText(`line ${s.range.start.line + 1}: ${s.message}\n`);
    item.tooltip = tip;
    const where = this.basis ? locate(this.basis, file, data.image) : undefined;
    if (where) item.command = { title: 'Open', command: 'vscode.open', arguments: [where, { selection: new vscode.Range(f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character) }] };
    return item;
  }
}
