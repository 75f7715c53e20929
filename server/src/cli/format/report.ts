// The CLI's view of a run: what each file produced. Every output format renders this.
import type { Finding, Note } from '../../rules/finding';

export interface FileReport {
  /** Path as shown to the user. */
  file: string;
  findings: Finding[];
  notes: Note[];
}
