// The analysis of each open document: validated after a pause in typing, stale work cancelled,
// the latest result kept for the features (code actions, hovers, code lenses) to read.
import type { Connection, Diagnostic, TextDocuments } from 'vscode-languageserver/node';
import { DiagnosticSeverity } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { analyzeText, type CheckOptions, type EditorResult } from '../engine';
import { MAX_FILE_BYTES } from '../input';
import { FunctionCache } from '../functionCache';
import { IncrementalTree } from '../parse/incremental';
import type { CParser } from '../parse/parser';
import type { DocumentMemory } from './extensionProtocol';

/** Typing pauses shorter than this do not trigger a re-check. */
export const DEBOUNCE_MS = 200;

export interface Analysis {
  uri: string;
  version: number;
  result: EditorResult;
  /** What was published for it: the findings after the settings (severities, rules off, ignores). */
  diagnostics?: Diagnostic[];
}

export interface AnalysisOptionsSource {
  /** Engine options for a document (configuration, file name, per-rule severities applied later). */
  optionsFor(uri: string): CheckOptions;
  /** Turns findings into the diagnostics to publish (severity overrides, rules turned off). */
  diagnosticsFor(analysis: Analysis): Diagnostic[];
  /** The check of `uri` threw (already logged): the status bar shows an error. */
  failed?(uri: string, error: unknown): void;
}

/** What DocumentAnalyses keeps for one document (see kept()). */
export type KeptState = Pick<DocumentMemory, 'uri' | 'analysis' | 'tree' | 'cachedFunctions' | 'pending'>;

export class DocumentAnalyses {
  private readonly latest = new Map<string, Analysis>();
  /** Each open document's last tree, for incremental parsing, and its functions' last analyses. */
  private readonly trees = new Map<string, { tree: IncrementalTree; functions: FunctionCache }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Documents checked since they were opened: the first check is immediate, later ones debounced. */
  private readonly checked = new Set<string>();
  private readonly listeners: Array<(a: Analysis) => void> = [];

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly parser: Promise<CParser>,
    private readonly options: AnalysisOptionsSource,
  ) {
    documents.onDidChangeContent((e) => {
      if (this.checked.has(e.document.uri)) return this.schedule(e.document);
      this.checked.add(e.document.uri);
      void this.validate(e.document);
    });
    documents.onDidClose((e) => {
      clearTimeout(this.pending.get(e.document.uri));
      this.pending.delete(e.document.uri);
      this.checked.delete(e.document.uri);
      this.latest.delete(e.document.uri);
      this.trees.get(e.document.uri)?.tree.dispose();
      this.trees.delete(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
  }

  /** The newest analysis of `uri` that matches its current text, if there is one. */
  current(uri: string): Analysis | undefined {
    const a = this.latest.get(uri);
    return a && this.documents.get(uri)?.version === a.version ? a : undefined;
  }

  /**
   * What is kept per document, for every document anything is kept for (lazymm/memoryUsage): the
   * last analysis, the incremental tree, the per-function cache, a check waiting for typing to pause.
   * A closed document keeps nothing.
   */
  kept(): KeptState[] {
    const uris = new Set([...this.latest.keys(), ...this.trees.keys(), ...this.pending.keys(), ...this.checked]);
    return [...uris].map((uri) => {
      const a = this.latest.get(uri);
      const kept = this.trees.get(uri);
      const cachedFunctions = kept?.functions.size;
      return {
        uri,
        ...(a ? { analysis: { version: a.version, findings: a.result.findings.length, functions: a.result.functions.length, ...(a.diagnostics ? { diagnostics: a.diagnostics.length } : {}) } } : {}),
        tree: !!kept,
        ...(cachedFunctions !== undefined ? { cachedFunctions } : {}),
        pending: this.pending.has(uri),
      };
    });
  }

  /** Called after every published analysis (code lenses refresh, the status bar updates). */
  onAnalysed(listener: (a: Analysis) => void): void {
    this.listeners.push(listener);
  }

  /** Re-checks every open document now (settings changed). */
  revalidateAll(): void {
    for (const doc of this.documents.all()) void this.validate(doc);
  }

  private schedule(doc: TextDocument): void {
    clearTimeout(this.pending.get(doc.uri));
    this.pending.set(
      doc.uri,
      setTimeout(() => {
        this.pending.delete(doc.uri);
        const current = this.documents.get(doc.uri);
        if (current) void this.validate(current);
      }, DEBOUNCE_MS),
    );
  }

  private async validate(doc: TextDocument): Promise<void> {
    const version = doc.version;
    let analysis: Analysis;
    try {
      const text = doc.getText();
      if (text.length > MAX_FILE_BYTES) {
        await this.connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: [tooLarge()] });
        return;
      }
      let kept = this.trees.get(doc.uri);
      if (!kept) this.trees.set(doc.uri, (kept = { tree: new IncrementalTree(), functions: new FunctionCache() }));
      const result = analyzeText(await this.parser, text, { ...this.options.optionsFor(doc.uri), incremental: kept.tree, functionCache: kept.functions });
      for (const n of result.notes) this.connection.console.info(`${doc.uri}: ${n.message}`);
      analysis = { uri: doc.uri, version, result };
    } catch (e) {
      // Never let one document take the server down: log it and keep serving.
      this.connection.console.error(`lazymm: analysis of ${doc.uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      this.options.failed?.(doc.uri, e);
      return;
    }
    // A newer edit arrived while we worked: its own validation will publish.
    if (this.documents.get(doc.uri)?.version !== version) return;
    this.latest.set(doc.uri, analysis);
    analysis.diagnostics = this.options.diagnosticsFor(analysis);
    await this.connection.sendDiagnostics({ uri: doc.uri, version, diagnostics: analysis.diagnostics });
    for (const l of this.listeners) l(analysis);
  }
}

function tooLarge(): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'lazymm',
    message: `lazymm: not analysed: the file is larger than ${MAX_FILE_BYTES / 1048576} MiB`,
  };
}
