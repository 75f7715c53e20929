// The language server: parses open C documents and publishes lazy-mm diagnostics. Wiring only;
// the analysis is the engine's (../engine.ts).
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { checkText } from '../engine';
import { MAX_FILE_BYTES } from '../input';
import { CParser } from '../parse/parser';
import { VERSION } from '../version';
import { toDiagnostic } from './diagnostics';

/** Typing pauses shorter than this do not trigger a re-check. */
const DEBOUNCE_MS = 200;

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const pending = new Map<string, NodeJS.Timeout>();
const parser = CParser.load();

connection.onInitialize(() => ({
  capabilities: { textDocumentSync: TextDocumentSyncKind.Incremental },
  serverInfo: { name: 'lazymm', version: VERSION },
}));

function tooLarge(): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Information,
    source: 'lazymm',
    message: `lazymm: not analysed: the file is larger than ${MAX_FILE_BYTES / 1048576} MiB`,
  };
}

async function validate(doc: TextDocument): Promise<void> {
  const version = doc.version;
  let diagnostics: Diagnostic[];
  try {
    const text = doc.getText();
    if (text.length > MAX_FILE_BYTES) {
      diagnostics = [tooLarge()];
    } else {
      const result = checkText(await parser, text);
      diagnostics = result.findings.map((f) => toDiagnostic(f, doc.uri));
      for (const n of result.notes) connection.console.info(`${doc.uri}: ${n.message}`);
    }
  } catch (e) {
    // Never let one document take the server down: log it and keep serving.
    connection.console.error(`lazymm: analysis of ${doc.uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return;
  }
  // A newer edit arrived while we worked: its own validation will publish.
  if (documents.get(doc.uri)?.version !== version) return;
  await connection.sendDiagnostics({ uri: doc.uri, version, diagnostics });
}

function schedule(doc: TextDocument): void {
  clearTimeout(pending.get(doc.uri));
  pending.set(
    doc.uri,
    setTimeout(() => {
      pending.delete(doc.uri);
      const current = documents.get(doc.uri);
      if (current) void validate(current);
    }, DEBOUNCE_MS),
  );
}

/** Documents checked since they were opened: the first check is immediate, later ones wait for a pause in typing. */
const checked = new Set<string>();

documents.onDidChangeContent((e) => {
  if (checked.has(e.document.uri)) return schedule(e.document);
  checked.add(e.document.uri);
  void validate(e.document);
});
documents.onDidClose((e) => {
  clearTimeout(pending.get(e.document.uri));
  pending.delete(e.document.uri);
  checked.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

documents.listen(connection);
connection.listen();
