(() => {
  'use strict';
  // Reads the rows the page was rendered with; writes classes, attributes and plain text
  // only (never HTML). Every pass over the rows is linear.
  const doc = document;
  const table = doc.getElementById('rows');
  const rows = table.querySelectorAll('tr[id]');
  const n = rows.length;
  const pills = Array.from(doc.querySelectorAll('button.pill'));
  const pos = doc.getElementById('pos');
  const filter = doc.getElementById('filter');
  const matches = doc.getElementById('matches');
  const everything = doc.getElementById('everything');

  // Rows (by number) that are the place of a change, by kind and all together.
  const lists = { all: [] };
  pills.forEach((p) => { lists[p.dataset.kind] = lists[p.dataset.kind] || []; });
  for (let i = 0; i < n; i++) {
    const step = rows[i].getAttribute('data-step');
    if (!step) continue;
    lists.all.push(i);
    for (const kind of step.split(' ')) (lists[kind] = lists[kind] || []).push(i);
  }
  pills.forEach((p) => p.setAttribute('data-count', String(lists[p.dataset.kind].length)));

  let kind = 'all';
  let cur = -1;
  let filtering = false;

  const visible = (i) => !filtering || !rows[i].classList.contains('out');
  const candidates = () => (filtering ? lists[kind].filter(visible) : lists[kind]);

  function showPos() {
    if (!pos) return;
    const list = candidates();
    const at = list.indexOf(cur);
    const what = kind === 'all' ? (list.length === 1 ? 'changed entry' : 'changed entries') : kind;
    pos.textContent = `${at >= 0 ? at + 1 : '–'} / ${list.length} ${what}`;
  }

  // A fold line's button opens (or closes) the rows it stands for, the next body down.
  function openGroup(button, open) {
    doc.getElementById(button.getAttribute('aria-controls')).classList.toggle('open', open);
    button.setAttribute('aria-expanded', String(open));
    button.textContent = `${open ? '▾' : '…'} ${button.dataset.n} ${button.dataset.what}`;
  }

  function go(i) {
    const row = rows[i];
    if (filtering && row.classList.contains('out')) setFilter('');
    const group = row.parentElement;
    if (group.classList.contains('gb') && !group.classList.contains('open')) {
      openGroup(doc.querySelector(`button[aria-controls="${group.id}"]`), true);
    }
    if (cur >= 0) {
      rows[cur].classList.remove('cur');
      rows[cur].removeAttribute('tabindex');
    }
    cur = i;
    row.classList.add('cur');
    row.setAttribute('tabindex', '-1');
    row.focus({ preventScroll: true });
    row.scrollIntoView({ block: 'center' });
    showPos();
  }

  // The next (dir 1) or previous (dir -1) change of the selected kind, wrapping around.
  function step(dir) {
    const list = candidates();
    if (list.length === 0) {
      showPos();
      return;
    }
    let at = -1;
    if (dir > 0) {
      at = list.findIndex((i) => i > cur);
      if (at < 0) at = 0;
    } else {
      for (let k = list.length - 1; k >= 0; k--) {
        if (list[k] < cur) {
          at = k;
          break;
        }
      }
      if (at < 0) at = list.length - 1;
    }
    go(list[at]);
  }

  function select(k) {
    kind = k;
    pills.forEach((p) => p.setAttribute('aria-pressed', String(p.dataset.kind === k)));
  }

  // A pill selects its kind and shows its first change; pressed again, the next one.
  pills.forEach((p) => p.addEventListener('click', () => {
    if (kind === p.dataset.kind) {
      step(1);
      return;
    }
    select(p.dataset.kind);
    const list = candidates();
    if (list.length > 0) go(list[0]);
    else showPos();
  }));
  const prev = doc.getElementById('prev');
  const next = doc.getElementById('next');
  if (prev) prev.addEventListener('click', () => step(-1));
  if (next) next.addEventListener('click', () => step(1));

  function setEverything(on) {
    table.classList.toggle('folded', !on);
    everything.setAttribute('aria-pressed', String(on));
  }
  everything.addEventListener('click', () => setEverything(table.classList.contains('folded')));

  table.addEventListener('click', (e) => {
    const fold = e.target.closest('button.fold');
    if (fold) {
      openGroup(fold, fold.getAttribute('aria-expanded') !== 'true');
      return;
    }
    const link = e.target.closest('a.partner');
    if (link) {
      e.preventDefault();
      go(Number(link.getAttribute('href').slice(2)));
    }
  });

  // The filter: rows whose title or target (old or new) holds the text, and the rows above
  // them as context. Prepared on first use.
  let texts = null;
  let parents = null;
  let state = null;
  function prepare() {
    texts = new Array(n);
    parents = new Int32Array(n);
    state = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const p = rows[i].getAttribute('data-p');
      parents[i] = p === null ? -1 : Number(p);
      let text = '';
      for (const e of rows[i].querySelectorAll('.title, .target')) {
        text += `${e.textContent}\n`;
      }
      texts[i] = text.toLowerCase();
    }
  }

  function setFilter(value) {
    filter.value = value;
    applyFilter();
  }

  function applyFilter() {
    const q = filter.value.trim().toLowerCase();
    if (!texts) {
      if (!q) return;
      prepare();
    }
    // 0: matches, 1: above a match, 2: hidden.
    const want = new Uint8Array(n).fill(q ? 2 : 0);
    let count = 0;
    if (q) {
      for (let i = n - 1; i >= 0; i--) {
        if (texts[i].includes(q)) {
          want[i] = 0;
          count++;
        }
        const p = parents[i];
        if (want[i] !== 2 && p >= 0 && want[p] === 2) want[p] = 1;
      }
    }
    for (let i = 0; i < n; i++) {
      if (want[i] === state[i]) continue;
      rows[i].classList.toggle('out', want[i] === 2);
      rows[i].classList.toggle('context', want[i] === 1);
      state[i] = want[i];
    }
    filtering = q !== '';
    table.classList.toggle('filtering', filtering);
    matches.textContent = filtering ? `${count} ${count === 1 ? 'entry matches' : 'entries match'}` : '';
    showPos();
  }
  filter.addEventListener('input', applyFilter);

  doc.addEventListener('keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const t = e.target;
    if (t === filter) {
      if (e.key === 'Escape') {
        setFilter('');
        filter.blur();
      } else if (e.key === 'Enter') {
        e.preventDefault();
        step(e.shiftKey ? -1 : 1);
      }
      return;
    }
    if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
    switch (e.key) {
      case 'n': case 'j': step(1); break;
      case 'p': case 'k': step(-1); break;
      case '/': filter.focus(); filter.select(); break;
      case 'e': setEverything(table.classList.contains('folded')); break;
      default: return;
    }
    e.preventDefault();
  });

  // The column titles stay in view under the sticky header.
  const header = doc.getElementById('top');
  const fit = () => table.style.setProperty('--header', `${header.offsetHeight}px`);
  if (window.ResizeObserver) new ResizeObserver(fit).observe(header);
  fit();

  // A link to one row (`#r12`) opens its fold.
  function toHash() {
    const m = /^#r(\d+)$/.exec(location.hash);
    if (m && Number(m[1]) < n) go(Number(m[1]));
  }
  window.addEventListener('hashchange', toHash);
  toHash();
  select('all');
  showPos();
  doc.body.dataset.ready = 'yes';
})();
