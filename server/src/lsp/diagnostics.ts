// Renders engine findings as LSP diagnostics: rule ID, link to the rule's docs, the path as related information.
import { pathToFileURL } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import { ruleDocPath } from '../rules/docs';
import type { Finding, Severity } from '../rules/finding';
import { ruleById } from '../rules/index';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function toDiagnostic(finding: Finding, uri: string): Diagnostic {
  const rule = ruleById(finding.ruleId);
  const doc = rule ? ruleDocPath(rule) : undefined;
  return {
    range: finding.range,
    severity: SEVERITY[finding.severity],
    code: finding.ruleId,
    ...(doc ? { codeDescription: { href: pathToFileURL(doc).href } } : {}),
    source: 'lazymm',
    message: finding.message,
    relatedInformation: finding.path.map((step) => ({ location: { uri, range: step.range }, message: step.message })),
    data: { ruleName: finding.ruleName, functionName: finding.functionName },
  };
}
