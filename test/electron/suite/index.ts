// The entry @vscode/test-electron loads in the extension host (--extensionTestsPath): runs the
// scenarios the runner asked for (LAZYMM_ELECTRON_SUITE) and throws if one failed.
import { editorScenarios } from './editorScenarios';
import { runScenarios } from './harness';
import { untrustedScenarios } from './untrustedScenarios';

export async function run(): Promise<void> {
  const suite = process.env.LAZYMM_ELECTRON_SUITE;
  if (suite === 'trusted') return runScenarios('trusted workspace', editorScenarios);
  if (suite === 'untrusted') return runScenarios('untrusted workspace', untrustedScenarios);
  throw new Error(`LAZYMM_ELECTRON_SUITE must be 'trusted' or 'untrusted', not ${JSON.stringify(suite)}`);
}
