import type { App } from '@slack/bolt';
import { SLASH_COMMAND } from '../../ids.ts';
import { ariadneCommandHandler } from './ariadne-command.ts';
import type { CommandDeps } from './command-context.ts';

export type { CommandDeps };

export function register(app: App, deps: CommandDeps): void {
  app.command(SLASH_COMMAND, ariadneCommandHandler(deps));
}
