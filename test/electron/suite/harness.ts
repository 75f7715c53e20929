// A small test runner for the extension host (no mocha, no node:test: the host loads one module
// and calls its run()): named scenarios run one after another, each reported on the console that
// @vscode/test-electron passes through, and run() throws if any failed.
export type Scenario = [name: string, body: () => Promise<void>];

export async function runScenarios(suite: string, scenarios: Scenario[]): Promise<void> {
  const failed: string[] = [];
  for (const [name, body] of scenarios) {
    const start = Date.now();
    try {
      await body();
      console.log(`  ✔ ${suite}: ${name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed.push(name);
      console.error(`  ✖ ${suite}: ${name} (${Date.now() - start} ms)\n${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    }
  }
  console.log(`${suite}: ${scenarios.length - failed.length} passed, ${failed.length} failed`);
  if (failed.length > 0) throw new Error(`${suite}: ${failed.length} scenario(s) failed: ${failed.join('; ')}`);
}
