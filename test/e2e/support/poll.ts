// Polling for the e2e suite: the workbench, the language server and the webview all answer in their
// own time, so every check waits for its condition (with a deadline and a message) instead of sleeping.

export const TIMEOUT_MS = Number(process.env.LAZYMM_E2E_TIMEOUT_MS ?? 30_000);

/**
 * A whole e2e file, its before() hook included: the first run on a machine installs code-server
 * there (1-2 min; scripts/e2e/setup.sh). Every wait inside has its own, shorter deadline.
 */
export const SUITE_TIMEOUT_MS = 15 * 60_000;

/**
 * Calls `probe` until it returns something other than undefined/false, and returns that. A probe
 * that throws counts as "not yet"; after `timeout` ms the last value or error is in the message.
 */
export async function poll<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeout = TIMEOUT_MS, every = 100): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (e) {
      last = e instanceof Error ? e.message.split('\n')[0] : e;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, every));
  }
}
