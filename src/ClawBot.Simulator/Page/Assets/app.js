// The ClawBot simulator's chat page: the phone in a browser. Plain JS, no build step, nothing fetched from elsewhere.
// It draws GET /_sim/page/state, refreshes it when /_sim/events says something changed, and acts only through the
// simulator's control API (/_sim/...), so whatever it does a test could do, and the reverse.
'use strict';

(() => {
  // ---------------------------------------------------------------- icons (drawn here, inserted as static markup)
  const ICON_PATHS = {
    chat: '<path d="M4 5.5A2.5 2.5 0 0 1 6.5 3h11A2.5 2.5 0 0 1 20 5.5v8a2.5 2.5 0 0 1-2.5 2.5H10l-4.5 4v-4h0A1.5 1.5 0 0 1 4 14.5z"/><path d="M8.5 9.5h.01M12 9.5h.01M15.5 9.5h.01" stroke-width="2.4"/>',
    qr: '<rect x="3.5" y="3.5" width="6" height="6" rx="1"/><rect x="14.5" y="3.5" width="6" height="6" rx="1"/><rect x="3.5" y="14.5" width="6" height="6" rx="1"/><path d="M14.5 14.5h2.5v2.5M20.5 14.5v.01M14.5 20.5h.01M17.5 20.5h3v-3"/>',
    bolt: '<path d="M13 2.5 4.5 13.5H11l-1 8 8.5-11H12z"/>',
    plus: '<circle cx="12" cy="12" r="9"/><path d="M12 8v8M8 12h8"/>',
    back: '<path d="M15 5l-7 7 7 7"/>',
    close: '<path d="M6 6l12 12M18 6 6 18"/>',
    image: '<rect x="3.5" y="4.5" width="17" height="15" rx="2"/><circle cx="9" cy="10" r="1.6"/><path d="m20.5 16-4.5-4.5-8 8"/>',
    video: '<rect x="3" y="6" width="13" height="12" rx="2"/><path d="m16 10.5 5-3v9l-5-3z"/>',
    file: '<path d="M14 3.5H7A1.5 1.5 0 0 0 5.5 5v14A1.5 1.5 0 0 0 7 20.5h10a1.5 1.5 0 0 0 1.5-1.5V8z"/><path d="M14 3.5V8h4.5"/>',
    wave: '<path d="M4 10v4M8 7v10M12 4v16M16 8v8M20 11v2"/>',
    mic: '<rect x="9" y="3" width="6" height="11" rx="3"/><path d="M5.5 11a6.5 6.5 0 0 0 13 0M12 17.5V21"/>',
    quote: '<path d="M9 7H6a2 2 0 0 0-2 2v3h4v4H4M20 7h-3a2 2 0 0 0-2 2v3h4v4h-4"/>',
    download: '<path d="M12 4v11M7 10.5l5 5 5-5M5 19.5h14"/>',
    check: '<path d="m5 12.5 4.5 4.5L19 7.5"/>',
    userplus: '<circle cx="10" cy="8" r="3.5"/><path d="M3.5 20a6.5 6.5 0 0 1 13 0M19 8v6M16 11h6"/>',
    claw: '<path d="M6.5 4.5c2.6 3.6 3.3 8.7 1.8 15M11.8 3.5c1.8 4.9 1.8 10.9 0 17M17.5 4.5c-2.6 3.6-3.3 8.7-1.8 15"/>',
    play: '<path d="M8 5.5v13l10-6.5z"/>',
    copy: '<rect x="8.5" y="8.5" width="11" height="11" rx="2"/><path d="M15.5 8.5V6a1.5 1.5 0 0 0-1.5-1.5H6A1.5 1.5 0 0 0 4.5 6v8A1.5 1.5 0 0 0 6 15.5h2.5"/>',
  };
  const icon = (name) => `<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true">${ICON_PATHS[name] || ''}</svg>`;
  const LOGO = '<svg viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8" fill="#07c160"/><path d="M10 8.5c3 4 3.8 9.2 2.2 15M16 7.5c2 5 2 11 0 17M22 8.5c-3 4-3.8 9.2-2.2 15" fill="none" stroke="#fff" stroke-width="2.4" stroke-linecap="round"/></svg>';

  // ---------------------------------------------------------------- small helpers
  const $ = (id) => document.getElementById(id);

  /** Builds an element; strings become text nodes, never markup (everything shown comes from users and bots). */
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'icon') el.innerHTML = icon(v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else if (k === 'style') el.style.cssText = v; // CSSOM: allowed by the page's CSP, unlike a style attribute
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      el.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function fillIcons(root) {
    for (const el of root.querySelectorAll('[data-icon]')) if (!el.querySelector('svg')) el.insertAdjacentHTML('afterbegin', icon(el.dataset.icon));
  }

  const shortId = (id) => (id || '').replace(/@.*$/, '').slice(-6);
  const botName = (botId) => 'Bot ' + (botId || '').replace(/@.*$/, '').slice(0, 6);
  const userName = (u) => u.name || (u.isBinder ? 'Binder' : 'User ' + shortId(u.userId));
  const initials = (name) => {
    const words = name.trim().split(/\s+/).filter(Boolean);
    const first = Array.from(words[0] || '?')[0] || '?';
    const second = words.length > 1 ? Array.from(words[1])[0] : '';
    return (first + (second || '')).toUpperCase();
  };
  const PALETTE = ['#5b8def', '#f08a5d', '#9b6ef3', '#2bb3a3', '#e2a03f', '#e0607e', '#4aa3df', '#7fa650'];
  const colorOf = (id) => { let x = 0; for (const ch of id || '') x = (x * 31 + ch.charCodeAt(0)) >>> 0; return PALETTE[x % PALETTE.length]; };

  function fmtBytes(n) {
    if (n === null || n === undefined) return '';
    if (n < 1024) return n + ' B';
    if (n < 1024 * 1024) return (n / 1024).toFixed(n < 10240 ? 1 : 0) + ' KB';
    return (n / 1024 / 1024).toFixed(1) + ' MB';
  }
  function fmtSpan(ms) {
    const s = Math.max(0, Math.round(ms / 1000));
    if (s < 60) return s + ' s';
    const m = Math.floor(s / 60);
    if (m < 60) return m + ' min';
    const hrs = Math.floor(m / 60);
    if (hrs < 48) return hrs + ' h' + (m % 60 && hrs < 10 ? ' ' + (m % 60) + ' min' : '');
    return Math.floor(hrs / 24) + ' d';
  }
  const two = (n) => String(n).padStart(2, '0');
  function fmtClock(iso) {
    const d = new Date(iso);
    return two(d.getHours()) + ':' + two(d.getMinutes());
  }
  function fmtWhen(iso) {
    const d = new Date(iso), now = new Date(serverNow());
    const day = (x) => new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime();
    const diff = Math.round((day(now) - day(d)) / 86400000);
    if (diff === 0) return fmtClock(iso);
    if (diff === 1) return 'Yesterday ' + fmtClock(iso);
    return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + ' ' + fmtClock(iso);
  }

  // ---------------------------------------------------------------- state
  const S = {
    tab: 'chats', botId: null, userId: null,
    state: null, offset: 0, fetching: false, dirty: false,
    quote: null, seen: new Map(), sending: false,
    msgNodes: new Map(), qrNodes: new Map(), groupNodes: new Map(),
    recorder: null, stickToBottom: false, atBottom: true, bindAs: new Map(),
  };
  /** The simulator's clock ("now" of the last snapshot, moved on by local time). */
  const serverNow = () => Date.now() + S.offset;

  // ---------------------------------------------------------------- control API
  async function call(method, path, body) {
    const init = { method, headers: {} };
    if (body !== undefined) { init.headers['Content-Type'] = 'application/json'; init.body = JSON.stringify(body); }
    const res = await fetch(path, init);
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    if (!res.ok) throw new Error((json && json.error) || `${res.status} ${res.statusText}`);
    return json;
  }
  const enc = encodeURIComponent;
  async function act(what, fn) {
    try { return await fn(); }
    catch (e) { toast(`${what}: ${e.message}`, 'error'); return undefined; }
  }

  function toast(text, kind) {
    const el = h('div', { class: 'toast ' + (kind || ''), 'data-testid': 'toast' }, text);
    $('toasts').append(el);
    setTimeout(() => el.classList.add('gone'), 3800);
    setTimeout(() => el.remove(), 4300);
  }

  // ---------------------------------------------------------------- live updates
  function connect() {
    const live = $('live');
    const es = new EventSource('/_sim/events');
    es.addEventListener('change', () => refresh());
    es.onopen = () => { live.dataset.state = $('app').dataset.live = 'on'; live.querySelector('span').textContent = 'Live'; };
    es.onerror = () => { live.dataset.state = $('app').dataset.live = 'off'; live.querySelector('span').textContent = 'Reconnecting'; };
  }

  /** Fetches the state; a change while a fetch is under way makes one more fetch after it. */
  async function refresh() {
    if (S.fetching) { S.dirty = true; return; }
    S.fetching = true;
    try {
      do {
        S.dirty = false;
        const q = S.botId && S.userId ? `?botId=${enc(S.botId)}&userId=${enc(S.userId)}` : '';
        try {
          const st = await call('GET', '/_sim/page/state' + q);
          S.offset = Date.parse(st.now) - Date.now();
          S.state = st;
          render();
        } catch (e) {
          $('live').dataset.state = 'off';
        }
      } while (S.dirty);
    } finally {
      S.fetching = false;
    }
  }

  // ---------------------------------------------------------------- routing: #/chats/<bot>/<user>, #/bind, #/faults
  function readRoute() {
    const parts = location.hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
    const tab = ['chats', 'bind', 'faults'].includes(parts[0]) ? parts[0] : 'chats';
    const botId = tab === 'chats' && parts[1] ? parts[1] : null;
    const userId = tab === 'chats' && parts[2] ? parts[2] : null;
    const changedChat = botId !== S.botId || userId !== S.userId;
    S.tab = tab; S.botId = botId; S.userId = userId;
    if (changedChat) { S.quote = null; S.msgNodes.clear(); $('messages').replaceChildren(); }
    $('app').dataset.tab = tab;
    $('app').classList.toggle('conv-open', !!(botId && userId));
    render();
    if (changedChat) { refresh(); if (botId && userId) setTimeout(() => $('composer-input').focus(), 0); }
  }
  const go = (hash) => { if (location.hash !== hash) location.hash = hash; else readRoute(); };

  // ---------------------------------------------------------------- rendering
  function render() {
    const st = S.state;
    if (!st) return;
    S.shownBotStates = botStates(st);
    renderRail(st);
    renderChatList(st);
    renderConversation(st);
    renderBind(st);
    renderFaults(st);
  }

  function renderRail(st) {
    const pending = st.qrCodes.filter(isPending).length;
    const unread = st.bots.reduce((n, b) => n + b.users.reduce((k, u) => k + unreadOf(b, u), 0), 0);
    const queued = st.faults.reduce((n, f) => n + f.count, 0);
    setBadge('chats', unread);
    setBadge('bind', pending);
    setBadge('faults', queued);
    for (const b of document.querySelectorAll('.rail-tab')) b.classList.toggle('active', b.dataset.tab === S.tab);
  }
  function setBadge(tab, n) {
    const b = document.querySelector(`.rail-tab[data-tab="${tab}"] .badge`);
    b.hidden = !n;
    b.textContent = n > 99 ? '99+' : String(n);
  }

  const keyOf = (botId, userId) => botId + '\n' + userId;
  function unreadOf(bot, user) {
    const k = keyOf(bot.botId, user.userId);
    if (!S.seen.has(k)) S.seen.set(k, user.outgoing); // what was there when the page opened counts as read
    if (S.botId === bot.botId && S.userId === user.userId && document.visibilityState === 'visible') S.seen.set(k, user.outgoing);
    return Math.max(0, user.outgoing - S.seen.get(k));
  }

  /** revoked, receiving (a getupdates is held, or ended under 5 s ago: clients poll again at once), online, idle. */
  function botState(bot) {
    if (bot.revoked) return { state: 'revoked', text: 'session expired' };
    if (bot.receiving || (bot.lastPollAt && serverNow() - Date.parse(bot.lastPollAt) < 5000)) return { state: 'online', text: 'receiving' };
    if (bot.online) return { state: 'online', text: 'online' };
    return { state: 'offline', text: 'not receiving' };
  }
  const botStates = (st) => st.bots.map((b) => botState(b).text).join();

  const byActivity = (a, b) => {
    if (a.lastAt && b.lastAt) return Date.parse(b.lastAt) - Date.parse(a.lastAt);
    if (a.lastAt || b.lastAt) return a.lastAt ? -1 : 1;
    return 0;
  };

  function renderChatList(st) {
    const list = $('chat-list');
    const users = st.bots.reduce((n, b) => n + b.users.length, 0);
    $('chat-count').textContent = st.bots.length ? `${st.bots.length} bot${st.bots.length > 1 ? 's' : ''} · ${users} user${users === 1 ? '' : 's'}` : '';
    if (!st.bots.length) {
      list.replaceChildren(emptyChats(st));
      S.groupNodes.clear();
      return;
    }
    const nodes = [];
    for (const bot of st.bots) {
      let g = S.groupNodes.get(bot.botId);
      if (!g) { g = botGroup(bot); S.groupNodes.set(bot.botId, g); }
      updateBotGroup(g, bot);
      nodes.push(g.root);
    }
    patchChildren(list, nodes);
  }

  function emptyChats(st) {
    const logo = h('div', { class: 'empty-logo' });
    logo.innerHTML = LOGO;
    return h('div', { class: 'empty-card', 'data-testid': 'chats-empty' },
      logo,
      h('h3', {}, 'No bot is bound yet'),
      h('ol', {},
        h('li', {}, 'In PowerShell: ', h('code', {}, `Connect-ClawBot -BaseUrl ${st.settings.apiBase} -CdnBaseUrl ${st.settings.cdnBase}`)),
        h('li', {}, 'Scan and confirm its QR code on the Bind screen.'),
        h('li', {}, 'Chat with your bot here.')),
      h('button', { class: 'btn primary', type: 'button', onclick: () => go('#/bind') }, 'Open Bind'));
  }

  function botGroup(bot) {
    const users = h('div', { class: 'bot-users' });
    const input = h('input', { type: 'text', maxlength: '40', placeholder: 'New user’s name', 'aria-label': 'New user’s name', 'data-testid': 'add-user-name' });
    const form = h('form', { class: 'add-user', hidden: true, 'data-testid': 'add-user-form' },
      input,
      h('button', { class: 'btn primary small', type: 'submit', 'data-testid': 'add-user-submit' }, 'Add'));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const name = input.value.trim();
      if (!name) { input.focus(); return; }
      const user = await act('Add user', () => call('POST', `/_sim/bots/${enc(bot.botId)}/users`, { name }));
      if (user) { input.value = ''; form.hidden = true; go(`#/chats/${enc(bot.botId)}/${enc(user.userId)}`); }
    });
    const addBtn = h('button', { class: 'icon-btn small', type: 'button', 'aria-label': 'Add a user', title: 'Add a simulated user', 'data-testid': 'add-user', icon: 'userplus',
      onclick: () => { form.hidden = !form.hidden; if (!form.hidden) input.focus(); } });
    const status = h('small', { class: 'bot-status' });
    const root = h('div', { class: 'bot-group', 'data-bot': bot.botId, 'data-testid': 'bot-group' },
      h('div', { class: 'bot-head' },
        h('span', { class: 'avatar bot small' }),
        h('div', { class: 'bot-title' }, h('b', {}, botName(bot.botId)), status),
        addBtn),
      form, users);
    root.querySelector('.avatar.bot').innerHTML = icon('claw');
    return { root, users, status };
  }

  function updateBotGroup(g, bot) {
    const s = botState(bot);
    g.status.textContent = s.text;
    g.status.dataset.state = s.state;
    const sorted = [...bot.users].sort(byActivity);
    g.users.replaceChildren(...sorted.map((u) => chatItem(bot, u)));
  }

  function chatItem(bot, u) {
    const name = userName(u);
    const active = S.botId === bot.botId && S.userId === u.userId;
    const unread = unreadOf(bot, u);
    const preview = u.typing ? h('span', { class: 'typing-text' }, 'typing…') : (u.lastPreview || (u.isBinder ? 'Bound this bot' : 'No messages yet'));
    return h('a', {
      class: 'chat-item' + (active ? ' active' : ''), href: `#/chats/${enc(bot.botId)}/${enc(u.userId)}`,
      'data-testid': 'chat-item', 'data-user': u.userId, 'data-bot': bot.botId,
    },
      avatarOf(u),
      h('div', { class: 'chat-item-main' },
        h('div', { class: 'chat-item-top' },
          h('span', { class: 'chat-item-name' }, name, u.isBinder ? h('i', { class: 'tag' }, 'binder') : null),
          h('time', {}, u.lastAt ? fmtWhen(u.lastAt) : '')),
        h('div', { class: 'chat-item-bottom' },
          h('span', { class: 'chat-item-preview' }, preview),
          unread ? h('i', { class: 'badge' }, String(unread)) : null)));
  }

  function avatarOf(u, small) {
    const name = userName(u);
    return h('span', { class: 'avatar' + (small ? ' small' : ''), style: `background:${colorOf(u.userId)}`, 'aria-hidden': 'true' }, initials(name));
  }
  function botAvatar() {
    const el = h('span', { class: 'avatar bot', 'aria-hidden': 'true' });
    el.innerHTML = icon('claw');
    return el;
  }

  /** Makes parent's children exactly nodes, in order, moving as little as possible (media keep playing). */
  function patchChildren(parent, nodes) {
    let cursor = parent.firstChild;
    for (const n of nodes) {
      if (n === cursor) { cursor = cursor.nextSibling; continue; }
      parent.insertBefore(n, cursor);
    }
    while (cursor) { const next = cursor.nextSibling; cursor.remove(); cursor = next; }
  }

  // ---------------------------------------------------------------- conversation
  function currentChat(st) {
    const bot = st.bots.find((b) => b.botId === S.botId);
    const user = bot && bot.users.find((u) => u.userId === S.userId);
    return { bot, user };
  }

  function renderConversation(st) {
    const { bot, user } = currentChat(st);
    const open = !!(bot && S.userId);
    $('conv-empty').hidden = open;
    $('conv-head').hidden = !open;
    $('conv-meta').hidden = !open;
    $('composer').hidden = !open;
    $('messages').hidden = !open;
    if (!open) return;
    const u = user || { userId: S.userId, name: null, isBinder: false, remaining: -1 };
    $('conv-name').textContent = userName(u);
    const sub = $('conv-sub');
    sub.replaceChildren(u.typing ? h('span', { class: 'typing-text' }, 'typing…') : `${botName(bot.botId)} · ${botState(bot).text}`);
    renderMeta(st, bot, u);
    if (st.chat && st.chat.botId === S.botId && st.chat.userId === S.userId) renderMessages(st, bot, u);
    renderQuoteBar();
  }

  function renderMeta(st, bot, u) {
    const meta = $('conv-meta');
    const chips = [];
    const allowance = st.settings.sendAllowance;
    if (u.remaining < 0) chips.push(chip('Replies left: unlimited', 'ok', 'allowance'));
    else chips.push(chip(`Replies left: ${u.remaining} of ${allowance}`, u.remaining === 0 ? 'bad' : u.remaining <= 2 ? 'warn' : 'ok', 'allowance',
      u.remaining === 0 ? 'The bot has used its allowance; your next message renews it.' : 'How many more messages the bot may send before you write again.'));
    if (u.tokenIssuedAt) {
      const el = chip('', 'ok', 'token', 'The bot answers with the context token of your latest message; it lives ' + fmtSpan(st.settings.tokenLifetimeMs) + '.');
      el.dataset.issued = u.tokenIssuedAt;
      el.dataset.expires = u.tokenExpiresAt || '';
      updateTokenChip(el);
      chips.push(el);
    } else {
      chips.push(chip('No context token yet: write first', st.settings.requireContextToken ? 'warn' : 'ok', 'token',
        'The bot can only write to users who wrote to it.'));
    }
    const id = h('button', { class: 'chip id', type: 'button', title: 'Copy the user id', 'data-testid': 'user-id',
      onclick: () => copy(u.userId, 'User id copied') }, u.userId);
    chips.push(id);
    meta.replaceChildren(...chips);
  }
  function chip(text, tone, name, title) {
    return h('span', { class: 'chip ' + (tone || ''), 'data-testid': 'chip-' + name, title }, text);
  }
  function updateTokenChip(el) {
    const now = serverNow();
    const age = now - Date.parse(el.dataset.issued);
    const left = el.dataset.expires ? Date.parse(el.dataset.expires) - now : null;
    const expired = left !== null && left <= 0;
    el.textContent = expired ? `Context token expired (${fmtSpan(age)} old)` : `Context token ${fmtSpan(age)} old` + (left !== null ? ` · ${fmtSpan(left)} left` : '');
    el.className = 'chip ' + (expired ? 'bad' : left !== null && left < 3600e3 ? 'warn' : 'ok');
  }

  function renderMessages(st, bot, u) {
    const box = $('messages');
    const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
    const fresh = box.childElementCount === 0;
    const nodes = [];
    if (st.chat.hidden) nodes.push(cached('hidden', `${st.chat.hidden}`, () => h('div', { class: 'sys-note' }, `${st.chat.hidden} earlier messages not shown`)));
    let prev = null;
    for (const m of st.chat.messages) {
      if (!prev || Date.parse(m.at) - Date.parse(prev.at) > 5 * 60e3) {
        nodes.push(cached('t:' + m.key, m.at, () => h('div', { class: 'time-sep' }, fmtWhen(m.at))));
      }
      const grouped = !!(prev && m.group && prev.group === m.group);
      const sig = JSON.stringify(m) + '|' + userName(u) + '|' + grouped;
      nodes.push(cached(m.key, sig, () => messageNode(m, bot, u, grouped)));
      prev = m;
    }
    if (!st.chat.messages.length) nodes.push(cached('empty', userName(u), () => h('div', { class: 'sys-note' },
      u.isBinder ? 'Say hello to your bot.' : `${userName(u)} has not written yet. Write first: the bot can only answer users who wrote to it.`)));
    const typing = u.typing && u.typingAt && Date.parse(u.typingAt) + st.settings.typingShownMs > serverNow();
    if (typing) nodes.push(cached('typing', 'on', () => h('div', { class: 'msg out typing', 'data-testid': 'typing' },
      botAvatar(), h('div', { class: 'msg-body' }, h('div', { class: 'bubble dots', 'aria-label': 'typing' }, h('i'), h('i'), h('i'))))));
    patchChildren(box, nodes);
    const live = new Set(nodes);
    for (const [k, c] of S.msgNodes) if (!live.has(c.el)) S.msgNodes.delete(k);
    if (fresh || nearBottom || S.stickToBottom) { box.scrollTop = box.scrollHeight; S.stickToBottom = false; S.atBottom = true; }
  }

  /** Media grow the conversation when they load: stay at the bottom if the reader was there. */
  function keepAtBottom() {
    if (S.atBottom) { const box = $('messages'); box.scrollTop = box.scrollHeight; }
  }

  function cached(key, sig, make) {
    const c = S.msgNodes.get(key);
    if (c && c.sig === sig) return c.el;
    const el = make();
    S.msgNodes.set(key, { sig, el });
    return el;
  }

  function messageNode(m, bot, u, grouped) {
    const mine = m.dir === 'in'; // the user's side of the chat: "me" on this phone
    const body = h('div', { class: 'msg-body' });
    body.append(bubbleOf(m));
    if (m.kind === 'voice' && m.text) body.append(h('div', { class: 'voice-text' }, m.text));
    const notes = [];
    if (m.streaming) notes.push(h('span', { class: 'note streaming-note', 'data-testid': 'streaming' }, 'generating…'));
    if (m.parts > 1) notes.push(h('span', { class: 'note', 'data-testid': 'parts' }, `${m.parts} parts`));
    if (m.group) notes.push(h('span', { class: 'note' }, 'one send'));
    if (notes.length) body.append(h('div', { class: 'msg-notes' }, notes));
    if (m.quote) {
      const who = m.quote.dir === 'out' ? botName(bot.botId) : m.quote.dir === 'in' ? userName(u) : 'Message';
      body.append(h('div', { class: 'quote-block', 'data-testid': 'quote' }, `${who}: ${m.quote.preview ?? '(not found)'}`));
    }
    const actions = h('div', { class: 'msg-actions' },
      h('button', { class: 'icon-btn tiny', type: 'button', title: 'Quote (select some text first to quote just that)', 'aria-label': 'Quote', 'data-testid': 'quote-btn', icon: 'quote',
        onmousedown: (e) => e.preventDefault(), // keep a text selection in the bubble: it becomes the quoted part
        onclick: () => startQuote(m, bot, u, body) }),
      m.contentUrl ? h('a', { class: 'icon-btn tiny', href: m.contentUrl + '?download=1', download: m.fileName || '', title: 'Download', 'aria-label': 'Download', 'data-testid': 'download', icon: 'download' }) : null);
    body.append(actions);
    return h('div', {
      class: `msg ${m.dir}${grouped ? ' grouped' : ''}`, 'data-testid': 'message', 'data-dir': m.dir, 'data-kind': m.kind, 'data-id': m.id,
      'data-streaming': m.streaming ? 'true' : 'false',
    }, mine ? avatarOf(u) : botAvatar(), body);
  }

  function bubbleOf(m) {
    switch (m.kind) {
      case 'image':
        return h('button', { class: 'bubble media image', type: 'button', title: 'View image', onclick: () => openLightbox(m) },
          h('img', { src: m.contentUrl, alt: 'Image', 'data-testid': 'image', onload: keepAtBottom }));
      case 'video':
        return h('div', { class: 'bubble media video' },
          h('video', { src: m.contentUrl, controls: true, preload: 'metadata', 'data-testid': 'video', onloadedmetadata: keepAtBottom }));
      case 'voice': {
        const secs = Math.max(1, Math.round((m.playTimeMs || 1000) / 1000));
        const audio = new Audio();
        const btn = h('button', { class: 'bubble voice', type: 'button', style: `width:${Math.min(220, 70 + secs * 6)}px`, title: 'Play', 'data-testid': 'voice' },
          h('span', { class: 'voice-icon', 'data-icon': 'wave' }), h('span', {}, `${secs}″`));
        btn.querySelector('.voice-icon').innerHTML = icon('wave');
        btn.addEventListener('click', () => {
          if (!audio.src) audio.src = m.contentUrl;
          if (audio.paused) audio.play().catch(() => toast('This voice note cannot be played here (download it instead).', 'error'));
          else audio.pause();
        });
        audio.onplay = () => btn.classList.add('playing');
        audio.onpause = audio.onended = () => btn.classList.remove('playing');
        return btn;
      }
      case 'file':
        return h('a', { class: 'bubble file', href: m.contentUrl ? m.contentUrl + '?download=1' : null, download: m.fileName || '', 'data-testid': 'file' },
          h('div', { class: 'file-main' }, h('div', { class: 'file-name' }, m.fileName || 'file'), h('div', { class: 'file-size' }, fmtBytes(m.size))),
          h('span', { class: 'file-icon', 'data-ext': (m.fileName || '').split('.').pop().slice(0, 4).toUpperCase() }));
      case 'tool':
        return h('div', { class: 'bubble tool' }, 'Tool: ' + (m.text || ''));
      default:
        return h('div', { class: 'bubble text' + (m.streaming ? ' streaming' : ''), 'data-testid': 'text' }, m.text || '');
    }
  }

  function startQuote(m, bot, u, body) {
    const who = m.dir === 'out' ? botName(bot.botId) : userName(u);
    const sel = window.getSelection();
    const selection = sel && !sel.isCollapsed && body.contains(sel.anchorNode) && body.contains(sel.focusNode) ? sel.toString().trim() : '';
    const what = selection ? `“${selection.slice(0, 80)}”`
      : m.text ? m.text.replace(/\s+/g, ' ').slice(0, 80) : `[${m.kind}]${m.fileName ? ' ' + m.fileName : ''}`;
    S.quote = { id: m.id, selection: selection || null, label: `${who}: ${what}` };
    renderQuoteBar();
    $('composer-input').focus();
  }
  function renderQuoteBar() {
    $('quote-bar').hidden = !S.quote;
    $('quote-bar-text').textContent = S.quote ? 'Quoting ' + S.quote.label : '';
  }

  function openLightbox(m) {
    $('lightbox-img').src = m.contentUrl;
    $('lightbox-download').href = m.contentUrl + '?download=1';
    $('lightbox').hidden = false;
  }

  // ---------------------------------------------------------------- sending as the user
  async function sendToBot(body) {
    if (!S.botId || !S.userId) return false;
    S.sending = true;
    $('send-btn').disabled = true;
    try {
      const payload = { fromUserId: S.userId, ...body };
      if (S.quote) {
        payload.quoteMessageId = S.quote.id; // the simulator writes ref_msg as WeChat does: id, quoted item, title
        if (S.quote.selection) payload.quoteSelection = S.quote.selection;
      }
      const ok = await act('Send', () => call('POST', `/_sim/bots/${enc(S.botId)}/messages`, payload));
      if (ok) { S.quote = null; renderQuoteBar(); S.stickToBottom = true; }
      return !!ok;
    } finally {
      S.sending = false;
      updateSendButton();
    }
  }

  async function sendText() {
    const input = $('composer-input');
    const text = input.value;
    if (!text.trim() || S.sending) return;
    if (await sendToBot({ text })) { input.value = ''; autoGrow(); }
    updateSendButton();
    input.focus();
  }

  function updateSendButton() {
    $('send-btn').disabled = S.sending || !$('composer-input').value.trim();
  }
  function autoGrow() {
    const t = $('composer-input');
    t.style.height = 'auto';
    t.style.height = Math.min(140, t.scrollHeight) + 'px';
  }

  function readBase64(blob) {
    return new Promise((resolve, reject) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
      r.onerror = () => reject(r.error);
      r.readAsDataURL(blob);
    });
  }
  function durationOf(blob) {
    return new Promise((resolve) => {
      const url = URL.createObjectURL(blob);
      const a = new Audio();
      const done = (v) => { URL.revokeObjectURL(url); resolve(v); };
      a.preload = 'metadata';
      a.onloadedmetadata = () => done(Number.isFinite(a.duration) ? Math.round(a.duration * 1000) : null);
      a.onerror = () => done(null);
      setTimeout(() => done(null), 3000);
      a.src = url;
    });
  }
  const kindOfFile = (f) => f.type.startsWith('image/') ? 'Image' : f.type.startsWith('video/') ? 'Video' : f.type.startsWith('audio/') ? 'Voice' : 'File';

  /** A picked or dropped file, encrypted onto the CDN by the simulator exactly as for the control API. */
  async function sendFile(file, kind, playTimeMs) {
    if (file.size > 20 * 1024 * 1024) { toast(`${file.name} is over 20 MB`, 'error'); return; }
    const body = { mediaKind: kind, fileName: file.name || undefined, content: await readBase64(file) };
    if (kind === 'Voice') {
      body.playTimeMs = playTimeMs ?? (await durationOf(file)) ?? undefined;
      const caption = $('composer-input').value.trim();
      if (caption) body.text = caption; // a voice note's transcription
    }
    if (await sendToBot(body) && kind === 'Voice' && body.text) { $('composer-input').value = ''; autoGrow(); }
  }

  // Voice notes recorded in the browser (where a microphone is allowed).
  async function startRecording() {
    if (!navigator.mediaDevices || !window.MediaRecorder) { toast('This browser cannot record audio here: attach an audio file instead.', 'error'); return; }
    let stream;
    try { stream = await navigator.mediaDevices.getUserMedia({ audio: true }); }
    catch (e) { toast('No microphone: ' + e.message, 'error'); return; }
    const rec = new MediaRecorder(stream);
    const chunks = [];
    const started = Date.now();
    rec.ondataavailable = (e) => chunks.push(e.data);
    S.recorder = { rec, stream, chunks, started, discard: false, timer: setInterval(() => {
      const s = Math.floor((Date.now() - started) / 1000);
      $('recording-time').textContent = `${Math.floor(s / 60)}:${two(s % 60)}`;
    }, 250) };
    rec.onstop = async () => {
      const r = S.recorder;
      S.recorder = null;
      clearInterval(r.timer);
      r.stream.getTracks().forEach((t) => t.stop());
      $('recording').hidden = true;
      if (r.discard) return;
      const blob = new Blob(r.chunks, { type: rec.mimeType || 'audio/webm' });
      const file = new File([blob], 'voice.' + ((rec.mimeType || '').includes('ogg') ? 'ogg' : 'webm'), { type: blob.type });
      await sendFile(file, 'Voice', Date.now() - r.started);
    };
    rec.start();
    $('recording').hidden = false;
  }

  // ---------------------------------------------------------------- bind
  const isPending = (q) => q.status === 'wait' || q.status === 'scaned' || q.status === 'need_verifycode';
  const STATUS_TEXT = {
    wait: 'Waiting for a scan',
    scaned: 'Scanned: confirm on the phone',
    need_verifycode: 'Waiting for the verify code',
    confirmed: 'Confirmed',
    binded_redirect: 'Already bound (binded_redirect)',
    expired: 'Expired',
    verify_code_blocked: 'Blocked: too many wrong codes',
  };

  function renderBind(st) {
    const howto = $('bind-howto');
    const cmd = `Connect-ClawBot -BaseUrl ${st.settings.apiBase} -CdnBaseUrl ${st.settings.cdnBase}`;
    if (howto.dataset.cmd !== cmd) {
      howto.dataset.cmd = cmd;
      howto.replaceChildren(
        h('span', { class: 'howto-label' }, 'PowerShell'),
        h('code', {}, cmd),
        h('button', { class: 'icon-btn small', type: 'button', title: 'Copy', 'aria-label': 'Copy the command', icon: 'copy', onclick: () => copy(cmd, 'Command copied') }));
    }
    const pending = st.qrCodes.filter(isPending);
    const done = st.qrCodes.filter((q) => !isPending(q));
    const nodes = pending.map((q) => qrCard(st, q));
    if (!pending.length) nodes.push(h('div', { class: 'empty-card wide', 'data-testid': 'qr-empty' },
      h('div', { class: 'empty-qr', 'data-icon': 'qr' }),
      h('h3', {}, 'No QR login is waiting'),
      h('p', {}, st.settings.autoConfirmMs ? `New codes are scanned and confirmed by themselves after ${fmtSpan(st.settings.autoConfirmMs)} (--auto-confirm-seconds).` : 'Run the command above; its QR code shows up here at once.')));
    patchChildren($('qr-pending'), nodes);
    fillIcons($('qr-pending'));
    $('qr-done-title').hidden = !done.length;
    $('qr-done').replaceChildren(...done.map((q) => qrRow(st, q)));
  }

  function qrImage(code) {
    let img = S.qrNodes.get(code);
    if (!img) {
      img = h('img', { src: `/_sim/qrcodes/${enc(code)}/image.svg`, alt: 'QR code of this login', 'data-testid': 'qr-image', width: '220', height: '220' });
      S.qrNodes.set(code, img);
    }
    return img;
  }

  function qrCard(st, q) {
    const code = q.qrCode;
    const post = (what, path, body) => act(what, () => call('POST', `/_sim/qrcodes/${enc(code)}/${path}`, body));
    const scanned = q.status === 'scaned' || q.status === 'need_verifycode';
    const rebind = h('select', { class: 'rebind', 'aria-label': 'Bind as', 'data-testid': 'qr-bind-as' },
      h('option', { value: '' }, 'as a new bot'),
      st.bots.map((b) => h('option', { value: b.botId, selected: S.bindAs.get(code) === b.botId }, `again as ${botName(b.botId)}`)));
    rebind.addEventListener('change', () => S.bindAs.set(code, rebind.value));
    const ttl = h('div', { class: 'ttl', 'data-issued': q.issuedAt, 'data-expires': q.expiresAt }, h('div', { class: 'ttl-bar' }, h('i')), h('span', { class: 'ttl-text' }));
    updateTtl(ttl);
    const verify = q.verifyCode ? h('div', { class: 'verify', 'data-testid': 'qr-verify' },
      h('div', {}, 'The phone shows'),
      h('div', { class: 'digits', 'data-testid': 'qr-verify-digits' }, q.verifyCode),
      h('div', { class: 'muted' }, 'Type these digits at the terminal’s prompt.' + (q.wrongCodes ? ` Wrong tries: ${q.wrongCodes} of 3.` : ''))) : null;
    const primary = h('div', { class: 'qr-actions' },
      h('button', { class: 'btn primary', type: 'button', 'data-action': 'scan', 'data-testid': 'qr-scan', disabled: q.status !== 'wait',
        onclick: () => post('Scan', 'scan') }, 'Scan'),
      h('button', { class: 'btn primary', type: 'button', 'data-action': 'confirm', 'data-testid': 'qr-confirm', disabled: q.status !== 'scaned',
        onclick: () => post('Confirm', 'confirm', rebind.value ? { sameBotAs: rebind.value } : {}) }, 'Confirm'),
      h('label', { class: 'bind-as' }, rebind));
    const secondary = h('div', { class: 'qr-actions secondary' },
      h('button', { class: 'btn small', type: 'button', 'data-action': 'cancel', 'data-testid': 'qr-cancel', disabled: !scanned,
        onclick: () => post('Cancel', 'cancel') }, 'Cancel'),
      h('button', { class: 'btn small', type: 'button', 'data-action': 'verify', 'data-testid': 'qr-verify-code', disabled: !scanned && q.status !== 'wait',
        title: 'The phone asks for a verify code: polls answer need_verifycode until the terminal sends these digits',
        onclick: () => post('Verify code', 'verify-code', { code: String(Math.floor(100000 + Math.random() * 900000)) }) }, 'Verify code'),
      h('button', { class: 'btn small', type: 'button', 'data-action': 'redirect', 'data-testid': 'qr-redirect',
        title: 'The next poll answers scaned_but_redirect (the account lives on another host)',
        onclick: () => post('Redirect', 'redirect') }, 'Redirect'),
      h('button', { class: 'btn danger small', type: 'button', 'data-action': 'expire', 'data-testid': 'qr-expire',
        onclick: () => post('Expire', 'expire') }, 'Expire'));
    return h('article', { class: 'qr-card status-' + q.status, 'data-testid': 'qr-card', 'data-code': code, 'data-status': q.status },
      h('div', { class: 'qr-frame' }, qrImage(code), scanned ? h('div', { class: 'qr-overlay' }, h('span', { class: 'qr-check', 'data-icon': 'check' }), 'Scanned') : null),
      h('div', { class: 'qr-info' },
        h('div', { class: 'qr-status', 'data-testid': 'qr-status' }, h('i'), STATUS_TEXT[q.status] || q.status),
        ttl,
        verify,
        primary,
        secondary,
        h('div', { class: 'qr-foot' },
          h('span', { class: 'mono', title: q.qrCode }, 'code ' + q.qrCode.slice(0, 8) + '…'),
          h('span', {}, q.polls ? `terminal polled ${q.polls}×` : 'not polled yet'))));
  }

  function updateTtl(el) {
    const issued = Date.parse(el.dataset.issued), expires = Date.parse(el.dataset.expires), now = serverNow();
    const left = Math.max(0, expires - now);
    el.querySelector('i').style.width = (100 * left / Math.max(1, expires - issued)).toFixed(1) + '%';
    el.querySelector('.ttl-text').textContent = left > 0 ? `expires in ${fmtSpan(left)}` : 'expired';
    el.classList.toggle('low', left < 15e3);
  }

  function qrRow(st, q) {
    const bot = q.botId && st.bots.find((b) => b.botId === q.botId);
    return h('div', { class: 'qr-row status-' + q.status, 'data-testid': 'qr-row', 'data-code': q.qrCode, 'data-status': q.status },
      h('span', { class: 'qr-status' }, h('i'), STATUS_TEXT[q.status] || q.status),
      h('span', { class: 'muted' }, fmtWhen(q.issuedAt)),
      bot ? h('a', { href: `#/chats/${enc(bot.botId)}/${enc(bot.binderId)}`, class: 'link', 'data-testid': 'qr-open-chat' }, `${botName(bot.botId)} → open chat`) : h('span'));
  }

  // ---------------------------------------------------------------- faults
  const ENDPOINTS = [
    ['sendmessage', 'sendmessage: Send-ClawMessage, Send-ClawFile'],
    ['getupdates', 'getupdates: Receive-ClawMessage'],
    ['getuploadurl', 'getuploadurl: Send-ClawFile (upload URL)'],
    ['cdn-upload', 'cdn-upload: Send-ClawFile (upload)'],
    ['cdn-download', 'cdn-download: Save-ClawAttachment'],
    ['get_bot_qrcode', 'get_bot_qrcode: Connect-ClawBot (new code)'],
    ['get_qrcode_status', 'get_qrcode_status: Connect-ClawBot (status)'],
    ['getconfig', 'getconfig: typing ticket'],
    ['sendtyping', 'sendtyping: Send-ClawTyping'],
    ['notifystart', 'notifystart'],
    ['notifystop', 'notifystop'],
  ];
  const FAULTS = [
    { id: 'status-500', label: 'HTTP 500', hint: 'Internal server error', kind: 'Status', status: 500 },
    { id: 'status-502', label: 'HTTP 502', hint: 'Bad gateway', kind: 'Status', status: 502 },
    { id: 'status-503', label: 'HTTP 503', hint: 'Service unavailable', kind: 'Status', status: 503 },
    { id: 'status-524', label: 'HTTP 524', hint: 'Gateway timeout', kind: 'Status', status: 524 },
    { id: 'hold', label: 'Hold', hint: 'Answer late: longer than the client waits', kind: 'Delay', hold: true },
    { id: 'drop', label: 'Drop', hint: 'Close the connection without an answer', kind: 'Reset' },
    { id: 'lose', label: 'Lose the answer', hint: 'Do the work, then drop the reply', kind: 'LoseResponse' },
    { id: 'session', label: 'Session timeout', hint: 'Answer ret −14 once; the token stays valid', kind: 'SessionExpired' },
    { id: 'apierror', label: 'API error', hint: 'Answer ret −2', kind: 'ApiError', ret: -2 },
    { id: 'malformed', label: 'Malformed JSON', hint: 'Answer 200 with cut-off JSON', kind: 'Malformed' },
    { id: 'html', label: 'HTML page', hint: 'Answer 200 with a gateway’s error page', kind: 'Html' },
  ];
  const FAULT_TEXT = Object.fromEntries(FAULTS.map((f) => [f.kind + (f.status ? '-' + f.status : ''), f.label]));

  function setupFaults() {
    const sel = $('fault-endpoint');
    sel.replaceChildren(...ENDPOINTS.map(([v, t]) => h('option', { value: v }, t)));
    const hold = h('input', { type: 'number', min: '1', max: '600', value: '40', 'aria-label': 'Hold seconds', 'data-testid': 'fault-hold-seconds' });
    const inject = async (f) => {
      const count = Math.max(1, Math.min(1000, parseInt($('fault-count').value, 10) || 1));
      const fault = { endpoint: sel.value, kind: f.kind, count };
      if (f.status) fault.status = f.status;
      if (f.ret) fault.ret = f.ret;
      if (f.hold) fault.delayMs = Math.max(1, Number(hold.value) || 40) * 1000;
      const ok = await act('Fault', () => call('POST', '/_sim/faults', fault));
      if (ok) toast(`${f.label} queued for the next ${count > 1 ? count + ' calls' : 'call'} of ${sel.value}`);
    };
    // The HTTP statuses share one card; every other fault has its own.
    const statuses = FAULTS.filter((f) => f.status);
    const statusCard = h('div', { class: 'fault-card fault-statuses' },
      h('b', {}, 'HTTP error'), h('small', {}, 'The gateway answers with this status'),
      h('div', { class: 'status-row' }, statuses.map((f) =>
        h('button', { class: 'btn', type: 'button', 'data-fault': f.id, 'data-testid': 'fault-' + f.id, title: f.hint, onclick: () => inject(f) }, String(f.status)))));
    const buttons = [statusCard, ...FAULTS.filter((f) => !f.status).map((f) => {
      const b = h('button', { class: 'fault-btn', type: 'button', 'data-fault': f.id, 'data-testid': 'fault-' + f.id },
        h('b', {}, f.label), h('small', {}, f.hint));
      b.addEventListener('click', () => inject(f));
      if (f.hold) return h('div', { class: 'fault-hold' }, b, h('label', {}, 'for ', hold, ' seconds'));
      return b;
    })];
    $('fault-buttons').replaceChildren(...buttons);
    $('fault-clear').addEventListener('click', () => act('Clear faults', () => call('DELETE', '/_sim/faults')));
  }

  function renderFaults(st) {
    const q = $('fault-queue');
    q.replaceChildren(...(st.faults.length ? st.faults.map((f) => h('li', { 'data-testid': 'queued-fault', 'data-endpoint': f.endpoint, 'data-kind': f.kind },
      h('b', {}, FAULT_TEXT[f.kind + (f.kind === 'Status' ? '-' + f.status : '')] || (f.kind === 'Status' ? 'HTTP ' + f.status : f.kind)),
      h('span', { class: 'mono' }, f.endpoint),
      h('span', { class: 'muted' }, f.kind === 'Delay' ? `${fmtSpan(f.delayMs)} · ` : '', `${f.count} call${f.count > 1 ? 's' : ''} left`)))
      : [h('li', { class: 'muted empty' }, 'Nothing queued: every call is answered normally.')]));

    const sessions = $('session-list');
    sessions.replaceChildren(...(st.bots.length ? st.bots.map((b) => h('li', { 'data-testid': 'session', 'data-bot': b.botId },
      h('span', { class: 'avatar bot small', 'data-icon': 'claw' }),
      h('div', { class: 'session-main' }, h('b', {}, botName(b.botId)),
        h('small', { class: 'bot-status', 'data-state': botState(b).state },
          b.revoked ? 'session expired: calls answer −14' : botState(b).text, ` · ${b.queued} queued`, b.dropped ? ` · ${b.dropped} dropped` : '')),
      h('button', { class: 'btn danger small', type: 'button', disabled: b.revoked, 'data-testid': 'expire-session',
        onclick: () => act('Expire session', () => call('POST', `/_sim/bots/${enc(b.botId)}/expire-session`)) }, 'Expire session')))
      : [h('li', { class: 'muted empty' }, 'No bot is bound yet.')]));
    fillIcons(sessions);

    const rows = Object.entries(st.requests).sort((a, b) => b[1] - a[1]);
    $('traffic').replaceChildren(...(rows.length ? rows.map(([k, v]) => h('tr', {}, h('td', { class: 'mono' }, k), h('td', {}, String(v))))
      : [h('tr', {}, h('td', { class: 'muted' }, 'No calls yet.'))]));
  }

  // ---------------------------------------------------------------- misc
  async function copy(text, done) {
    try { await navigator.clipboard.writeText(text); toast(done); }
    catch { toast(text); }
  }

  /** Once a second: ages, countdowns, and typing indicators that ran out. */
  function tick() {
    for (const el of document.querySelectorAll('.ttl[data-expires]')) updateTtl(el);
    for (const el of document.querySelectorAll('[data-testid="chip-token"][data-issued]')) updateTokenChip(el);
    const st = S.state;
    if (!st) return;
    if (botStates(st) !== S.shownBotStates) { S.shownBotStates = botStates(st); render(); return; }
    const { user } = currentChat(st);
    const shown = !!$('messages').querySelector('[data-testid="typing"]');
    const due = !!(user && user.typing && Date.parse(user.typingAt) + st.settings.typingShownMs > serverNow());
    if (shown !== due) render();
  }

  function wire() {
    document.querySelector('.rail-logo').innerHTML = LOGO;
    document.querySelector('.conv-empty-logo').innerHTML = LOGO;
    fillIcons(document);
    for (const b of document.querySelectorAll('.rail-tab')) b.addEventListener('click', () => {
      if (b.dataset.tab === 'chats' && S.botId && S.userId) go(`#/chats/${enc(S.botId)}/${enc(S.userId)}`);
      else go('#/' + b.dataset.tab);
    });
    $('conv-back').addEventListener('click', () => go('#/chats'));
    $('messages').addEventListener('scroll', () => {
      const box = $('messages');
      S.atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 120;
    });
    const input = $('composer-input');
    input.addEventListener('input', () => { autoGrow(); updateSendButton(); });
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); sendText(); }
      if (e.key === 'Escape' && S.quote) { S.quote = null; renderQuoteBar(); }
    });
    $('send-btn').addEventListener('click', sendText);
    $('quote-cancel').addEventListener('click', () => { S.quote = null; renderQuoteBar(); });

    const menu = $('attach-menu'), attach = $('attach-btn');
    const closeMenu = () => { menu.hidden = true; attach.setAttribute('aria-expanded', 'false'); };
    attach.addEventListener('click', (e) => { e.stopPropagation(); menu.hidden = !menu.hidden; attach.setAttribute('aria-expanded', String(!menu.hidden)); });
    document.addEventListener('click', (e) => { if (!menu.contains(e.target)) closeMenu(); });
    for (const b of menu.querySelectorAll('[data-attach]')) b.addEventListener('click', () => { closeMenu(); $('pick-' + b.dataset.attach).click(); });
    for (const kind of ['Image', 'Video', 'File', 'Voice']) {
      const pick = $('pick-' + kind);
      pick.addEventListener('change', async () => {
        const files = [...pick.files];
        pick.value = '';
        for (const f of files) await sendFile(f, kind);
      });
    }
    $('record-start').addEventListener('click', () => { closeMenu(); startRecording(); });
    $('record-stop').addEventListener('click', () => S.recorder && S.recorder.rec.stop());
    $('record-cancel').addEventListener('click', () => { if (S.recorder) { S.recorder.discard = true; S.recorder.rec.stop(); } });

    // Drag a file onto the conversation, or paste an image.
    const conv = $('conv');
    let depth = 0;
    conv.addEventListener('dragenter', (e) => { if (S.userId && e.dataTransfer.types.includes('Files')) { depth++; $('drop-hint').hidden = false; } });
    conv.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; $('drop-hint').hidden = true; } });
    conv.addEventListener('dragover', (e) => { if (S.userId) e.preventDefault(); });
    conv.addEventListener('drop', async (e) => {
      e.preventDefault(); depth = 0; $('drop-hint').hidden = true;
      for (const f of e.dataTransfer.files) await sendFile(f, kindOfFile(f));
    });
    input.addEventListener('paste', async (e) => {
      const files = [...(e.clipboardData?.files || [])];
      if (!files.length) return;
      e.preventDefault();
      for (const f of files) await sendFile(f, kindOfFile(f));
    });

    $('lightbox-close').addEventListener('click', () => { $('lightbox').hidden = true; });
    $('lightbox').addEventListener('click', (e) => { if (e.target === $('lightbox')) $('lightbox').hidden = true; });
    document.addEventListener('keydown', (e) => { if (e.key === 'Escape') $('lightbox').hidden = true; });
    document.addEventListener('visibilitychange', () => render());

    setupFaults();
    window.addEventListener('hashchange', readRoute);
    updateSendButton();
  }

  wire();
  readRoute();
  connect();
  refresh();
  setInterval(tick, 1000);
})();
