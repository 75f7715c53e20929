// The messages between the extension and the paths webview. Both sides import these types.

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
