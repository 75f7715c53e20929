// SARIF 2.1.0 for code-scanning services: one run, rules with their docs, results with codeFlows
// that walk the finding's path. Columns are UTF-16 code units, as the engine counts them.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range } from '../../paths/step';
import { ruleDocText } from '../../rules/docs';
import type { Severity } from '../../rules/finding';
import { RULES } from '../../rules/index';
import { VERSION } from '../../version';
import type { FileReport } from './report';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };

function region(r: Range) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** Relative to the working directory when the file is below it (portable across checkouts), else absolute. */
function artifact(file: string, cwd: string) {
  const abs = path.resolve(cwd, file);
  const rel = path.relative(cwd, abs);
  if (rel && !rel.startsWith('..') && !path.isAbsolute(rel)) {
    return { uri: rel.split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
  }
  return { uri: pathToFileURL(abs).href };
}

export function formatSarif(reports: FileReport[], cwd: string = process.cwd()): string {
  const rules = RULES.map((r) => {
    const doc = ruleDocText(r);
    return {
      id: r.id,
      name: r.name,
      shortDescription: { text: r.summary },
      fullDescription: { text: r.summary },
      ...(doc ? { help: { text: doc, markdown: doc } } : {}),
      defaultConfiguration: { level: LEVEL[r.severity] },
    };
  });
  const results = reports.flatMap((rep) =>
    rep.findings.map((f) => {
      const location = { physicalLocation: { artifactLocation: artifact(rep.file, cwd), region: region(f.range) } };
      return {
        ruleId: f.ruleId,
        ruleIndex: RULES.findIndex((r) => r.id === f.ruleId),
        level: LEVEL[f.severity],
        message: { text: f.message },
        // Which #if branches the analysis read: a finding may not hold for another configuration.
        ...(f.config ? { properties: { kernelConfig: f.config } } : {}),
        locations: [{ ...location, logicalLocations: [{ name: f.functionName, kind: 'function' }] }],
        codeFlows: [
          {
            message: { text: `path in ${f.functionName}()` },
            threadFlows: [
              {
                locations: f.path.map((s) => ({
                  location: {
                    physicalLocation: { artifactLocation: artifact(rep.file, cwd), region: region(s.range) },
                    message: { text: s.message },
                  },
                  kinds: [s.kind],
                })),
              },
            ],
          },
        ],
      };
    }),
  );
  const notifications = reports.flatMap((rep) =>
    rep.notes.map((n) => ({
      level: 'note',
      message: { text: n.message },
      locations: [{ physicalLocation: { artifactLocation: artifact(rep.file, cwd), ...(n.range ? { region: region(n.range) } : {}) } }],
    })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'lazymm', version: VERSION, semanticVersion: VERSION, rules } },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(cwd + path.sep).href } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
