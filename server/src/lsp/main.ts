// The language server: wiring only. Documents are analysed by the engine (documents.ts); each
// feature registers its handlers on the connection from its own file.
import { createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type InitializeResult } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CParser } from '../parse/parser';
import { VERSION } from '../version';
import { registerCodeActions } from './codeActions';
import { registerCodeLens } from './codeLens';
import { DocumentAnalyses } from './documents';
import { editorServices } from './editorServices';
import type { FeatureContext } from './feature';
import { registerHover } from './hover';
import { registerMemoryUsage } from './memoryUsage';
import { registerReview } from './review';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const parser = CParser.load();

// Settings, status bar and workspace scan (editorServices.ts) decide the options documents are checked with.
const editor = editorServices(connection);
const analyses = new DocumentAnalyses(connection, documents, parser, editor.options);

/** Capabilities each feature module adds to the initialize result. */
const capabilities: InitializeResult['capabilities'] = { textDocumentSync: TextDocumentSyncKind.Incremental };
const features: Array<(s: FeatureContext) => void> = [registerCodeLens, registerCodeActions, registerHover, ...editor.features, registerReview, registerMemoryUsage];
const context: FeatureContext = { connection, documents, analyses, parser, capabilities, client: {} };
for (const register of features) register(context);

connection.onInitialize((params): InitializeResult => {
  context.client = params.capabilities;
  return { capabilities, serverInfo: { name: 'lazymm', version: VERSION } };
});

documents.listen(connection);
connection.listen();
