import type { App } from '@slack/bolt';
import * as actions from './actions/index.ts';
import * as commands from './commands/index.ts';
import * as views from './views/index.ts';

export type ListenerDeps = actions.ActionDeps & commands.CommandDeps & views.ViewDeps;

/** Registers every listener; one folder per kind. */
export function registerListeners(app: App, deps: ListenerDeps): void {
  actions.register(app, deps);
  views.register(app, deps);
  commands.register(app, deps);
}
