// Block Kit and mrkdwn to HTML, the way the Slack client draws them. Plain browser JavaScript (an ES
// module with no dependencies): the viewer page imports it directly and the unit tests import the
// same file under Node. Every piece of text is HTML-escaped before any markup is added.

const EMOJI = {
  white_check_mark: '✅', heavy_check_mark: '✔️', warning: '⚠️', x: '❌', mag: '🔍', mag_right: '🔎',
  thumbsup: '👍', '+1': '👍', thumbsdown: '👎', '-1': '👎', rotating_light: '🚨', fire: '🔥',
  large_green_circle: '🟢', large_yellow_circle: '🟡', red_circle: '🔴', large_orange_circle: '🟠',
  hourglass: '⌛', hourglass_flowing_sand: '⏳', bulb: '💡', link: '🔗', memo: '📝', clipboard: '📋',
  chart_with_upwards_trend: '📈', chart_with_downwards_trend: '📉', rocket: '🚀', gear: '⚙️',
  information_source: 'ℹ️', question: '❓', eyes: '👀', tada: '🎉', point_right: '👉', package: '📦',
  calendar: '📅', date: '📅', scroll: '📜', bar_chart: '📊', wrench: '🔧', hammer_and_wrench: '🛠️',
  arrow_right: '➡️', no_entry: '⛔', construction: '🚧', stopwatch: '⏱️', bell: '🔔', speech_balloon: '💬',
  repeat: '🔁', arrows_counterclockwise: '🔄', pushpin: '📌', label: '🏷️', books: '📚', page_facing_up: '📄',
  dart: '🎯', zap: '⚡', boom: '💥', thinking_face: '🤔', white_circle: '⚪', black_circle: '⚫',
  large_blue_circle: '🔵', heavy_exclamation_mark: '❗', exclamation: '❗', sos: '🆘', pager: '📟',
  busts_in_silhouette: '👥', bust_in_silhouette: '👤', compass: '🧭', test_tube: '🧪', lock: '🔒', key: '🔑',
  satellite: '📡', globe_with_meridians: '🌐', floppy_disk: '💾', card_file_box: '🗃️', electric_plug: '🔌',
};

export function escapeHtml(text) {
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Slack sends &, < and > as entities inside text; turn them back into characters before escaping. */
function decodeSlackEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function safeUrl(url) {
  return /^(https?:|mailto:)/i.test(url) ? url : '#';
}

function emoji(html) {
  return html.replace(/:([a-z0-9_+-]+):/g, (whole, name) => EMOJI[name] ?? whole);
}

/** Bold, italics and strike-through on already-escaped text, only at word boundaries as Slack does. */
function inlineStyles(html) {
  const edge = '(^|[\\s(\\[{>"\'])';
  const end = '(?=$|[\\s).,;:!?\\]}<"\'])';
  return html
    .replace(new RegExp(`${edge}\\*([^*\\s](?:[^*\\n]*?[^*\\s])?)\\*${end}`, 'g'), '$1<b>$2</b>')
    .replace(new RegExp(`${edge}_([^_\\s](?:[^_\\n]*?[^_\\s])?)_${end}`, 'g'), '$1<i>$2</i>')
    .replace(new RegExp(`${edge}~([^~\\s](?:[^~\\n]*?[^~\\s])?)~${end}`, 'g'), '$1<s>$2</s>');
}

/** One <...> token: a link, a user or channel mention, or a special mention. */
function angleToken(inner) {
  const [target, label] = inner.split('|', 2);
  if (target.startsWith('@')) return `<span class="bk-mention">@${escapeHtml(label ?? target.slice(1))}</span>`;
  if (target.startsWith('#')) return `<span class="bk-mention">#${escapeHtml(label ?? target.slice(1))}</span>`;
  if (target.startsWith('!')) {
    if (target.startsWith('!date^')) return escapeHtml(label ?? target);
    return `<span class="bk-mention">@${escapeHtml(target.slice(1).split('^')[0])}</span>`;
  }
  return `<a href="${escapeHtml(safeUrl(target))}" target="_blank" rel="noopener noreferrer">${escapeHtml(label ?? target)}</a>`;
}

/** Plain stretch of mrkdwn (no code): mentions and links, escaping, styles, emoji, quotes, line breaks. */
function textRun(raw) {
  let html = '';
  let rest = raw;
  for (let match = /<([^<>\n]+)>/.exec(rest); match; match = /<([^<>\n]+)>/.exec(rest)) {
    html += emoji(inlineStyles(escapeHtml(decodeSlackEntities(rest.slice(0, match.index)))));
    html += angleToken(decodeSlackEntities(match[1]));
    rest = rest.slice(match.index + match[0].length);
  }
  html += emoji(inlineStyles(escapeHtml(decodeSlackEntities(rest))));
  return html;
}

function quotesAndBreaks(html) {
  const lines = html.split('\n');
  const out = [];
  let quote = [];
  const flush = () => {
    if (quote.length > 0) out.push(`<blockquote>${quote.join('<br>')}</blockquote>`);
    quote = [];
  };
  for (const line of lines) {
    const quoted = /^(&gt;|>) ?(.*)$/.exec(line);
    if (quoted) quote.push(quoted[2]);
    else {
      flush();
      out.push(line);
    }
  }
  flush();
  return out.join('<br>').replace(/<br><blockquote>/g, '<blockquote>').replace(/<\/blockquote><br>/g, '</blockquote>');
}

export function mrkdwnToHtml(text) {
  const source = String(text ?? '');
  let html = '';
  const parts = source.split('```');
  parts.forEach((part, index) => {
    // Odd parts sit between ``` fences; an unclosed fence stays literal, as in Slack.
    if (index % 2 === 1 && index < parts.length - 1) {
      html += `<pre class="bk-pre">${escapeHtml(decodeSlackEntities(part.replace(/^\n/, '').replace(/\n$/, '')))}</pre>`;
      return;
    }
    const chunk = index % 2 === 1 ? `\`\`\`${part}` : part;
    const pieces = chunk.split(/(`[^`\n]+`)/);
    let line = '';
    for (const piece of pieces) {
      if (/^`[^`\n]+`$/.test(piece)) line += `<code>${escapeHtml(decodeSlackEntities(piece.slice(1, -1)))}</code>`;
      else line += textRun(piece);
    }
    html += quotesAndBreaks(line);
  });
  return html;
}

function textObject(text) {
  if (!text) return '';
  return text.type === 'mrkdwn' ? mrkdwnToHtml(text.text) : emoji(escapeHtml(text.text ?? '')).replace(/\n/g, '<br>');
}

function attr(name, value) {
  return value === undefined || value === null ? '' : ` ${name}="${escapeHtml(value)}"`;
}

function element(el, blockId, interactive = false) {
  switch (el.type) {
    case 'button': {
      const style = el.style === 'primary' || el.style === 'danger' ? ` bk-${el.style}` : '';
      const data = `${attr('data-action-id', el.action_id)}${attr('data-block-id', blockId)}${attr('data-value', el.value)}${attr('data-url', el.url)}`;
      return `<button type="button" class="bk-button${style}"${data}>${emoji(escapeHtml(el.text?.text ?? ''))}</button>`;
    }
    case 'image':
      return `<img class="bk-thumb"${attr('src', safeUrl(el.image_url ?? ''))}${attr('alt', el.alt_text ?? '')}>`;
    case 'mrkdwn':
    case 'plain_text':
      return `<span>${textObject(el)}</span>`;
    case 'static_select':
    case 'external_select':
    case 'users_select':
    case 'conversations_select':
    case 'channels_select': {
      const data = interactive ? `${attr('data-action-id', el.action_id)}${attr('data-block-id', blockId)} data-type="${escapeHtml(el.type)}"` : ' disabled';
      const options = (el.options ?? []).map((o) => `<option${attr('value', o.value)}${el.initial_option?.value === o.value ? ' selected' : ''}>${escapeHtml(o.text?.text ?? '')}</option>`).join('');
      return `<select class="bk-select"${data}><option value="">${escapeHtml(el.placeholder?.text ?? 'Select')}</option>${options}</select>`;
    }
    case 'overflow':
      return '<button type="button" class="bk-button bk-overflow" disabled>⋯</button>';
    case 'datepicker':
      return `<input class="bk-input" type="date"${interactive ? `${attr('data-action-id', el.action_id)}${attr('data-block-id', blockId)} data-type="datepicker"` : ' disabled'}${attr('value', el.initial_date)}>`;
    case 'plain_text_input': {
      const data = interactive ? `${attr('data-action-id', el.action_id)}${attr('data-block-id', blockId)} data-type="plain_text_input"` : ' disabled';
      return el.multiline
        ? `<textarea class="bk-input"${data}${attr('placeholder', el.placeholder?.text)}>${escapeHtml(el.initial_value ?? '')}</textarea>`
        : `<input class="bk-input"${data}${attr('placeholder', el.placeholder?.text)}${attr('value', el.initial_value)}>`;
    }
    case 'radio_buttons':
    case 'checkboxes': {
      const kind = el.type === 'radio_buttons' ? 'radio' : 'checkbox';
      const name = `${blockId ?? ''}.${el.action_id ?? ''}`;
      return `<div class="bk-choices">${(el.options ?? [])
        .map((o) => `<label><input type="${kind}"${attr('name', name)}${attr('value', o.value)}${interactive ? `${attr('data-action-id', el.action_id)}${attr('data-block-id', blockId)} data-type="${el.type}"` : ' disabled'}> ${textObject(o.text)}</label>`)
        .join('')}</div>`;
    }
    default:
      return `<span class="bk-unsupported">[${escapeHtml(el.type ?? 'element')}]</span>`;
  }
}

function richText(elements) {
  const inline = (items) =>
    (items ?? [])
      .map((item) => {
        if (item.type === 'link') return `<a href="${escapeHtml(safeUrl(item.url ?? ''))}" target="_blank" rel="noopener noreferrer">${escapeHtml(item.text ?? item.url ?? '')}</a>`;
        if (item.type === 'emoji') return EMOJI[item.name] ?? `:${escapeHtml(item.name)}:`;
        if (item.type === 'user') return `<span class="bk-mention">@${escapeHtml(item.user_id)}</span>`;
        if (item.type === 'channel') return `<span class="bk-mention">#${escapeHtml(item.channel_id)}</span>`;
        let html = escapeHtml(item.text ?? '').replace(/\n/g, '<br>');
        if (item.style?.code) html = `<code>${html}</code>`;
        if (item.style?.bold) html = `<b>${html}</b>`;
        if (item.style?.italic) html = `<i>${html}</i>`;
        if (item.style?.strike) html = `<s>${html}</s>`;
        return html;
      })
      .join('');
  return (elements ?? [])
    .map((el) => {
      if (el.type === 'rich_text_preformatted') return `<pre class="bk-pre">${inline(el.elements)}</pre>`;
      if (el.type === 'rich_text_quote') return `<blockquote>${inline(el.elements)}</blockquote>`;
      if (el.type === 'rich_text_list') {
        const tag = el.style === 'ordered' ? 'ol' : 'ul';
        return `<${tag}>${(el.elements ?? []).map((item) => `<li>${inline(item.elements)}</li>`).join('')}</${tag}>`;
      }
      return `<div>${inline(el.elements)}</div>`;
    })
    .join('');
}

/** One block; `interactive` turns input elements on (inside a modal the user fills in). */
export function renderBlock(block, interactive = false) {
  const id = attr('data-block-id', block.block_id);
  switch (block.type) {
    case 'header':
      return `<div class="bk-block bk-header"${id}>${textObject(block.text)}</div>`;
    case 'divider':
      return `<hr class="bk-block bk-divider"${id}>`;
    case 'section': {
      const text = block.text ? `<div class="bk-text">${textObject(block.text)}</div>` : '';
      const fields = block.fields ? `<div class="bk-fields">${block.fields.map((field) => `<div class="bk-field">${textObject(field)}</div>`).join('')}</div>` : '';
      const accessory = block.accessory ? `<div class="bk-accessory">${element(block.accessory, block.block_id)}</div>` : '';
      return `<div class="bk-block bk-section"${id}><div class="bk-section-body">${text}${fields}</div>${accessory}</div>`;
    }
    case 'context':
      return `<div class="bk-block bk-context"${id}>${(block.elements ?? []).map((el) => element(el, block.block_id)).join('')}</div>`;
    case 'actions':
      return `<div class="bk-block bk-actions"${id}>${(block.elements ?? []).map((el) => element(el, block.block_id)).join('')}</div>`;
    case 'image': {
      const title = block.title ? `<figcaption>${textObject(block.title)}</figcaption>` : '';
      return `<figure class="bk-block bk-image"${id}>${title}<img${attr('src', safeUrl(block.image_url ?? ''))}${attr('alt', block.alt_text ?? '')}></figure>`;
    }
    case 'rich_text':
      return `<div class="bk-block bk-rich-text"${id}>${richText(block.elements)}</div>`;
    case 'input':
      return `<div class="bk-block bk-input-block"${id}><label class="bk-label">${textObject(block.label)}${block.optional ? ' <span class="muted">(optional)</span>' : ''}</label>${element(block.element ?? {}, block.block_id, interactive)}${block.hint ? `<div class="muted">${textObject(block.hint)}</div>` : ''}<div class="bk-error" hidden></div></div>`;
    default:
      return `<div class="bk-block bk-unsupported"${id}>[${escapeHtml(block.type ?? 'block')}]</div>`;
  }
}

/** A message body: its blocks, or its text as mrkdwn when it has none (as Slack falls back). */
export function renderMessageBody(message) {
  const blocks = Array.isArray(message.blocks) ? message.blocks : [];
  if (blocks.length === 0) return `<div class="bk-text">${mrkdwnToHtml(message.text ?? '')}</div>`;
  return blocks.map(renderBlock).join('');
}

/** A modal as Slack draws it: title, blocks with live inputs, and its close and submit buttons. */
export function renderModal(view) {
  const blocks = (view.blocks ?? []).map((block) => renderBlock(block, true)).join('');
  const close = view.close?.text ?? 'Cancel';
  const submit = view.submit ? `<button type="submit" class="bk-button bk-primary modal-submit">${escapeHtml(view.submit.text ?? 'Submit')}</button>` : '';
  return `<form class="modal" data-view-id="${escapeHtml(view.id)}"><header class="modal-title">${textObject(view.title)}</header><div class="modal-body">${blocks}</div><footer class="modal-footer"><button type="button" class="bk-button modal-close">${escapeHtml(close)}</button>${submit}</footer></form>`;
}

/** view.state.values from a rendered modal's inputs: block_id -> action_id -> element state. */
export function collectValues(form) {
  const values = {};
  const put = (input, state) => {
    const block = input.dataset.blockId;
    const action = input.dataset.actionId;
    if (!block || !action) return;
    values[block] = values[block] ?? {};
    values[block][action] = state;
  };
  for (const input of form.querySelectorAll('[data-type]')) {
    const type = input.dataset.type;
    if (type === 'plain_text_input') put(input, { type, value: input.value === '' ? null : input.value });
    else if (type === 'datepicker') put(input, { type, selected_date: input.value || null });
    else if (type === 'radio_buttons') {
      if (input.checked) put(input, { type, selected_option: { text: { type: 'plain_text', text: input.parentElement?.textContent?.trim() ?? '' }, value: input.value } });
      else if (!values[input.dataset.blockId]?.[input.dataset.actionId]) put(input, { type, selected_option: null });
    } else if (type === 'checkboxes') {
      const current = values[input.dataset.blockId]?.[input.dataset.actionId]?.selected_options ?? [];
      put(input, { type, selected_options: input.checked ? [...current, { text: { type: 'plain_text', text: input.parentElement?.textContent?.trim() ?? '' }, value: input.value }] : current });
    } else if (input.tagName === 'SELECT') {
      const option = input.selectedOptions[0];
      put(input, { type, selected_option: input.value ? { text: { type: 'plain_text', text: option?.textContent ?? '' }, value: input.value } : null });
    }
  }
  return values;
}
