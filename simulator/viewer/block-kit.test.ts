import { describe, expect, it } from 'vitest';
import { mrkdwnToHtml, renderBlock, renderMessageBody } from './static/block-kit.js';

describe('mrkdwnToHtml', () => {
  it('renders bold, italics, strike-through, inline code and code blocks', () => {
    expect(mrkdwnToHtml('*Root cause:* _likely_ ~not~ `inventory-service`')).toBe('<b>Root cause:</b> <i>likely</i> <s>not</s> <code>inventory-service</code>');
    expect(mrkdwnToHtml("Traceback:\n```KeyError: 'warehouse_id'\n  at *allocate*```")).toBe("Traceback:<br><pre class=\"bk-pre\">KeyError: &#39;warehouse_id&#39;\n  at *allocate*</pre>");
  });

  it('renders links, mentions and Slack entities, and escapes everything else', () => {
    expect(mrkdwnToHtml('<https://app.datadoghq.com/logs?q=a&amp;b|open logs> for <@U05QJ8R2M7K> in <#C0ALERTS01|alerts-shop>')).toBe(
      '<a href="https://app.datadoghq.com/logs?q=a&amp;b" target="_blank" rel="noopener noreferrer">open logs</a> for <span class="bk-mention">@U05QJ8R2M7K</span> in <span class="bk-mention">#alerts-shop</span>',
    );
    expect(mrkdwnToHtml('p99 &gt; 2s & <script>alert(1)</script>')).not.toContain('<script>');
    expect(mrkdwnToHtml('<javascript:alert(1)|click>')).toContain('href="#"');
    expect(mrkdwnToHtml('errors &lt; 5% :white_check_mark:')).toBe('errors &lt; 5% ✅');
  });

  it('leaves snake_case words and lone stars alone, and quotes lines starting with >', () => {
    expect(mrkdwnToHtml('warehouse_id and 2 * 3 * 4')).toBe('warehouse_id and 2 * 3 * 4');
    expect(mrkdwnToHtml('> quoted\nplain')).toBe('<blockquote>quoted</blockquote>plain');
  });
});

describe('renderBlock', () => {
  it('renders header, section with fields, context and divider', () => {
    expect(renderBlock({ type: 'header', text: { type: 'plain_text', text: 'Likely cause <found>' } })).toBe('<div class="bk-block bk-header">Likely cause &lt;found&gt;</div>');
    const section = renderBlock({ type: 'section', block_id: 'ariadne_finding_1', text: { type: 'mrkdwn', text: '*1.* bad deploy' }, fields: [{ type: 'mrkdwn', text: '*Confidence*\n82%' }] });
    expect(section).toContain('data-block-id="ariadne_finding_1"');
    expect(section).toContain('<b>1.</b> bad deploy');
    expect(section).toContain('<div class="bk-field"><b>Confidence</b><br>82%</div>');
    expect(renderBlock({ type: 'context', elements: [{ type: 'mrkdwn', text: 'checked 14 sources' }] })).toContain('bk-context');
    expect(renderBlock({ type: 'divider' })).toContain('<hr');
  });

  it('renders buttons with their style and the ids a click needs', () => {
    const html = renderBlock({
      type: 'actions',
      block_id: 'ariadne_finding_2',
      elements: [
        { type: 'button', action_id: 'expand_finding', text: { type: 'plain_text', text: 'Expand' }, value: '{"rank":2}', style: 'primary' },
        { type: 'button', action_id: 'dismiss', text: { type: 'plain_text', text: 'Wrong' }, style: 'danger' },
      ],
    });
    expect(html).toContain('class="bk-button bk-primary" data-action-id="expand_finding" data-block-id="ariadne_finding_2" data-value="{&quot;rank&quot;:2}"');
    expect(html).toContain('class="bk-button bk-danger" data-action-id="dismiss"');
  });

  it('renders images and an accessory button, and marks unknown blocks', () => {
    expect(renderBlock({ type: 'image', image_url: 'https://example.com/p99.png', alt_text: 'p99 latency' })).toContain('<img src="https://example.com/p99.png" alt="p99 latency">');
    expect(renderBlock({ type: 'section', text: { type: 'plain_text', text: 'x' }, accessory: { type: 'button', action_id: 'more', text: { type: 'plain_text', text: 'More' } } })).toContain('bk-accessory');
    expect(renderBlock({ type: 'video' })).toContain('[video]');
  });

  it('falls back to the message text when there are no blocks', () => {
    expect(renderMessageBody({ text: '*hello*', blocks: [] })).toBe('<div class="bk-text"><b>hello</b></div>');
  });
});
