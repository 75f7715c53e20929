// The messages between the extension and its two webviews (the paths panel and the simulator
// panel). Both sides import these types; each side still checks the shape of what it receives.

export interface PanelStep {
  line: number;
  character: number;
  message: string;
  /** The source line, shown as text: never interpreted as markup. */
  source: string;
}

export interface PanelFinding {
  ruleId: string;
  message: string;
  line: number;
  steps: PanelStep[];
}

export type ToPanel = { type: 'findings'; file: string; findings: PanelFinding[] };
export type FromPanel = { type: 'reveal'; line: number; character: number };

// --- The simulator panel (view type lazymm.simulator) ---

export interface SimPosition {
  line: number;
  character: number;
}

/** One step of the annotated path, as the code lens carries it plus its source line. */
export interface SimStep {
  /** A StepKind of server/src/paths/step.ts. */
  kind: string;
  message: string;
  range: { start: SimPosition; end: SimPosition };
  /** The text of the step's line, shown as text: never interpreted as markup. */
  source: string;
}

/** The path the panel simulates: a function's annotated path, or a finding's. */
export interface SimPath {
  uri: string;
  /** The file as the user knows it (workspace-relative), for the heading. */
  file: string;
  functionName: string;
  ruleId?: string;
  steps: SimStep[];
}

/** Extension -> simulator page. `arch` is the lazymm.architecture setting: the first cell in focus. */
export type ToSimulator = { type: 'path'; path: SimPath; arch?: string };

/** Simulator page -> extension: the page is listening; reveal a step's line in the editor. */
export type FromSimulator = { type: 'ready' } | { type: 'reveal'; line: number; character: number };
