import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { ACTION_IDS } from '../../ids.ts';
import { expandFindingHandler } from './expand-finding.ts';
import { openFeedbackHandler } from './open-feedback.ts';
import { searchFurtherHandler, type SearchFurtherDeps } from './search-further.ts';
import { voteFindingHandler } from './vote-finding.ts';

export type ActionDeps = SearchFurtherDeps;

export function register(app: App, deps: ActionDeps): void {
  const button = (actionId: string) => ({ type: 'block_actions' as const, action_id: actionId });
  const toggle = expandFindingHandler(deps);
  app.action<BlockAction<ButtonAction>>(button(ACTION_IDS.expandFinding), toggle);
  app.action<BlockAction<ButtonAction>>(button(ACTION_IDS.collapseFinding), toggle);
  const vote = voteFindingHandler(deps);
  app.action<BlockAction<ButtonAction>>(button(ACTION_IDS.voteUp), vote);
  app.action<BlockAction<ButtonAction>>(button(ACTION_IDS.voteDown), vote);
  app.action<BlockAction<ButtonAction>>(button(ACTION_IDS.searchFurther), searchFurtherHandler(deps));
  app.action<BlockAction<ButtonAction>>(button(ACTION_IDS.openFeedback), openFeedbackHandler(deps));
}
