import type { App } from '@slack/bolt';
import * as actions from './actions/index.ts';

export type ListenerDeps = actions.ActionDeps;

/** Registers every listener; one folder per kind (actions now; commands, views and events later). */
export function registerListeners(app: App, deps: ListenerDeps): void {
  actions.register(app, deps);
}
