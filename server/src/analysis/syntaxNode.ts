// The syntax tree as the analysis and the rules read it: web-tree-sitter's Node behind a memo.
// Every property of a Node (its type, its end, a field, its children) is a call into wasm that
// builds new objects, and path exploration asks the same node the same things once per path it
// lies on: a tree scan spent half its analysis time in those calls. A MemoNode asks once.
// One NodeMemo per parsed tree: node ids are unique within a tree, not across trees.
import type { Node } from 'web-tree-sitter';

/** What the analysis reads of a node: the part of web-tree-sitter's Node it uses. */
export interface SyntaxNode {
  readonly id: number;
  readonly type: string;
  readonly text: string;
  readonly startIndex: number;
  readonly endIndex: number;
  readonly parent: SyntaxNode | null;
  readonly children: SyntaxNode[];
  readonly namedChildren: SyntaxNode[];
  readonly namedChildCount: number;
  readonly previousSibling: SyntaxNode | null;
  readonly lastChild: SyntaxNode | null;
  child(index: number): SyntaxNode | null;
  childForFieldName(field: string): SyntaxNode | null;
  childrenForFieldName(field: string): SyntaxNode[];
  descendantsOfType(types: string | string[]): SyntaxNode[];
}

export class NodeMemo {
  private readonly nodes = new Map<number, MemoNode>();
  /** Per field name, per node id: one map per field rather than one per node keeps allocation low. */
  readonly fields = new Map<string, Map<number, MemoNode | null>>();

  /** The one MemoNode of `node` in this tree. */
  wrap(node: Node): MemoNode {
    let m = this.nodes.get(node.id);
    if (!m) {
      m = new MemoNode(node, this);
      this.nodes.set(node.id, m);
    }
    return m;
  }

  wrapOrNull(node: Node | null | undefined): MemoNode | null {
    return node ? this.wrap(node) : null;
  }

  wrapAll(nodes: ReadonlyArray<Node | null>): MemoNode[] {
    const out: MemoNode[] = [];
    for (const n of nodes) if (n) out.push(this.wrap(n));
    return out;
  }
}

const UNREAD = undefined;

class MemoNode implements SyntaxNode {
  readonly id: number;
  // startIndex is a plain field of a Node (read when it was made); the rest are wasm calls.
  readonly startIndex: number;
  private typeRead: string | undefined = UNREAD;
  private textRead: string | undefined = UNREAD;
  private endRead: number | undefined = UNREAD;
  private parentRead: MemoNode | null | undefined = UNREAD;
  private childrenRead: MemoNode[] | undefined = UNREAD;
  private namedRead: MemoNode[] | undefined = UNREAD;
  private previousRead: MemoNode | null | undefined = UNREAD;

  constructor(
    private readonly node: Node,
    private readonly memo: NodeMemo,
  ) {
    this.id = node.id;
    this.startIndex = node.startIndex;
  }

  get type(): string {
    return (this.typeRead ??= this.node.type);
  }

  get text(): string {
    return (this.textRead ??= this.node.text);
  }

  get endIndex(): number {
    return (this.endRead ??= this.node.endIndex);
  }

  get parent(): MemoNode | null {
    if (this.parentRead === UNREAD) this.parentRead = this.memo.wrapOrNull(this.node.parent);
    return this.parentRead;
  }

  get children(): MemoNode[] {
    return (this.childrenRead ??= this.memo.wrapAll(this.node.children));
  }

  get namedChildren(): MemoNode[] {
    return (this.namedRead ??= this.memo.wrapAll(this.node.namedChildren));
  }

  get namedChildCount(): number {
    return this.namedChildren.length;
  }

  get previousSibling(): MemoNode | null {
    if (this.previousRead === UNREAD) this.previousRead = this.memo.wrapOrNull(this.node.previousSibling);
    return this.previousRead;
  }

  get lastChild(): MemoNode | null {
    const c = this.children;
    return c[c.length - 1] ?? null;
  }

  child(index: number): MemoNode | null {
    return this.children[index] ?? null;
  }

  childForFieldName(field: string): MemoNode | null {
    let byId = this.memo.fields.get(field);
    if (!byId) {
      byId = new Map();
      this.memo.fields.set(field, byId);
    }
    let c = byId.get(this.id);
    if (c === UNREAD) {
      c = this.memo.wrapOrNull(this.node.childForFieldName(field));
      byId.set(this.id, c);
    }
    return c;
  }

  childrenForFieldName(field: string): MemoNode[] {
    return this.memo.wrapAll(this.node.childrenForFieldName(field));
  }

  descendantsOfType(types: string | string[]): MemoNode[] {
    return this.memo.wrapAll(this.node.descendantsOfType(types));
  }
}
