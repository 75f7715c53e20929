// `lazymm.ignore` globs as VS Code users write them (`**/tools/**`, `drivers/gpu/*.c`,
// `**/*.{h,S}`), compiled to regular expressions. A handful of lines instead of a dependency: the
// language server bundle stays small, and the syntax is the one `files.exclude` taught everybody.

/** Compiles one glob; throws with a one-line reason when it is malformed (an unclosed `{` or `[`). */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') {
      if (glob[i + 1] === '*') {
        // `**/` is zero or more whole directories; a trailing `**` is everything below.
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) throw new Error(`unclosed '[' in '${glob}'`);
      const body = glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
      re += `[${body}]`;
      i = close;
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) {
      re += '|';
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  if (braces > 0) throw new Error(`unclosed '{' in '${glob}'`);
  return new RegExp(`^${re}$`);
}

// Whether a file is ignored: its path relative to a workspace folder is tried, then the absolute
// path, so `**/tools/**` and `/home/me/linux/tools/**` both work. Paths use `/` on every platform.
export class IgnoreMatcher {
  constructor(
    readonly patterns: readonly string[],
    private readonly compiled: readonly RegExp[],
  ) {}

  static none(): IgnoreMatcher {
    return new IgnoreMatcher([], []);
  }

  ignores(absolutePath: string, roots: readonly string[]): boolean {
    if (this.compiled.length === 0) return false;
    const abs = absolutePath.replace(/\\/g, '/');
    const candidates = [abs];
    for (const root of roots) {
      const r = root.replace(/\\/g, '/').replace(/\/$/, '');
      if (abs.startsWith(`${r}/`)) candidates.push(abs.slice(r.length + 1));
    }
    return this.compiled.some((re) => candidates.some((p) => re.test(p)));
  }

  // A directory whose whole contents are ignored (`tools/` against `**/tools/**`) is not walked.
  ignoresDirectory(absolutePath: string, roots: readonly string[]): boolean {
    return this.ignores(`${absolutePath.replace(/[\\/]$/, '')}/`, roots);
  }
}
