// The user's `lazymm.*` settings in the server: pulled with `workspace/configuration` after
// `initialized` and again on every `workspace/didChangeConfiguration` (or workspace folder change,
// which moves relative paths), validated (settingsSchema.ts), reported once per change, and handed
// to whoever re-checks when they move. A broken setting costs a warning, never the server.
import * as fs from 'node:fs';
import { DidChangeConfigurationNotification, MessageType, ShowMessageNotification, type Connection } from 'vscode-languageserver/node';
import type { FeatureContext } from './feature';
import { uriToPath } from './findingsView';
import { DEFAULT_SETTINGS, settingsKey, validateSettings, type LazymmSettings } from './settingsSchema';

export const SETTINGS_SECTION = 'lazymm';
/**
 * How often the kernel .config named in the settings is checked for changes. Polled (fs.watchFile)
 * rather than watched: `make olddefconfig` and editors replace the file, which an inotify watch on
 * the old inode would miss.
 */
export const CONFIG_POLL_MS = 1000;

export class SettingsStore {
  /** The validated settings in force. */
  current: LazymmSettings = DEFAULT_SETTINGS;
  /** Workspace folders as file-system paths (relative settings and ignore globs are based on them). */
  roots: string[] = [];
  private readonly listeners: Array<() => void> = [];
  private lastWarning = '';

  /** Called after the settings in force changed (not after a pull that changed nothing). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /**
   * Validates `raw` and puts it in force. Returns the warning to show, or undefined when there is
   * none or it is the one shown last (a change elsewhere in the settings does not repeat it).
   */
  apply(raw: unknown, roots: string[]): string | undefined {
    const { settings, problems } = validateSettings(raw, { workspaceFolders: roots });
    const changed = settingsKey(settings) !== settingsKey(this.current) || roots.join('\n') !== this.roots.join('\n');
    this.current = settings;
    this.roots = roots;
    if (changed) for (const l of this.listeners) l();
    const warning = problems.length === 0 ? '' : `lazymm: invalid settings, using defaults for them: ${problems.join('; ')}`;
    if (warning === this.lastWarning) return undefined;
    this.lastWarning = warning;
    return warning || undefined;
  }
}

/** Keeps `store` in step with the client's settings. */
export function registerSettings(store: SettingsStore) {
  return (ctx: FeatureContext): void => {
    const { connection } = ctx;
    // Pulls can overlap (two quick edits of settings.json); only the newest one's answer counts.
    let generation = 0;
    // What a push-model client sent last: a workspace folder change re-applies it.
    let pushed: unknown;
    // The .config in force is read again when it changes on disk (a new `make menuconfig`).
    let watched: string | undefined;
    const onConfigFile = (now: fs.Stats, before: fs.Stats) => {
      if (now.mtimeMs !== before.mtimeMs || now.size !== before.size) void refresh();
    };
    const watchConfig = () => {
      const file = store.current.kernelConfig?.path;
      if (file === watched) return;
      if (watched !== undefined) fs.unwatchFile(watched, onConfigFile);
      watched = file;
      // Not persistent: the poll never keeps the server alive after the client has gone.
      if (file !== undefined) fs.watchFile(file, { interval: CONFIG_POLL_MS, persistent: false }, onConfigFile);
    };
    const refresh = async (): Promise<void> => {
      const mine = ++generation;
      try {
        const roots = await workspaceRoots(ctx);
        const raw = ctx.client.workspace?.configuration ? await connection.workspace.getConfiguration(SETTINGS_SECTION) : pushed;
        if (mine !== generation) return;
        const warning = store.apply(raw, roots);
        watchConfig();
        if (warning) {
          connection.console.warn(warning);
          // The notification, not window.showWarningMessage: that is a request the user would have to answer.
          void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: warning });
        }
      } catch (e) {
        // The client could not answer: keep the settings in force and say why in the log.
        connection.console.error(`lazymm: could not read the settings: ${e instanceof Error ? e.message : String(e)}`);
      }
    };

    ctx.capabilities.workspace = { ...ctx.capabilities.workspace, workspaceFolders: { supported: true, changeNotifications: true } };
    connection.onInitialized(() => {
      // Without this registration VS Code sends no didChangeConfiguration to a pull-model server.
      if (ctx.client.workspace?.didChangeConfiguration?.dynamicRegistration) {
        connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION }).catch(logRegistrationFailure(connection));
      }
      if (ctx.client.workspace?.workspaceFolders) connection.workspace.onDidChangeWorkspaceFolders(() => void refresh());
      void refresh();
    });
    // Push-model clients send the settings along; pull-model clients send null and get asked.
    connection.onDidChangeConfiguration((change) => {
      const settings: unknown = change.settings;
      if (typeof settings === 'object' && settings !== null) pushed = (settings as Record<string, unknown>)[SETTINGS_SECTION];
      void refresh();
    });
  };
}

/** The workspace folders' paths, asked of the client each time (folders come and go). */
export async function workspaceRoots(ctx: FeatureContext): Promise<string[]> {
  if (!ctx.client.workspace?.workspaceFolders) return [];
  const folders = (await ctx.connection.workspace.getWorkspaceFolders()) ?? [];
  return folders.map((f) => uriToPath(f.uri)).filter((p): p is string => p !== undefined);
}

function logRegistrationFailure(connection: Connection) {
  return (e: unknown) => connection.console.warn(`lazymm: settings changes will not be followed: ${e instanceof Error ? e.message : String(e)}`);
}
