// The `lazymm.*` settings, checked field by field. Settings come from hand-edited JSON, so every
// field may be missing, mistyped or stale: each bad field falls back to its default on its own and
// yields one plain sentence naming the setting and the fallback. Nothing here throws.
import * as os from 'node:os';
import * as path from 'node:path';
import { readKernelConfigFile } from '../cli/scanContext';
import { DEFAULT_CONFIG, parseKernelConfig, type KernelConfig } from '../parse/config';
import { RULES } from '../rules/index';
import { globToRegExp, IgnoreMatcher } from './glob';

export const ARCHITECTURES = ['x86', 'x86-pv', 'arm64', 'powerpc-radix'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];
export const RULE_LEVELS = ['error', 'warning', 'info', 'off'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];
export const TRACE_LEVELS = ['off', 'messages', 'verbose'] as const;
export type TraceLevel = (typeof TRACE_LEVELS)[number];

export interface KernelConfigSetting {
  /** Absolute, after resolving against the workspace folder. */
  path: string;
  /** The file's text when it was read: a changed file is a changed setting. */
  text: string;
  config: KernelConfig;
}

export interface LazymmSettings {
  /** For the simulator (issue 5); the checker does not read it yet. */
  architecture: Architecture;
  /** Unset: the engine's built-in DEFAULT_CONFIG. */
  kernelConfig?: KernelConfigSetting;
  /** Per-rule overrides; rules not listed keep their own severity. */
  rules: ReadonlyMap<string, RuleLevel>;
  ignore: IgnoreMatcher;
  /** Honoured by the language client itself; validated here so a typo is reported like any other. */
  traceServer: TraceLevel;
}

export const DEFAULT_SETTINGS: LazymmSettings = {
  architecture: 'x86',
  rules: new Map(),
  ignore: IgnoreMatcher.none(),
  traceServer: 'off',
};

export interface SettingsEnvironment {
  /** Workspace folders as file-system paths; relative paths resolve against the first. */
  workspaceFolders: readonly string[];
}

export interface Validated {
  settings: LazymmSettings;
  /** One sentence per invalid field: the setting, what is wrong, the fallback. */
  problems: string[];
}

const KNOWN_KEYS = new Set(['architecture', 'kernelConfig', 'rules', 'ignore', 'trace']);
const RULE_IDS = new Set(RULES.map((r) => r.id));
const RULE_RANGE = `${RULES[0]!.id} to ${RULES[RULES.length - 1]!.id}`;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  return typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
}

function oneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

/** `raw` is what `workspace/configuration` returned for the section `lazymm` (null when unset). */
export function validateSettings(raw: unknown, env: SettingsEnvironment): Validated {
  const problems: string[] = [];
  if (raw === null || raw === undefined) return { settings: DEFAULT_SETTINGS, problems };
  if (!isRecord(raw)) return { settings: DEFAULT_SETTINGS, problems: [`lazymm: the settings are ${show(raw)}, not an object; using the defaults`] };
  for (const key of Object.keys(raw)) if (!KNOWN_KEYS.has(key)) problems.push(`lazymm.${key}: unknown setting, ignored`);

  const settings: LazymmSettings = {
    architecture: architecture(raw.architecture, problems),
    rules: rules(raw.rules, problems),
    ignore: ignore(raw.ignore, problems),
    traceServer: trace(raw.trace, problems),
  };
  const config = kernelConfig(raw.kernelConfig, env, problems);
  if (config) settings.kernelConfig = config;
  return { settings, problems };
}

function architecture(v: unknown, problems: string[]): Architecture {
  if (v === undefined || oneOf(ARCHITECTURES, v)) return v ?? DEFAULT_SETTINGS.architecture;
  problems.push(`lazymm.architecture: ${show(v)} is not one of ${ARCHITECTURES.join(', ')}; using ${DEFAULT_SETTINGS.architecture}`);
  return DEFAULT_SETTINGS.architecture;
}

function rules(v: unknown, problems: string[]): Map<string, RuleLevel> {
  const out = new Map<string, RuleLevel>();
  if (v === undefined) return out;
  if (!isRecord(v)) {
    problems.push(`lazymm.rules: ${show(v)} is not an object of rule IDs to severities; every rule keeps its own severity`);
    return out;
  }
  for (const [id, level] of Object.entries(v)) {
    if (!RULE_IDS.has(id)) problems.push(`lazymm.rules: unknown rule ID '${id}' (known: ${RULE_RANGE}), ignored`);
    else if (!oneOf(RULE_LEVELS, level)) problems.push(`lazymm.rules.${id}: ${show(level)} is not one of ${RULE_LEVELS.join(', ')}; ${id} keeps its own severity`);
    else out.set(id, level);
  }
  return out;
}

function ignore(v: unknown, problems: string[]): IgnoreMatcher {
  if (v === undefined) return DEFAULT_SETTINGS.ignore;
  if (!Array.isArray(v)) {
    problems.push(`lazymm.ignore: ${show(v)} is not an array of glob patterns; no file is ignored`);
    return DEFAULT_SETTINGS.ignore;
  }
  const patterns: string[] = [];
  const compiled: RegExp[] = [];
  for (const p of v) {
    if (typeof p !== 'string' || p.trim() === '') {
      problems.push(`lazymm.ignore: ${show(p)} is not a glob pattern, skipped`);
      continue;
    }
    try {
      compiled.push(globToRegExp(p.trim()));
      patterns.push(p.trim());
    } catch (e) {
      problems.push(`lazymm.ignore: ${(e as Error).message}, skipped`);
    }
  }
  return new IgnoreMatcher(patterns, compiled);
}

function trace(v: unknown, problems: string[]): TraceLevel {
  if (v === undefined) return DEFAULT_SETTINGS.traceServer;
  if (!isRecord(v)) {
    problems.push(`lazymm.trace: ${show(v)} is not an object; using lazymm.trace.server = off`);
    return DEFAULT_SETTINGS.traceServer;
  }
  for (const key of Object.keys(v)) if (key !== 'server') problems.push(`lazymm.trace.${key}: unknown setting, ignored`);
  if (v.server === undefined || oneOf(TRACE_LEVELS, v.server)) return v.server ?? DEFAULT_SETTINGS.traceServer;
  problems.push(`lazymm.trace.server: ${show(v.server)} is not one of ${TRACE_LEVELS.join(', ')}; using off`);
  return DEFAULT_SETTINGS.traceServer;
}

function kernelConfig(v: unknown, env: SettingsEnvironment, problems: string[]): KernelConfigSetting | undefined {
  if (v === undefined || v === null || v === '') return undefined;
  const fallback = `using the ${DEFAULT_CONFIG.label}`;
  if (typeof v !== 'string') {
    problems.push(`lazymm.kernelConfig: ${show(v)} is not a path; ${fallback}`);
    return undefined;
  }
  const resolved = resolvePath(v.trim(), env);
  if (!resolved) {
    problems.push(`lazymm.kernelConfig: '${v}' is relative and no workspace folder is open; ${fallback}`);
    return undefined;
  }
  try {
    // The CLI's own reader: the same checks and wording as `lazymm check --config`.
    const { text, label } = readKernelConfigFile(resolved);
    return { path: resolved, text, config: parseKernelConfig(text, label) };
  } catch (e) {
    problems.push(`lazymm.kernelConfig: ${(e as Error).message}; ${fallback}`);
    return undefined;
  }
}

/** `~/`, `${workspaceFolder}` and relative paths, as VS Code users write them in settings. */
function resolvePath(p: string, env: SettingsEnvironment): string | undefined {
  const root = env.workspaceFolders[0];
  if (p.includes('${workspaceFolder}')) {
    if (!root) return undefined;
    p = p.split('${workspaceFolder}').join(root);
  }
  if (p === '~' || p.startsWith('~/')) p = path.join(os.homedir(), p.slice(1));
  if (path.isAbsolute(p)) return path.normalize(p);
  return root ? path.resolve(root, p) : undefined;
}

/** Equal keys mean equal analyses: a re-check after a settings change is needed only when it moves. */
export function settingsKey(s: LazymmSettings): string {
  return JSON.stringify([s.architecture, s.kernelConfig?.path, s.kernelConfig?.text, [...s.rules].sort(), s.ignore.patterns]);
}
