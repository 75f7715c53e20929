// Finds a rule's documentation: next to its source when run from source, in dist/rules/ when bundled.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Rule } from './rule';

export function ruleDocPath(rule: Rule): string | undefined {
  for (const candidate of [path.join(__dirname, 'rules', rule.docFile), path.join(__dirname, rule.docFile)]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

export function ruleDocText(rule: Rule): string | undefined {
  const p = ruleDocPath(rule);
  return p ? fs.readFileSync(p, 'utf8') : undefined;
}
