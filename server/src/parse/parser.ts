// Loads web-tree-sitter and the tree-sitter-c grammar once, for the language server and the CLI alike.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';
import { cleanKernelC } from './cleanup';

const GRAMMAR_FILE = 'tree-sitter-c.wasm';
const RUNTIME_FILE = 'web-tree-sitter.wasm';

/** Walks up from `start` to the first folder holding `relative`; bundles and sources live at different depths. */
function findUp(start: string, relative: string): string | undefined {
  let dir = start;
  for (;;) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function runtimeWasmPath(): string {
  // Next to the esbuild bundle in dist/, or in node_modules when running from source.
  const bundled = path.join(__dirname, RUNTIME_FILE);
  if (fs.existsSync(bundled)) return bundled;
  return require.resolve(`web-tree-sitter/${RUNTIME_FILE}`);
}

function grammarWasmPath(): string {
  const found = findUp(__dirname, path.join('grammars', GRAMMAR_FILE));
  if (!found) {
    throw new Error(`cannot find grammars/${GRAMMAR_FILE}; run 'npm run build' to copy it from the tree-sitter-c package`);
  }
  return found;
}

export class CParser {
  private constructor(private readonly parser: Parser) {}

  private static loading: Promise<CParser> | undefined;

  /** One parser per process: loading the wasm is the slow part, parsing is not. */
  static load(): Promise<CParser> {
    CParser.loading ??= (async () => {
      const runtime = runtimeWasmPath();
      await Parser.init({ locateFile: () => runtime });
      const language = await Language.load(grammarWasmPath());
      const parser = new Parser();
      parser.setLanguage(language);
      return new CParser(parser);
    })();
    return CParser.loading;
  }

  /** Parses kernel C after the offset-preserving clean-up; every node range maps to the original text. */
  parse(text: string, oldTree?: Tree): Tree {
    const tree = this.parser.parse(cleanKernelC(text), oldTree ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }

  /** Bare tree-sitter parsing with no clean-up: the reference the bench measures against. */
  parseRaw(text: string): Tree {
    const tree = this.parser.parse(text);
    if (!tree) throw new Error('tree-sitter returned no tree');
    return tree;
  }
}
