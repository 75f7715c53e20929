// What every language-server feature module gets: it registers its handlers on the connection and
// adds its capabilities, reading documents' analyses from `analyses` (never analysing itself).
import type { ClientCapabilities, Connection, InitializeResult, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { CParser } from '../parse/parser';
import type { DocumentAnalyses } from './documents';

export interface FeatureContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  analyses: DocumentAnalyses;
  parser: Promise<CParser>;
  /** Filled in before `initialize` is answered: a feature sets its provider here. */
  capabilities: InitializeResult['capabilities'];
  /** What the client said it supports, set when `initialize` arrives (main.ts owns that handler). */
  client: ClientCapabilities;
}
