import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../ids.ts';
import { expandFindingHandler, type ExpandFindingDeps } from './expand-finding.ts';

export type ActionDeps = ExpandFindingDeps;

export function register(app: App, deps: ActionDeps): void {
  const toggle = expandFindingHandler(deps);
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.expandFinding }, toggle);
  app.action<BlockAction<ButtonAction>>({ type: 'block_actions', action_id: ACTION_IDS.collapseFinding }, toggle);
}
