// The language server: wiring only. Documents are analysed by the engine (documents.ts); each
// feature registers its handlers on the connection from its own file.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CParser } from '../parse/parser';
import { VERSION } from '../version';
import { toDiagnostic } from './diagnostics';
import { DocumentAnalyses } from './documents';
import type { FeatureContext } from './feature';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const parser = CParser.load();

const analyses = new DocumentAnalyses(connection, documents, parser, {
  optionsFor: (uri) => ({ fileName: decodeURIComponent(uri.replace(/^file:\/\//, '')) }),
  diagnosticsFor: (a) => a.result.findings.map((f) => toDiagnostic(f, a.uri)),
});

/** Capabilities each feature module adds to the initialize result. */
const capabilities: InitializeResult['capabilities'] = { textDocumentSync: TextDocumentSyncKind.Incremental };
const features: Array<(s: FeatureContext) => void> = [];
const context: FeatureContext = { connection, documents, analyses, parser, capabilities };
for (const register of features) register(context);

connection.onInitialize((): InitializeResult => ({ capabilities, serverInfo: { name: 'lazymm', version: VERSION } }));

documents.listen(connection);
connection.listen();
