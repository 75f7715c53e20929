// What the settings change about an analysis and its diagnostics: the kernel configuration and file
// name the engine reads with, severities overridden, rules turned off, ignored files silent, and the
// configuration each diagnostic holds for. Shared by open documents and the workspace scan.
import { fileURLToPath } from 'node:url';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { CheckOptions } from '../engine';
import { DEFAULT_CONFIG } from '../parse/config';
import type { Finding } from '../rules/finding';
import { toDiagnostic } from './diagnostics';
import type { LazymmSettings, RuleLevel } from './settingsSchema';

const SEVERITY: Record<Exclude<RuleLevel, 'off'>, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

/** The file-system path of a `file:` URI; other schemes (untitled, git) have none. */
export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function isIgnored(settings: LazymmSettings, roots: readonly string[], uri: string): boolean {
  const file = uriToPath(uri);
  return file !== undefined && settings.ignore.ignores(file, roots);
}

export function optionsFor(settings: LazymmSettings, uri: string): CheckOptions {
  const fileName = uriToPath(uri) ?? uri;
  return settings.kernelConfig ? { fileName, config: settings.kernelConfig.config } : { fileName };
}

/**
 * The diagnostics to publish for `findings`. The configuration goes on a line of its own after the
 * message, so the first line (what the Problems panel lists, what a review comment quotes) is the
 * engine's message unchanged.
 */
export function diagnosticsFor(settings: LazymmSettings, roots: readonly string[], uri: string, findings: readonly Finding[]): Diagnostic[] {
  if (isIgnored(settings, roots, uri)) return [];
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const level = settings.rules.get(f.ruleId);
    if (level === 'off') continue;
    const d = toDiagnostic(f, uri);
    if (level) d.severity = SEVERITY[level];
    d.message = `${f.message}\nKernel configuration: ${f.config ?? settings.kernelConfig?.config.label ?? DEFAULT_CONFIG.label}`;
    out.push(d);
  }
  return out;
}
