#!/usr/bin/env node
// The mutual-TLS service of `eseikyu serve`, checked as a careful client would use it:
// server verification ON (Node's `tls` and `openssl s_client -verify_return_error`),
// trusting only the world's `…/ca.pem`, with a client certificate obtained the way the
// README's "Your software." paragraph says (downloaded through the site, then read back
// from the control API's `…/downloads/{index}`).
//
//   node verify.mjs BASE_URL [WORLD]
//
// BASE_URL: the site, e.g. http://127.0.0.1:8080. WORLD: an existing world to use (an
// office is registered in it); without it (or with `new`) a world is made for the run.
// Node built-ins only; `openssl` on PATH for the s_client checks (skipped without it).
// For testing this script itself: ESEIKYU_TLS_ADDRESS=host:port connects there instead of
// the world's …/service address, and ESEIKYU_TLS_EXTRA_CA=file.pem trusts that CA too.
// Ends with `tls: N passed, M failed` and exits 1 when any check failed.

import tls from 'node:tls';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';

const BASE = (process.argv[2] || 'http://127.0.0.1:8080').replace(/\/$/, '');
let WORLD = process.argv[3] || 'new';
const TIMEOUT_MS = 15000;

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${name}${detail ? `\n      ${detail.replace(/\n/g, '\n      ')}` : ''}`);
}
function info(s) {
  console.log(`      ${s.replace(/\n/g, '\n      ')}`);
}
function finish() {
  console.log(`tls: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

// ---- plain HTTP with a cookie jar (the site is HTML forms; no JavaScript) -------------

const jar = new Map();
function request(method, url, { body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url, BASE);
    const h = { ...headers };
    if (jar.size) h.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (body !== undefined) h['content-length'] = Buffer.byteLength(body);
    const req = http.request(u, { method, headers: h, timeout: TIMEOUT_MS }, (res) => {
      for (const c of res.headers['set-cookie'] || []) {
        const [kv] = c.split(';');
        const i = kv.indexOf('=');
        jar.set(kv.slice(0, i).trim(), kv.slice(i + 1).trim());
      }
      const chunks = [];
      res.on('data', (d) => chunks.push(d));
      res.on('end', () =>
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks), url: u }),
      );
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${u} timed out`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

async function api(method, p, json) {
  const r = await request(method, p, json === undefined ? {} : {
    body: JSON.stringify(json),
    headers: { 'content-type': 'application/json' },
  });
  const text = r.body.toString('utf8');
  let value;
  try { value = JSON.parse(text); } catch { value = text; }
  return { status: r.status, value, raw: r.body, headers: r.headers };
}

// A visitor: follows 303s by GET, remembers the page it is on (forms post to it).
let at = '/';
let token = '';
async function follow(r) {
  let hops = 0;
  while (r.status >= 300 && r.status < 400 && r.headers.location && hops++ < 10) {
    r = await request('GET', new URL(r.headers.location, r.url).toString());
  }
  const text = r.body.toString('utf8');
  if (r.status === 200) at = r.url.pathname + r.url.search;
  // Every form carries the session's anti-forgery token (a hidden input; links have it too).
  const t = /name="_token" value="([^"]*)"/.exec(text);
  if (t) token = t[1];
  return { ...r, text };
}
async function visit(p) {
  return follow(await request('GET', p));
}
async function press(fields, button, query = '') {
  const form = new URLSearchParams([...Object.entries(fields), ['_token', token], ['_press', button]]).toString();
  const r = await request('POST', at.split('?')[0] + query, {
    body: form,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (query) return r; // a download: its bytes, not a page
  return follow(r);
}
function title(page) {
  const m = /<h1>([\s\S]*?)<\/h1>/.exec(page.text);
  return m ? m[1].trim() : '';
}
function link(page, text) {
  const end = `">${text}</a>`;
  const i = page.text.indexOf(end);
  if (i < 0) throw new Error(`no link ${text} on ${page.url}`);
  const start = page.text.lastIndexOf('href="', i) + 6;
  return page.text.slice(start, i).replace(/&amp;|&#38;/g, '&');
}

// ---- a client certificate, as the README says ------------------------------------------

async function obtainCertificate() {
  if (WORLD === 'new') {
    const w = await api('POST', '/_eseikyu/worlds', { at: '2026-02-10T10:00:00+09:00' });
    if (w.status !== 201) throw new Error(`POST /_eseikyu/worlds: ${w.status} ${JSON.stringify(w.value)}`);
    WORLD = w.value.id;
    info(`made world ${WORLD}`);
  } else {
    const w = await api('GET', `/_eseikyu/worlds/${encodeURIComponent(WORLD)}`);
    if (w.status !== 200) throw new Error(`no world ${WORLD}: ${w.status} ${JSON.stringify(w.value)}`);
  }
  const W = `/_eseikyu/worlds/${encodeURIComponent(WORLD)}`;
  // An active office of our own: an unused 事業所番号 (13 = Tokyo, then 8 digits).
  const password = 'Verify2026!!';
  let number;
  for (let tries = 0; tries < 20 && !number; tries++) {
    const n = `13${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
    const r = await api('POST', `${W}/offices`, {
      number: n, state: 'active', password, security_addresses: ['verify@example.jp'],
    });
    if (r.status === 201) number = n;
    else if (r.status !== 409) throw new Error(`POST ${W}/offices: ${r.status} ${JSON.stringify(r.value)}`);
  }
  const facts = (await api('GET', `${W}/offices/${number}`)).value;
  const userId = facts.user_ids[0];
  const certPassword = facts.cert_password;
  info(`office ${number}, user ${userId}`);

  // The site, as the browser test does: login → 介護DX証明書 → apply → (3 minutes) → download.
  await visit(`${W}/enter`);
  await visit('/KShinsei/login');
  const menu = await press({ 'ユーザID': userId, 'パスワード': password }, 'ログイン');
  if (!/notices|main/.test(menu.url.pathname)) info(`after login: ${menu.url.pathname} 「${title(menu)}」`);
  let dx = await visit(link(await visit('/KShinsei/notices'), '介護DX証明書'));
  if (title(dx) !== '介護DX証明書') throw new Error(`not the DX certificate screen: 「${title(dx)}」`);
  await press({}, '発行申請を行う前に');
  await press({}, '閉じる');
  await press({}, '次へ');
  await press({ '証明書発行用パスワード (半角英数)': certPassword }, '次へ');
  await press({}, '利用規約に同意して送信');
  const adv = await api('POST', `${W}/clock/advance`, { by: '3m' });
  if (adv.status !== 200) throw new Error(`clock/advance: ${adv.status} ${JSON.stringify(adv.value)}`);
  dx = await visit(link(await visit('/KShinsei/notices'), '介護DX証明書'));
  const list = await press({}, '次へ');
  if (title(list) !== '証明書ダウンロード') throw new Error(`not the download list: 「${title(list)}」`);
  const dl = await press({}, 'ダウンロード', '?_row=1');
  const viaSite = dl.body;
  check('site download is application/x-pkcs12', dl.status === 200 && /application\/x-pkcs12/.test(dl.headers['content-type'] || ''),
    `${dl.status} ${dl.headers['content-type']} ${dl.headers['content-disposition'] || ''}`);

  // The same file from the control API (…/downloads, …/downloads/{index}).
  const all = await api('GET', `${W}/downloads`);
  const mine = (all.value.downloads || []).filter((d) => d.kind === 'certificate').pop();
  let pfx = viaSite;
  if (mine) {
    const r = await api('GET', `${W}/downloads/${mine.index}`);
    check(`GET ${W}/downloads/${mine.index} gives the same PKCS#12 bytes`,
      r.status === 200 && Buffer.compare(r.raw, viaSite) === 0,
      `${r.status} ${r.headers['content-type']} ${r.raw.length} bytes; site ${viaSite.length} bytes; name ${mine.name}`);
    if (r.status === 200) pfx = r.raw;
    if (mine.password && mine.password !== certPassword) info(`download's password differs from cert_password`);
  } else {
    check(`${W}/downloads lists the certificate`, false, JSON.stringify(all.value));
  }
  const ca = await api('GET', `${W}/ca.pem`);
  check(`GET ${W}/ca.pem is a PEM certificate`, ca.status === 200 && /BEGIN CERTIFICATE/.test(ca.raw.toString()),
    `${ca.status} ${ca.headers['content-type']}`);
  const svc = await api('GET', `${W}/service`);
  // A CA for the service's own certificate, where the server offers one (newer servers:
  // `ca_pem`/`ca` in …/service, or /_eseikyu/service-ca.pem); trusted beside ca.pem.
  let serviceCa = null;
  let serviceCaFrom = '';
  if (typeof svc.value.ca_pem === 'string' && /BEGIN CERTIFICATE/.test(svc.value.ca_pem)) {
    serviceCa = svc.value.ca_pem;
    serviceCaFrom = `${W}/service ca_pem`;
  } else {
    for (const where of [svc.value.ca, '/_eseikyu/service-ca.pem'].filter((x) => typeof x === 'string')) {
      const r = await api('GET', where);
      if (r.status === 200 && /BEGIN CERTIFICATE/.test(r.raw.toString())) {
        serviceCa = r.raw.toString();
        serviceCaFrom = where;
        break;
      }
    }
  }
  if (process.env.ESEIKYU_TLS_EXTRA_CA) {
    serviceCa = fs.readFileSync(process.env.ESEIKYU_TLS_EXTRA_CA, 'utf8');
    serviceCaFrom = process.env.ESEIKYU_TLS_EXTRA_CA;
  }
  if (process.env.ESEIKYU_TLS_ADDRESS) svc.value.address = process.env.ESEIKYU_TLS_ADDRESS;
  info(serviceCa ? `the server also offers a CA for the service's own certificate: ${serviceCaFrom}`
    : `the server offers no CA for the service's own certificate (no ca_pem/ca in ${W}/service, no /_eseikyu/service-ca.pem): trusting ca.pem only, as the README says`);
  return { pfx, certPassword, caPem: ca.raw.toString(), serviceCa, serviceCaFrom, address: svc.value.address, W };
}

// ---- Node tls, verification on ---------------------------------------------------------

function describeCert(c) {
  if (!c || !c.subject) return '(none)';
  const dn = (o) => Object.entries(o || {}).map(([k, v]) => `${k}=${v}`).join(', ');
  return `subject ${dn(c.subject)}; issuer ${dn(c.issuer)}; SAN ${c.subjectaltname || '(none)'}; ` +
    `valid ${c.valid_from} – ${c.valid_to}; sha256 ${c.fingerprint256}`;
}

function tlsGet({ host, port, ca, pfx, passphrase, rejectUnauthorized, servername }) {
  return new Promise((resolve) => {
    const opts = { host, port, pfx, passphrase, rejectUnauthorized, timeout: TIMEOUT_MS };
    if (ca) opts.ca = ca;
    if (servername) opts.servername = servername;
    let out = '';
    let settled = false;
    const done = (r) => { if (!settled) { settled = true; resolve(r); } };
    let socket;
    try {
      socket = tls.connect(opts, () => {
        const peer = socket.getPeerCertificate(true);
        socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
        socket.on('data', (d) => { out += d.toString('utf8'); });
        socket.on('end', () => done({ ok: true, status: out.split('\r\n')[0], body: out, peer,
          authorized: socket.authorized, authorizationError: socket.authorizationError, protocol: socket.getProtocol() }));
      });
    } catch (e) {
      return done({ ok: false, error: `${e.code || ''} ${e.message}` });
    }
    socket.on('timeout', () => { socket.destroy(); done({ ok: false, error: 'timed out', body: out }); });
    socket.on('error', (e) => done({ ok: false, error: `${e.code || ''} ${e.message}`.trim(), body: out }));
    socket.on('close', () => done({ ok: out.length > 0, status: out.split('\r\n')[0], body: out }));
  });
}

// ---- openssl s_client --------------------------------------------------------------------

function haveOpenssl() {
  return spawnSync('openssl', ['version']).status === 0;
}
function opensslPem(dir, pfx, password) {
  const p12 = path.join(dir, 'client.pfx');
  const pem = path.join(dir, 'client.pem');
  fs.writeFileSync(p12, pfx);
  let r = spawnSync('openssl', ['pkcs12', '-in', p12, '-nodes', '-passin', `pass:${password}`, '-out', pem]);
  if (r.status !== 0) {
    r = spawnSync('openssl', ['pkcs12', '-legacy', '-in', p12, '-nodes', '-passin', `pass:${password}`, '-out', pem]);
  }
  return r.status === 0 ? pem : null;
}
function sClient(args, input) {
  const r = spawnSync('openssl', ['s_client', ...args], { input, timeout: TIMEOUT_MS });
  return { status: r.status, out: (r.stdout || '').toString(), err: (r.stderr || '').toString() };
}
function presentedChain(hostPort, dir) {
  const r = sClient(['-connect', hostPort, '-showcerts'], '');
  const pems = r.out.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) || [];
  return pems.map((p, i) => {
    const f = path.join(dir, `presented-${i}.pem`);
    fs.writeFileSync(f, `${p}\n`);
    const x = spawnSync('openssl', ['x509', '-in', f, '-noout', '-subject', '-issuer', '-dates',
      '-ext', 'subjectAltName,authorityKeyIdentifier,subjectKeyIdentifier,basicConstraints,extendedKeyUsage']);
    return { pem: p, text: (x.stdout || '').toString().trim() };
  });
}

// ---- the run -------------------------------------------------------------------------------

async function main() {
  console.log(`eseikyu TLS service with verification on; site ${BASE}`);
  let got;
  try {
    got = await obtainCertificate();
  } catch (e) {
    check('obtain a client certificate through the site', false, e.stack || String(e));
    return finish();
  }
  check('obtain a client certificate through the site (login → 介護DX証明書 → download)', got.pfx.length > 0, `${got.pfx.length} bytes`);
  const [svcHost, svcPortText] = got.address.split(/:(?=\d+$)/);
  const port = Number(svcPortText);
  info(`service ${got.address}`);

  const ca = new X509Certificate(got.caPem);
  info(`ca.pem: subject ${ca.subject.replace(/\n/g, ', ')}; issuer ${ca.issuer.replace(/\n/g, ', ')}; ` +
    `valid ${ca.validFrom} – ${ca.validTo}; CA ${ca.ca}`);

  // Control: the client certificate itself is accepted when the server is not checked.
  const loose = await tlsGet({ host: '127.0.0.1', port, pfx: got.pfx, passphrase: got.certPassword, rejectUnauthorized: false });
  check('control: node tls, verification OFF, client certificate → 200', /^HTTP\/1\.[01] 200/.test(loose.status || ''),
    loose.ok ? `${loose.status}; ${loose.protocol}; server: ${describeCert(loose.peer)}` : loose.error);
  if (loose.peer && loose.peer.raw) {
    const server = new X509Certificate(loose.peer.raw);
    info(`server certificate issued by ca.pem? ${server.checkIssued(ca)}; verifies with ca.pem's key? ${server.verify(ca.publicKey)}`);
  }

  // And without a client certificate there is no 200 (refused in the handshake, or 403).
  const bare = await tlsGet({ host: '127.0.0.1', port, rejectUnauthorized: false });
  check('control: node tls without a client certificate → no 200', !/^HTTP\/1\.[01] 200/.test(bare.status || ''),
    bare.ok ? `${bare.status || '(closed without an answer)'}` : `error: ${bare.error}`);

  const trusted = got.serviceCa ? [got.caPem, got.serviceCa] : [got.caPem];
  const trustedName = got.serviceCa ? `ca.pem + ${got.serviceCaFrom}` : 'ca.pem';
  if (got.serviceCa && loose.peer && loose.peer.raw) {
    const server = new X509Certificate(loose.peer.raw);
    info(`server certificate issued by the service CA? ${server.checkIssued(new X509Certificate(got.serviceCa))}`);
  }
  for (const host of ['127.0.0.1', 'localhost']) {
    const r = await tlsGet({ host, port, ca: trusted, pfx: got.pfx, passphrase: got.certPassword, rejectUnauthorized: true });
    check(`node tls.connect host ${host}, ca = ${trustedName}, rejectUnauthorized → 200`, r.ok && /^HTTP\/1\.[01] 200/.test(r.status || ''),
      r.ok ? `${r.status}; authorized ${r.authorized}; server: ${describeCert(r.peer)}` : `error: ${r.error}`);
  }

  if (!haveOpenssl()) {
    info('openssl not on PATH: s_client checks skipped');
    return finish();
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'eseikyu-tls-verify-'));
  try {
    const caFile = path.join(dir, 'ca.pem');
    fs.writeFileSync(caFile, got.caPem);
    const trustFile = path.join(dir, 'trust.pem');
    fs.writeFileSync(trustFile, got.serviceCa ? `${got.caPem.trim()}\n${got.serviceCa.trim()}\n` : got.caPem);
    const caText = spawnSync('openssl', ['x509', '-in', caFile, '-noout', '-subject', '-issuer', '-dates',
      '-ext', 'subjectKeyIdentifier,basicConstraints']);
    info(`ca.pem (what the README says to trust):\n    ${(caText.stdout || '').toString().trim().replace(/\n/g, '\n    ')}`);
    const chain = presentedChain(`127.0.0.1:${port}`, dir);
    info(`openssl s_client -showcerts: the server presents ${chain.length} certificate(s)`);
    chain.forEach((c, i) => info(`[${i}] ${c.text.replace(/\n/g, '\n    ')}`));
    const pem = opensslPem(dir, got.pfx, got.certPassword);
    check('openssl pkcs12 opens the certificate with its 証明書発行用パスワード', !!pem);
    if (pem) {
      const req = 'GET / HTTP/1.1\r\nHost: service\r\nConnection: close\r\n\r\n';
      for (const [label, extra] of [
        ['127.0.0.1 (IP check)', ['-verify_ip', '127.0.0.1']],
        ['localhost (host check)', ['-verify_hostname', 'localhost', '-servername', 'localhost']],
      ]) {
        const r = sClient(['-connect', `127.0.0.1:${port}`, '-verify_return_error', '-CAfile', trustFile,
          '-cert', pem, '-key', pem, '-quiet', ...extra], req);
        const verify = (r.err.match(/verify error:[^\n]*|Verify return code:[^\n]*|[^\n]*certificate verify failed[^\n]*/g) || []).join('; ');
        check(`openssl s_client -verify_return_error -CAfile ${trustedName}, ${label} → 200`, /HTTP\/1\.[01] 200/.test(r.out),
          `${r.out.split('\r\n')[0] || '(no answer)'}; exit ${r.status}; ${verify || r.err.trim().split('\n').slice(-2).join(' | ')}`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  finish();
}

main().catch((e) => {
  check('unexpected error', false, e.stack || String(e));
  finish();
});
