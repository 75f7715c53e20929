// `lazymm review --format sarif`: SARIF 2.1.0 with one run per patch, each result carrying its
// baselineState against the text before that patch: `new`, `unchanged` (pre-existing) or `absent`
// (fixed; its location is in the file as it was before the patch). The finding's path is a codeFlow.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Range } from '../../paths/step';
import type { Classified } from '../../review/classify';
import type { PatchReview, ReviewResult } from '../../review/types';
import { ruleDocText } from '../../rules/docs';
import type { Severity } from '../../rules/finding';
import { RULES } from '../../rules/index';
import { VERSION } from '../../version';

const LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note' };
const BASELINE: Record<Classified['state'], string> = { new: 'new', 'pre-existing': 'unchanged', fixed: 'absent' };

function region(r: Range) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** Paths in a patch are relative to the tree's top: SRCROOT is that top (the --tree, else the working directory). */
function artifact(file: string) {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' };
}

function result(file: string, c: Classified) {
  const f = c.finding;
  const location = { physicalLocation: { artifactLocation: artifact(file), region: region(f.range) } };
  return {
    ruleId: f.ruleId,
    ruleIndex: RULES.findIndex((r) => r.id === f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.message },
    baselineState: BASELINE[c.state],
    properties: { reviewState: c.state, ...(f.config ? { kernelConfig: f.config } : {}), ...(c.state === 'fixed' ? { locationsRefer: 'the file before the patch' } : {}) },
    locations: [{ ...location, logicalLocations: [{ name: f.functionName, kind: 'function' }] }],
    codeFlows: [
      {
        message: { text: `path in ${f.functionName}()` },
        threadFlows: [{ locations: f.path.map((s) => ({ location: { physicalLocation: { artifactLocation: artifact(file), region: region(s.range) }, message: { text: s.message } }, kinds: [s.kind] })) }],
      },
    ],
  };
}

function run(p: PatchReview, n: number, srcRoot: string, rules: object[]) {
  const results = p.files.flatMap((f) => f.findings.map((c) => result(c.state === 'fixed' ? (f.oldPath ?? f.file) : f.file, c)));
  const notifications = p.files.flatMap((f) => f.messages.map((m) => ({ level: 'note', message: { text: m }, locations: [{ physicalLocation: { artifactLocation: artifact(f.file) } }] })));
  return {
    tool: { driver: { name: 'lazymm', version: VERSION, semanticVersion: VERSION, rules } },
    automationDetails: { description: { text: p.subject || `patch ${n}` }, id: `lazymm-review/patch-${n}` },
    originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(srcRoot + path.sep).href } },
    invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
    columnKind: 'utf16CodeUnits',
    properties: {
      patch: { subject: p.subject, ...(p.index !== undefined ? { index: p.index, total: p.total } : {}), ...(p.author ? { author: p.author } : {}), ...(p.date ? { date: p.date } : {}), ...(p.messageId ? { messageId: p.messageId } : {}) },
      simulation: p.simulation.filter((s) => s.cells.some((c) => c.changed)),
    },
    results,
  };
}

export function formatReviewSarif(review: ReviewResult, srcRoot: string): string {
  const rules = RULES.map((r) => {
    const doc = ruleDocText(r);
    return { id: r.id, name: r.name, shortDescription: { text: r.summary }, fullDescription: { text: r.summary }, ...(doc ? { help: { text: doc, markdown: doc } } : {}), defaultConfiguration: { level: LEVEL[r.severity] } };
  });
  const log = { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: review.patches.map((p, i) => run(p, i + 1, path.resolve(srcRoot), rules)) };
  return `${JSON.stringify(log, null, 2)}\n`;
}
