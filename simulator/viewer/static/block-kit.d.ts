// Types for the viewer's browser module, so TypeScript tests can import it.
export function escapeHtml(text: string): string;
export function mrkdwnToHtml(text: string | undefined): string;
export function renderBlock(block: Record<string, unknown>, interactive?: boolean): string;
export function renderModal(view: { id: string; title?: unknown; blocks?: unknown[]; submit?: unknown; close?: unknown }): string;
export function collectValues(form: unknown): Record<string, Record<string, Record<string, unknown>>>;
export function renderMessageBody(message: { text?: string; blocks?: unknown[] }): string;
