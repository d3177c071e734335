// The regulator console: a bearer token in this tab's session storage, and calls to the regulator API beside this page.
// Everything is rendered with textContent / DOM nodes (never innerHTML), so data from the API cannot inject markup.
import { drawBarChart } from './chart.js';

const api = new URL('v1/', document.baseURI);
const $ = (id) => document.getElementById(id);
const storageKey = 'eid.regulator.token';
let officer = null;

async function call(path, init = {}) {
  const token = sessionStorage.getItem(storageKey);
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}`, ...(init.headers ?? {}) };
  const response = await fetch(new URL(path, api), { ...init, headers });
  const body = response.headers.get('content-type')?.includes('json') ? await response.json() : null;
  if (!response.ok) {
    const retry = response.headers.get('retry-after');
    const detail = body?.detail ?? response.statusText;
    const error = new Error(response.status === 429 ? `429 Too many requests: ${detail}` : `${response.status} ${body?.title ?? ''}: ${detail}`);
    error.status = response.status;
    error.retryAfter = retry;
    throw error;
  }
  return body;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function showMessage(error) { $('message').textContent = error ? error.message : ''; }

async function signIn(token) {
  sessionStorage.setItem(storageKey, token.trim());
  try {
    officer = await call('me');
  } catch (error) {
    sessionStorage.removeItem(storageKey);
    $('sign-in-error').textContent = error.message;
    return;
  }
  $('sign-in-error').textContent = '';
  $('officer-name').textContent = officer.officer;
  $('officer-roles').textContent = officer.roles.join(', ') || 'no roles';
  $('officer').hidden = false;
  $('sign-in').hidden = true;
  $('console').hidden = false;
}

function signOut() {
  sessionStorage.removeItem(storageKey);
  officer = null;
  $('officer').hidden = true;
  $('sign-in').hidden = false;
  $('console').hidden = true;
  $('token').value = '';
}

function parcelDetails(parcel) {
  const list = element('dl');
  list.className = 'parcel';
  const rows = [
    ['Waybill', parcel.waybillNumber], ['Sender', parcel.senderNameMasked], ['Sender phone', parcel.senderPhoneMasked],
    ['Sender token', parcel.senderToken], ['Item', `${parcel.itemCategory} ${parcel.itemDescription ?? ''}`.trim()],
    ['Weight', `${parcel.weightGrams} g`], ['Route', `${parcel.originRegion} → ${parcel.destinationRegion}`],
    ['Courier / device', `${parcel.courierId} / ${parcel.deviceId}`], ['Verification', `${parcel.verdict} (${parcel.method ?? 'unknown'})`],
    ['Accepted', parcel.acceptedAt],
  ];
  if (parcel.sender) {
    rows.push(['Sender name', parcel.sender.fullName], ['Sender ID number', parcel.sender.idNumber], ['Phone', parcel.sender.phone]);
  }
  for (const [name, value] of rows) {
    const term = element('dt', name);
    const data = element('dd', value ?? '');
    if (parcel.sender && ['Sender name', 'Sender ID number', 'Phone'].includes(name)) data.className = 'pii';
    list.append(term, data);
  }
  return list;
}

function parcelTable(page) {
  const table = element('table');
  const head = element('tr');
  const withPii = page.items.some((p) => p.sender);
  for (const name of ['Waybill', 'Accepted', 'Sender', ...(withPii ? ['Name', 'ID number'] : []), 'Route', 'Item']) head.append(element('th', name));
  table.append(head);
  for (const p of page.items) {
    const row = element('tr');
    row.append(element('td', p.waybillNumber), element('td', p.acceptedAt), element('td', p.senderNameMasked));
    if (withPii) row.append(element('td', p.sender?.fullName ?? '', 'pii'), element('td', p.sender?.idNumber ?? '', 'pii'));
    row.append(element('td', `${p.originRegion} → ${p.destinationRegion}`), element('td', p.itemCategory));
    table.append(row);
  }
  const summary = element('p', `${page.total} parcel(s); page ${page.page}${page.hasMore ? ' (more pages)' : ''}${page.truncated ? ' (search capped: narrow the period)' : ''}`);
  summary.className = 'summary';
  return [summary, table];
}

async function run(target, action) {
  showMessage(null);
  $(target).replaceChildren();
  try {
    const nodes = await action();
    $(target).replaceChildren(...[nodes].flat());
  } catch (error) {
    showMessage(error);
  }
}

const isoStart = (day) => `${day}T00:00:00Z`;
const nextDay = (day) => { const d = new Date(`${day}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1); return d.toISOString(); };

function wire() {
  $('sign-in-button').addEventListener('click', () => signIn($('token').value));
  $('sign-out').addEventListener('click', signOut);

  $('trace-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run('trace-result', async () => parcelDetails(await call(`parcels/${encodeURIComponent($('trace-waybill').value.trim())}`)));
  });

  $('sender-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const body = { from: isoStart($('sender-from').value), to: nextDay($('sender-to').value), page: 1, pageSize: 50 };
    body[$('sender-kind').value] = $('sender-value').value.trim();
    run('sender-result', async () => parcelTable(await call('sender-parcels', { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } })));
  });

  $('region-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const region = $('region-code').value.trim();
    const from = $('region-from').value;
    const to = $('region-to').value;
    $('region-chart').replaceChildren();
    run('region-result', async () => {
      const stats = await call(`statistics/parcels-per-day?region=${encodeURIComponent(region)}&from=${from}&to=${to}`);
      $('region-chart').replaceChildren(drawBarChart(stats.days.map((d) => ({ label: d.day, value: d.parcels })), `Parcels per day, region ${region}`));
      const page = await call(`regions/${encodeURIComponent(region)}/parcels?from=${encodeURIComponent(isoStart(from))}&to=${encodeURIComponent(nextDay(to))}&page=1&pageSize=50`);
      return parcelTable(page);
    });
  });

  $('ledger-button').addEventListener('click', () => run('ledger-result', async () => {
    const s = await call('ledger');
    const list = element('dl');
    const rows = [
      ['Ledger', s.ledgerId], ['Entries', s.entries], ['Status', s.intact ? 'intact' : `BROKEN at entry ${s.firstBadSequence}: ${s.problem}`],
      ['Entries checked', s.entriesChecked], ['Checked at', s.checkedAt],
      ['Latest checkpoint', s.latestCheckpoint ? `entry ${s.latestCheckpoint.sequence}, signed ${s.latestCheckpoint.signedAt}` : 'none yet'],
      ['Checkpoint hash', s.latestCheckpoint?.entryHash ?? ''], ['Signing key', s.latestCheckpoint?.publicKey ?? ''],
    ];
    for (const [name, value] of rows) list.append(element('dt', name), element('dd', value, name === 'Status' ? (s.intact ? 'ok' : 'error') : undefined));
    list.id = 'ledger-status';
    return list;
  }));

  const saved = sessionStorage.getItem(storageKey);
  if (saved) signIn(saved);
}

wire();
