// Re-renders a posted report from the store (after a click, a vote, a finished search) and updates
// the message in place; the listeners never build blocks themselves.
import type { WebClient } from '@slack/web-api';
import type { InvestigationStore, StoredReport } from '../store/index.ts';
import { investigationMetadata } from './message-metadata.ts';
import { renderReport, type ReportView } from './render/render-report.ts';
import { loadReportView } from './report-view.ts';

export interface RefreshDeps {
  client: WebClient;
  store: InvestigationStore;
  publicUrl?: string | undefined;
}

export async function refreshReportMessage(deps: RefreshDeps, stored: StoredReport, message: { channel: string; ts: string }): Promise<ReportView> {
  const view = await loadReportView(deps.store, stored, { publicUrl: deps.publicUrl });
  const { text, blocks } = renderReport(stored.report, view);
  await deps.client.chat.update({
    channel: message.channel,
    ts: message.ts,
    text,
    blocks,
    metadata: investigationMetadata(stored.report.investigationId, stored.revision),
  });
  return view;
}
