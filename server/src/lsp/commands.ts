// `workspace/executeCommand` has one handler per connection: this module owns it and hands each
// command to the feature that registered it, so features can add commands without knowing each other.
// Handlers get the raw params (with the client's workDoneToken, which onExecuteCommand would take away).
import { ErrorCodes, ExecuteCommandRequest, ResponseError, type CancellationToken, type ExecuteCommandParams } from 'vscode-languageserver/node';
import type { FeatureContext } from './feature';

export type CommandHandler = (params: ExecuteCommandParams, token: CancellationToken) => Promise<unknown> | unknown;

const registries = new WeakMap<FeatureContext['connection'], Map<string, CommandHandler>>();

export function registerServerCommand(ctx: FeatureContext, command: string, handler: CommandHandler): void {
  let handlers = registries.get(ctx.connection);
  if (!handlers) {
    const table = new Map<string, CommandHandler>();
    handlers = table;
    registries.set(ctx.connection, table);
    ctx.connection.onRequest(ExecuteCommandRequest.type, (params, token) => {
      const h = table.get(params.command);
      if (!h) throw new ResponseError(ErrorCodes.InvalidParams, `lazymm: unknown command '${params.command}'`);
      return h(params, token);
    });
  }
  handlers.set(command, handler);
  const commands = ctx.capabilities.executeCommandProvider?.commands ?? [];
  ctx.capabilities.executeCommandProvider = { commands: [...commands.filter((c) => c !== command), command] };
}
