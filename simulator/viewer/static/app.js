// The viewer page: channels on the left, the selected channel's messages, and a thread pane, kept
// current through server-sent events. Buttons post to the viewer server, which makes the Slack fake
// send the signed block_actions interaction to the app, as Slack would.
import { collectValues, escapeHtml, renderMessageBody, renderModal } from './block-kit.js';

const state = { channels: [], messages: [], views: [], selected: undefined, thread: undefined, seen: new Map(), shownView: undefined };
const $ = (id) => document.getElementById(id);

function timeOf(ts) {
  const date = new Date(Number(ts.split('.')[0]) * 1000);
  return `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')} UTC`;
}

function isTopLevel(message) {
  return message.threadTs === undefined || message.threadTs === message.ts;
}

function repliesTo(message) {
  return state.messages.filter((m) => m.channel === message.channel && m.threadTs === message.ts && m.ts !== message.ts);
}

function renderMessage(message, inThread) {
  const author = message.author ?? 'ariadne';
  const replies = inThread ? [] : repliesTo(message);
  const repliesLink = replies.length > 0 ? `<button type="button" class="replies" data-thread="${escapeHtml(message.ts)}">${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}</button>` : '';
  return `<div class="message" data-ts="${escapeHtml(message.ts)}" data-channel="${escapeHtml(message.channel)}">
    <div class="avatar">${escapeHtml(author.slice(0, 1).toUpperCase())}</div>
    <div class="message-body">
      <div class="meta"><span class="author">${escapeHtml(author)}</span>${message.bot === false ? '' : '<span class="app-badge">APP</span>'}<span class="time">${timeOf(message.ts)}</span>${message.updates > 0 ? '<span class="edited">(edited)</span>' : ''}</div>
      ${renderMessageBody(message)}
      ${repliesLink}
    </div>
  </div>`;
}

function render() {
  const channel = state.channels.find((c) => c.id === state.selected);
  $('channels').innerHTML = state.channels
    .map((c) => {
      const count = state.messages.filter((m) => m.channel === c.id).length;
      const unread = c.id !== state.selected && count > (state.seen.get(c.id) ?? 0);
      return `<li data-channel="${escapeHtml(c.id)}" class="${c.id === state.selected ? 'active' : ''}${unread ? ' unread' : ''}"><span># ${escapeHtml(c.name)}</span>${count > 0 ? `<span class="count">${count}</span>` : ''}</li>`;
    })
    .join('');
  if (state.selected) state.seen.set(state.selected, state.messages.filter((m) => m.channel === state.selected).length);
  $('channel-name').textContent = channel ? `# ${channel.name}` : '';
  const top = state.messages.filter((m) => m.channel === state.selected && isTopLevel(m));
  $('messages').innerHTML = top.length > 0 ? top.map((m) => renderMessage(m, false)).join('') : '<div class="empty">No messages in this channel yet.</div>';

  const parent = state.thread && state.messages.find((m) => m.channel === state.thread.channel && m.ts === state.thread.ts);
  $('thread').hidden = !parent;
  if (parent) {
    $('thread-channel').textContent = `# ${state.channels.find((c) => c.id === parent.channel)?.name ?? parent.channel}`;
    $('thread-messages').innerHTML = [parent, ...repliesTo(parent)].map((m) => renderMessage(m, true)).join('');
  }
  renderOverlay();
}

/** The newest open modal; redrawn only when another one opens, so typing is never lost. */
function renderOverlay() {
  const view = state.views[state.views.length - 1];
  const overlay = $('overlay');
  if (!view) {
    overlay.hidden = true;
    overlay.innerHTML = '';
    state.shownView = undefined;
    return;
  }
  if (state.shownView === view.id) return;
  state.shownView = view.id;
  overlay.innerHTML = renderModal(view);
  overlay.hidden = false;
}

async function post(path, body) {
  const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = await response.json();
  if (!response.ok) throw new Error(answer.error ?? `${path} failed (${response.status})`);
  return answer;
}

async function submitModal(form) {
  const submit = form.querySelector('.modal-submit');
  if (submit) submit.disabled = true;
  for (const error of form.querySelectorAll('.bk-error')) error.hidden = true;
  try {
    const answer = await post('api/views/submit', { viewId: form.dataset.viewId, values: collectValues(form) });
    if (answer.errors) {
      for (const [blockId, message] of Object.entries(answer.errors)) {
        const error = form.querySelector(`.bk-block[data-block-id="${CSS.escape(blockId)}"] .bk-error`);
        if (error) {
          error.textContent = message;
          error.hidden = false;
        }
      }
    } else if (answer.status >= 300) toast(`the app answered ${answer.status}`, true);
  } catch (error) {
    toast(error.message, true);
  } finally {
    if (submit) submit.disabled = false;
  }
}

document.addEventListener('submit', (event) => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || !form.classList.contains('modal')) return;
  event.preventDefault();
  void submitModal(form);
});

async function refresh() {
  const response = await fetch('api/state');
  const body = await response.json();
  state.channels = body.channels;
  state.messages = body.messages;
  state.views = body.views ?? [];
  if (!state.selected || !state.channels.some((c) => c.id === state.selected)) {
    state.selected = (state.channels.find((c) => state.messages.some((m) => m.channel === c.id)) ?? state.channels[0])?.id;
  }
  render();
}

function toast(text, isError) {
  const el = $('toast');
  el.textContent = text;
  el.className = isError ? 'toast error' : 'toast';
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (el.hidden = true), 3000);
}

async function click(button) {
  const message = button.closest('.message');
  if (!message) return;
  if (button.dataset.url) window.open(button.dataset.url, '_blank', 'noopener');
  button.disabled = true;
  try {
    const response = await fetch('api/click', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ channel: message.dataset.channel, ts: message.dataset.ts, actionId: button.dataset.actionId, blockId: button.dataset.blockId }),
    });
    const body = await response.json();
    if (!response.ok) toast(body.error ?? `click failed (${response.status})`, true);
    else if (body.status >= 300) toast(`the app answered ${body.status}`, true);
  } catch (error) {
    toast(`click failed: ${error.message}`, true);
  } finally {
    button.disabled = false;
  }
}

document.addEventListener('click', (event) => {
  const target = event.target;
  if (!(target instanceof Element)) return;
  const channel = target.closest('.channels li');
  if (channel) {
    state.selected = channel.dataset.channel;
    state.thread = undefined;
    render();
    return;
  }
  const replies = target.closest('.replies');
  if (replies) {
    state.thread = { channel: state.selected, ts: replies.dataset.thread };
    render();
    return;
  }
  const closeModal = target.closest('.modal-close');
  if (closeModal) {
    const form = closeModal.closest('.modal');
    void post('api/views/close', { viewId: form?.dataset.viewId }).catch((error) => toast(error.message, true));
    return;
  }
  if (target.closest('#close-thread')) {
    state.thread = undefined;
    render();
    return;
  }
  const button = target.closest('.bk-button[data-action-id]');
  if (button && !button.disabled) void click(button);
});

const events = new EventSource('api/events');
events.onmessage = () => void refresh();
events.onopen = () => ($('connection').textContent = 'live');
events.onerror = () => ($('connection').textContent = 'reconnecting…');
void refresh();
