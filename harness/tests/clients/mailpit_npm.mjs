// Drives `eseikyu serve`'s Mailpit-compatible API with the real npm client `mailpit-api`
// and checks every answer against Mailpit itself (its swagger.json definitions and its
// Go sources: axllent/mailpit server/apiv1, internal/storage).
//
//   node mailpit_npm.mjs [BASE_URL] [SMTP_PORT]
//   (or ESEIKYU_URL / ESEIKYU_SMTP; defaults http://127.0.0.1:8080 and 2525)
//
// It deletes every message of the mailbox it is pointed at, sends four mails by SMTP
// itself (no Date header; bare LF line endings; multipart with two attachments; no
// Message-ID), then calls the client. Exit status 1 if any check failed.

import net from "node:net";
import crypto from "node:crypto";
import { MailpitClient } from "mailpit-api";

const BASE = (process.argv[2] || process.env.ESEIKYU_URL || "http://127.0.0.1:8080").replace(/\/+$/, "");
const SMTP_PORT = Number(process.argv[3] || process.env.ESEIKYU_SMTP || 2525);
const SMTP_HOST = new URL(BASE).hostname;
const LABEL = "mailpit-api (npm)";

// ---------------------------------------------------------------- checks

let passed = 0;
let failed = 0;
const failures = [];

// `eq` notes a difference and goes on, so one check reports all of its differences;
// `assert` stops the check.
let soft = [];

async function check(name, fn) {
  soft = [];
  try {
    await fn();
    if (soft.length) throw new Error(soft.join("\n"));
    passed++;
    console.log(`ok   - ${name}`);
  } catch (e) {
    failed++;
    const why = (e instanceof Error ? e.message : String(e)).replace(/<!DOCTYPE html>[\s\S]*/i, "<!DOCTYPE html>… (an HTML page)");
    failures.push(`${name}: ${why}`);
    console.log(`FAIL - ${name}\n       ${why.split("\n").join("\n       ")}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}
const show = (v) => JSON.stringify(v);
// JSON with object keys sorted: key order is no part of what a JSON answer means.
const sorted = (v) =>
  Array.isArray(v) ? v.map(sorted)
    : v !== null && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted(v[k])]))
    : v;
function eq(actual, expected, what) {
  if (show(sorted(actual)) !== show(sorted(expected)))
    soft.push(`${what}: expected ${show(expected)}, got ${show(actual)}`);
}

// ---------------------------------------------------------------- Mailpit's types

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
function isDateTime(v) {
  return typeof v === "string" && RFC3339.test(v) && !Number.isNaN(Date.parse(v));
}
const isInt = (v) => Number.isInteger(v) && v >= 0;
const isStr = (v) => typeof v === "string";
const isBool = (v) => typeof v === "boolean";
const isObj = (v) => v !== null && typeof v === "object" && !Array.isArray(v);
const isAddress = (v) => isObj(v) && isStr(v.Name) && isStr(v.Address);
const arrayOf = (p) => (v) => Array.isArray(v) && v.every(p);
const isStrArray = arrayOf(isStr);
const isAttachment = (v) =>
  isObj(v) && isStr(v.PartID) && isStr(v.FileName) && isStr(v.ContentType) && isStr(v.ContentID) &&
  isInt(v.Size) && isObj(v.Checksums) && isStr(v.Checksums.MD5) && isStr(v.Checksums.SHA1) &&
  isStr(v.Checksums.SHA256);

// swagger.json definitions (every property: Mailpit's Go structs have no omitempty).
const MESSAGES_SUMMARY = {
  total: isInt, unread: isInt, count: isInt, messages_count: isInt, messages_unread: isInt,
  start: isInt, tags: isStrArray, messages: Array.isArray,
};
const MESSAGE_SUMMARY = {
  ID: isStr, MessageID: isStr, Read: isBool, From: isAddress, To: arrayOf(isAddress),
  Cc: arrayOf(isAddress), Bcc: arrayOf(isAddress), ReplyTo: arrayOf(isAddress), Subject: isStr,
  Created: isDateTime, Username: isStr, Tags: isStrArray, Size: isInt, Attachments: isInt,
  Snippet: isStr,
};
const MESSAGE = {
  ID: isStr, MessageID: isStr, From: isAddress, To: arrayOf(isAddress), Cc: arrayOf(isAddress),
  Bcc: arrayOf(isAddress), ReplyTo: arrayOf(isAddress), ReturnPath: isStr, Subject: isStr,
  ListUnsubscribe: (v) => isObj(v) && isStr(v.Header) && isStrArray(v.Links) && isStr(v.Errors) && isStr(v.HeaderPost),
  Date: isDateTime, Tags: isStrArray, Username: isStr, Text: isStr, HTML: isStr, Size: isInt,
  Inline: arrayOf(isAttachment), Attachments: arrayOf(isAttachment),
};
const APP_INFORMATION = {
  Version: isStr, LatestVersion: isStr, Database: isStr, DatabaseSize: isInt, Messages: isInt,
  Unread: isInt, Tags: (v) => isObj(v) && Object.values(v).every(Number.isInteger),
  RuntimeStats: (v) => isObj(v) && ["Uptime", "Memory", "MessagesDeleted", "SMTPAccepted",
    "SMTPAcceptedSize", "SMTPRejected", "SMTPIgnored"].every((k) => isInt(v[k])),
};

function mismatches(v, def, what) {
  if (!isObj(v)) return [`${what}: not a JSON object: ${show(v)}`];
  const bad = Object.entries(def)
    .filter(([k, p]) => !p(v[k]))
    .map(([k]) => (k in v ? `${k}=${show(v[k])}` : `${k} missing`));
  return bad.length ? [`${what} does not match swagger: ${bad.join("; ")}`] : [];
}
function conforms(v, def, what, items) {
  const bad = mismatches(v, def, what);
  if (items) (v?.messages || []).forEach((m, i) => bad.push(...mismatches(m, items, `messages[${i}]`)));
  assert(bad.length === 0, bad.join("\n"));
}

// Mailpit's tools.CreateSnippet for a text part: whitespace collapsed, over 200 bytes cut
// back to a character boundary (and one character more) and "..." added.
function snippet(text) {
  const t = Buffer.from(text.trim().replace(/\s+/g, " "));
  if (t.length <= 200) return t.toString();
  let n = 200;
  while (n > 0 && (t[n - 1] & 0xc0) === 0x80) n--;
  if (n > 0 && (t[n - 1] & 0xc0) === 0xc0) n--;
  return t.subarray(0, n).toString() + "...";
}

// Go's textproto.CanonicalMIMEHeaderKey, which Mailpit's /headers keys go through.
function canonical(key) {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(key)) return key;
  return key.toLowerCase().replace(/(^|-)([a-z])/g, (_, d, c) => d + c.toUpperCase());
}

// ---------------------------------------------------------------- the mails

const CRLF = (lines) => lines.join("\r\n");
const PDF = Buffer.concat([
  Buffer.from("%PDF-1.4\n% client check\n"),
  Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
  Buffer.from("\n%%EOF\n"),
]);
const CSV = Buffer.from("番号,名前\n1,テスト\n", "utf8");
const b64 = (buf) => buf.toString("base64").replace(/.{1,76}/g, "$&\r\n").trimEnd();
const SUBJECT_C = "client check C 添付テスト";

const MAILS = {
  // No Date header: Mailpit's Created is the time received, Message.Date falls back to it.
  // dave@example.jp is only in the envelope: Mailpit adds him as a Bcc header.
  A: {
    from: "alice@example.com",
    to: ["bob@example.jp", "carol@example.jp", "dave@example.jp"],
    data: CRLF([
      "From: Alice Sender <alice@example.com>",
      "To: Bob Receiver <bob@example.jp>",
      "Cc: carol@example.jp",
      "Reply-To: Replies <replies@example.com>",
      "Subject: client check A no date",
      "Message-ID: <client-check-a@example.com>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "Delivered-To: bob@example.jp",
      "",
      "Mail A has no Date header.",
    ]),
  },
  // Bare LF line endings (the last line is ended by the terminator's CRLF), a folded
  // Subject, a Date in -0500.
  B: {
    from: "lf@example.com",
    to: ["bob@example.jp"],
    data: [
      "From: lf@example.com",
      "To: bob@example.jp",
      "Subject: client check B",
      " bare LF",
      "Date: Mon, 09 Feb 2026 20:10:00 -0500",
      "Message-ID: <client-check-b@example.com>",
      "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8",
      "Delivered-To: bob@example.jp",
      "",
      "Line one of B.",
      "Line two of B.",
    ].join("\n"),
  },
  // multipart/mixed: a text part and two attachments (PartIDs 2 and 3 in Mailpit/enmime).
  C: {
    from: "zed@example.com",
    to: ["bob@example.jp"],
    data: CRLF([
      'From: "Zed Sender" <zed@example.com>',
      "To: bob@example.jp",
      `Subject: =?UTF-8?B?${Buffer.from(SUBJECT_C).toString("base64")}?=`,
      "Date: Tue, 10 Feb 2026 10:05:00 +0900",
      "Message-ID: <client-check-c@example.com>",
      "MIME-Version: 1.0",
      "Delivered-To: bob@example.jp",
      "X-Folded: first",
      " second",
      'Content-Type: multipart/mixed; boundary="=_client_check_C"',
      "",
      "--=_client_check_C",
      "Content-Type: text/plain; charset=utf-8",
      "Content-Transfer-Encoding: 8bit",
      "",
      "添付ファイルがあります。 (Attachment C)",
      "--=_client_check_C",
      'Content-Type: application/pdf; name="report.pdf"',
      'Content-Disposition: attachment; filename="report.pdf"',
      "Content-Transfer-Encoding: base64",
      "",
      b64(PDF),
      "--=_client_check_C",
      'Content-Type: text/csv; charset=utf-8; name="data.csv"',
      'Content-Disposition: attachment; filename="data.csv"',
      "Content-Transfer-Encoding: base64",
      "",
      b64(CSV),
      "--=_client_check_C--",
    ]),
  },
  // No Message-ID: Mailpit adds `Message-ID: <…@mailpit>` and reports it. A long text:
  // Mailpit's Snippet is its first 200 bytes and "...".
  D: {
    from: "dee@example.com",
    to: ["bob@example.jp"],
    data: CRLF([
      "From: dee@example.com",
      "To: bob@example.jp",
      "Subject: client check D no message-id",
      "Date: Tue, 10 Feb 2026 10:06:00 +0900",
      "",
      "Mail D has no Message-ID." + " lorem".repeat(60),
    ]),
  },
};

// ---------------------------------------------------------------- a minimal SMTP client

function smtpSend(mails) {
  return new Promise((resolve, reject) => {
    const sock = net.connect(SMTP_PORT, SMTP_HOST);
    sock.setTimeout(15000, () => sock.destroy(new Error("SMTP timeout")));
    let buf = "";
    const waiters = [];
    const replies = [];
    sock.on("data", (d) => {
      buf += d.toString("latin1");
      for (;;) {
        // A reply ends with a line `NNN text` (no dash after the code).
        const m = buf.match(/^(?:\d{3}-[^\n]*\n)*(\d{3})(?: [^\n]*)?\r?\n/);
        if (!m) break;
        buf = buf.slice(m[0].length);
        const w = waiters.shift();
        if (w) w(m[0]);
        else replies.push(m[0]);
      }
    });
    sock.on("error", reject);
    const reply = () => (replies.length ? Promise.resolve(replies.shift()) : new Promise((r) => waiters.push(r)));
    const expect = async (code, line) => {
      if (line !== undefined) sock.write(line + "\r\n");
      const r = await reply();
      if (!r.startsWith(String(code))) throw new Error(`SMTP: after ${show(line)} expected ${code}, got ${show(r)}`);
    };
    (async () => {
      await expect(220);
      await expect(250, "EHLO client-check.example");
      for (const m of mails) {
        await expect(250, `MAIL FROM:<${m.from}>`);
        for (const t of m.to) await expect(250, `RCPT TO:<${t}>`);
        await expect(354, "DATA");
        // Dot-stuffing, whatever the line ending; the data is sent as it is otherwise.
        const body = Buffer.from(m.data.replace(/(^|\n)\./g, "$1.."), "utf8");
        sock.write(body);
        // The terminator's CRLF ends the last line (also of the bare-LF mail).
        await expect(250, "\r\n.");
      }
      await expect(221, "QUIT");
      sock.end();
      resolve();
    })().catch((e) => {
      sock.destroy();
      reject(e);
    });
  });
}

// ---------------------------------------------------------------- the run

const mp = new MailpitClient(BASE);
const ids = {};
let list;

async function rejectsWith(status, promise, what) {
  try {
    await promise;
  } catch (e) {
    assert(String(e.message).includes(` ${status} `), `${what}: expected HTTP ${status}, got: ${e.message}`);
    return;
  }
  throw new Error(`${what}: expected HTTP ${status}, but it succeeded`);
}

async function raw(path) {
  const r = await fetch(BASE + path);
  return { status: r.status, type: r.headers.get("content-type") || "", headers: r.headers, body: Buffer.from(await r.arrayBuffer()) };
}

console.log(`${LABEL} against ${BASE}, SMTP ${SMTP_HOST}:${SMTP_PORT}`);

await check("deleteMessages() empties the mailbox (DELETE /api/v1/messages, no body)", async () => {
  eq(await mp.deleteMessages(), "ok", "answer");
  const l = await mp.listMessages();
  eq(l.total, 0, "total after delete-all");
});

await check("getMessageSummary('latest') on an empty mailbox is 404", async () => {
  await rejectsWith(404, mp.getMessageSummary(), "GET /api/v1/message/latest");
});

await check("four mails sent by SMTP (no Date; bare LF; multipart; no Message-ID)", async () => {
  await smtpSend([MAILS.A, MAILS.B, MAILS.C, MAILS.D]);
});

await check("waitForMessages: all four listed", async () => {
  list = await mp.waitForMessages({ count: 4, exact: true }, { timeout: 10000, interval: 200 });
});

await check("listMessages(): MessagesSummary and every MessageSummary match swagger", async () => {
  list = await mp.listMessages();
  conforms(list, MESSAGES_SUMMARY, "MessagesSummary", MESSAGE_SUMMARY);
});

await check("listMessages(): newest first, totals", async () => {
  const subj = list.messages.map((m) => m.Subject);
  eq(subj, ["client check D no message-id", SUBJECT_C, "client check B bare LF", "client check A no date"], "subjects, newest first");
  for (const m of list.messages) ids[m.Subject.split(" ")[2]] = m.ID;
  eq([list.total, list.unread, list.count, list.messages_count, list.start], [4, 4, 4, 4, 0], "[total, unread, count, messages_count, start]");
});

const byKey = (k) => (list?.messages || []).find((m) => m.ID === ids[k]) || {};

await check("MessageSummary.Created is RFC3339 for every mail, also A without a Date header", async () => {
  for (const m of list.messages) assert(isDateTime(m.Created), `Created of ${show(m.Subject)} is ${show(m.Created)}`);
});

await check("MessageSummary.Created is the time received, not the Date header: it never decreases A→B→C→D", async () => {
  const created = ["A", "B", "C", "D"].map((k) => byKey(k).Created);
  const t = created.map((c) => Date.parse(c));
  assert(t.every((x, i) => i === 0 || x >= t[i - 1]), `Created in the order sent: ${show(created)} (B's Date header is 10:10+09:00, C's 10:05, D's 10:06)`);
});

await check("MessageSummary addresses: names, Cc, ReplyTo, Bcc from the envelope (A)", async () => {
  const a = byKey("A");
  eq(a.From, { Name: "Alice Sender", Address: "alice@example.com" }, "From");
  eq(a.To, [{ Name: "Bob Receiver", Address: "bob@example.jp" }], "To");
  eq(a.Cc, [{ Name: "", Address: "carol@example.jp" }], "Cc");
  eq(a.ReplyTo, [{ Name: "Replies", Address: "replies@example.com" }], "ReplyTo");
  eq(a.Bcc, [{ Name: "", Address: "dave@example.jp" }], "Bcc (envelope recipient missing from the headers)");
});

// Where eseikyu differs from Mailpit on purpose: it keeps each mail as it arrived, so it
// adds no Message-ID, Return-Path, Received or Bcc header to it (Mailpit's SMTP server
// does); MessageID is then empty, and the envelope's hidden recipients show only as Bcc.
await check("MessageSummary.MessageID without angle brackets; empty when the mail has none (D)", async () => {
  eq(byKey("A").MessageID, "client-check-a@example.com", "A MessageID");
  eq(byKey("D").MessageID, "", "D MessageID (the mail is kept as it arrived)");
});

await check("MessageSummary.Attachments counts attachments (C: 2), Snippet of the text", async () => {
  const c = byKey("C");
  eq(c.Attachments, 2, "C Attachments");
  eq(c.Snippet, "添付ファイルがあります。 (Attachment C)", "C Snippet");
  eq(byKey("B").Attachments, 0, "B Attachments");
});

await check("MessageSummary.Snippet of a long text: 200 bytes and \"...\" (D)", async () => {
  eq(byKey("D").Snippet, snippet(MAILS.D.data.split("\r\n\r\n")[1]), "D Snippet");
});

await check("listMessages(1, 2): start/limit paging", async () => {
  const p = await mp.listMessages(1, 2);
  eq(p.messages.map((m) => m.ID), [ids.C, ids.B], "IDs of page");
  eq([p.start, p.count, p.total, p.messages_count], [1, 2, 4, 4], "[start, count, total, messages_count]");
});

let msgA;
await check("listMessages(0, 0): limit 0 is no limit (Mailpit's storage.List)", async () => {
  eq((await mp.listMessages(0, 0)).messages.length, 4, "messages listed");
});

const msgs = {};
for (const k of ["A", "B", "C"]) {
  await check(`getMessageSummary(${k}): Message matches swagger`, async () => {
    msgs[k] = await mp.getMessageSummary(ids[k]);
    conforms(msgs[k], MESSAGE, `Message ${k}`);
  });
}

await check("Message A without Date header: Date is the time received (RFC3339) = its Created", async () => {
  assert(isDateTime(msgs.A?.Date), `Date is ${show(msgs.A?.Date)}`);
  eq(Date.parse(msgs.A.Date), Date.parse(byKey("A").Created), "Date = MessageSummary.Created (as instants)");
});

await check("Message A: addresses, ReturnPath (envelope sender), MessageID, Text", async () => {
  const a = msgs.A;
  eq(a.From, { Name: "Alice Sender", Address: "alice@example.com" }, "From");
  eq(a.To, [{ Name: "Bob Receiver", Address: "bob@example.jp" }], "To");
  eq(a.Cc, [{ Name: "", Address: "carol@example.jp" }], "Cc");
  eq(a.ReplyTo, [{ Name: "Replies", Address: "replies@example.com" }], "ReplyTo");
  eq(a.Bcc, [{ Name: "", Address: "dave@example.jp" }], "Bcc (envelope recipient missing from the headers)");
  eq(a.ReturnPath, "alice@example.com", "ReturnPath");
  eq(a.MessageID, "client-check-a@example.com", "MessageID");
  eq(a.Text.replace(/\r\n/g, "\n").trim(), "Mail A has no Date header.", "Text");
});

await check("Message B (bare LF): folded Subject, Date keeps its -05:00 offset, Text, From", async () => {
  const b = msgs.B;
  eq(b.Subject, "client check B bare LF", "Subject");
  eq(b.Text.replace(/\r\n/g, "\n").trim(), "Line one of B.\nLine two of B.", "Text");
  eq(b.From, { Name: "", Address: "lf@example.com" }, "From");
  eq(b.Date, "2026-02-09T20:10:00-05:00", "Date (Go time.Time keeps the header's zone)");
});

await check("Message C: decoded Subject, Date, Text", async () => {
  const c = msgs.C;
  eq(c.Subject, SUBJECT_C, "Subject");
  eq(c.Date, "2026-02-10T10:05:00+09:00", "Date");
  eq(c.From, { Name: "Zed Sender", Address: "zed@example.com" }, "From");
  eq(c.Text.replace(/\r\n/g, "\n").trim(), "添付ファイルがあります。 (Attachment C)", "Text");
});

await check("Message C: Attachments[] with PartID/FileName/ContentType/ContentID/Size/Checksums", async () => {
  const sums = (b) => ({
    MD5: crypto.createHash("md5").update(b).digest("hex"),
    SHA1: crypto.createHash("sha1").update(b).digest("hex"),
    SHA256: crypto.createHash("sha256").update(b).digest("hex"),
  });
  eq(msgs.C.Attachments, [
    { PartID: "2", FileName: "report.pdf", ContentType: "application/pdf", ContentID: "", Size: PDF.length, Checksums: sums(PDF) },
    { PartID: "3", FileName: "data.csv", ContentType: "text/csv", ContentID: "", Size: CSV.length, Checksums: sums(CSV) },
  ], "Attachments");
  eq(msgs.C.Inline, [], "Inline");
});

await check("opening a message marks it read (Read, unread, is:read)", async () => {
  const l = await mp.listMessages();
  eq(l.messages.filter((m) => m.Read).map((m) => m.ID), [ids.C, ids.B, ids.A], "read IDs");
  eq(l.unread, 1, "unread");
  const r = await mp.searchMessages({ query: "is:read" });
  eq(r.messages.map((m) => m.ID), [ids.C, ids.B, ids.A], "is:read hits");
});

await check("getMessageSummary() = latest = D", async () => {
  const d = await mp.getMessageSummary();
  eq(d.ID, ids.D, "latest ID");
});

await check("getMessageSummary('nope') is 404", async () => {
  await rejectsWith(404, mp.getMessageSummary("nope"), "GET /api/v1/message/nope");
});

await check("getMessageAttachment(C, '2'): the PDF's bytes, type application/pdf", async () => {
  const blob = await mp.getMessageAttachment(ids.C, "2");
  eq(blob.type, "application/pdf", "blob.type");
  const got = Buffer.from(await blob.arrayBuffer());
  assert(got.equals(PDF), `bytes differ: got ${got.length} bytes, want ${PDF.length}`);
});

await check("getMessageAttachment(C, '3'): the CSV, Content-Disposition with its file name", async () => {
  const blob = await mp.getMessageAttachment(ids.C, "3");
  eq(blob.type, "text/csv", "blob.type");
  const got = Buffer.from(await blob.arrayBuffer());
  assert(got.equals(CSV), `bytes differ: ${show(got.toString())}`);
  const r = await raw(`/api/v1/message/${ids.C}/part/3`);
  eq(r.headers.get("content-disposition"), 'inline; filename="data.csv"', "Content-Disposition");
});

await check("getMessageAttachment(C, '9'): 404, not HTML", async () => {
  await rejectsWith(404, mp.getMessageAttachment(ids.C, "9"), "GET part/9");
  const r = await raw(`/api/v1/message/${ids.C}/part/9`);
  assert(!r.type.includes("html"), `answered ${r.type}`);
});

await check("getMessageHeaders(C): Go-canonical keys (Message-Id, Mime-Version), sorted, folded value joined", async () => {
  const h = await mp.getMessageHeaders(ids.C);
  assert(isObj(h) && Object.values(h).every(isStrArray), `not {name: [values]}: ${show(h)}`);
  eq(Object.keys(h).filter((k) => canonical(k) !== k), [], "keys not canonical as Go's textproto makes them");
  eq(["Content-Type", "Date", "Delivered-To", "From", "Message-Id", "Mime-Version", "Subject", "To", "X-Folded"].filter((k) => !(k in h)),
    [], `keys missing (keys: ${show(Object.keys(h))})`);
  eq(h["Message-Id"], ["<client-check-c@example.com>"], "Message-Id");
  eq(h["X-Folded"], ["first second"], "X-Folded");
  eq(h["From"], ['"Zed Sender" <zed@example.com>'], "From");
  eq(Object.keys(h), [...Object.keys(h)].sort(), "keys sorted");
});

await check("getMessageHeaders(B, bare LF): each header parsed, nothing of the body", async () => {
  const h = await mp.getMessageHeaders(ids.B);
  const want = {
    "Content-Type": ["text/plain; charset=utf-8"],
    Date: ["Mon, 09 Feb 2026 20:10:00 -0500"],
    "Delivered-To": ["bob@example.jp"],
    From: ["lf@example.com"],
    "Message-Id": ["<client-check-b@example.com>"],
    "Mime-Version": ["1.0"],
    Subject: ["client check B bare LF"],
    To: ["bob@example.jp"],
  };
  const got = Object.fromEntries(Object.keys(want).map((k) => [k, h[k]]));
  eq(got, want, `headers (all keys: ${show(Object.keys(h))})`);
  const extra = Object.keys(h).filter((k) => !(k in want) && !["Received", "Return-Path"].includes(k));
  eq(extra, [], "unexpected header keys");
});

await check("getMessageSource(B): the bytes as received (bare LF kept), Size = its length", async () => {
  const src = await mp.getMessageSource(ids.B);
  assert(src.includes(MAILS.B.data), `bare-LF mail not kept byte for byte: ${show(src)}`);
  eq(Buffer.byteLength(src), byKey("B").Size, "byte length vs MessageSummary.Size");
});

await check("getMessageSource(C): contains the mail as sent; Size = its length", async () => {
  const src = await mp.getMessageSource(ids.C);
  assert(src.includes(MAILS.C.data), "the mail as sent is not in the source");
  eq(Buffer.byteLength(src), byKey("C").Size, "byte length vs MessageSummary.Size");
});

await check("getMessageSource(D): kept as it arrived, no header added", async () => {
  const src = await mp.getMessageSource(ids.D);
  assert(!/^Message-ID:/im.test(src), "a Message-ID header was added");
});

await check("renderMessageText(A): /view/{ID}.txt", async () => {
  eq((await mp.renderMessageText(ids.A)).replace(/\r\n/g, "\n").trim(), "Mail A has no Date header.", "text");
});

// Read status. Every step starts from a known state.
const readIDs = async () => (await mp.listMessages()).messages.filter((m) => m.Read).map((m) => m.ID);

await check("setReadStatus() marks all unread; setReadStatus({Read:true}) all read", async () => {
  eq(await mp.setReadStatus(), "ok", "answer");
  eq((await mp.listMessages()).unread, 4, "unread after all unread");
  await mp.setReadStatus({ Read: true });
  eq((await mp.listMessages()).unread, 0, "unread after all read");
  await mp.setReadStatus({ Read: false });
  eq((await mp.listMessages()).unread, 4, "unread after all unread again");
});

await check("setReadStatus({IDs:[B], Read:true}) marks only B read, {Read:false} unread again", async () => {
  await mp.setReadStatus({ Read: false });
  eq(await mp.setReadStatus({ IDs: [ids.B], Read: true }), "ok", "answer");
  eq(await readIDs(), [ids.B], "read IDs after read");
  await mp.setReadStatus({ IDs: [ids.B], Read: false });
  eq(await readIDs(), [], "read IDs after unread");
});

await check("setReadStatus({Search:'subject:bare', Read:true}) marks only the matches", async () => {
  await mp.setReadStatus({ Read: false });
  await mp.setReadStatus({ Search: "subject:bare", Read: true });
  eq(await readIDs(), [ids.B], "read IDs");
});

await check("renderMessageText(D) marks D read, as Mailpit's /view/{ID}.txt does", async () => {
  await mp.setReadStatus({ Read: false });
  await mp.renderMessageText(ids.D);
  eq(await readIDs(), [ids.D], "read IDs");
});

await check("setReadStatus with both IDs and Search is 400 and changes nothing", async () => {
  await mp.setReadStatus({ Read: false });
  await rejectsWith(400, mp.setReadStatus({ IDs: [ids.A], Search: "subject:bare", Read: true }), "PUT IDs+Search");
  eq(await readIDs(), [], "read IDs");
});

// Searches, with A read and the rest unread.
await check("searchMessages: subject:, to:, message-id:, quoted phrase, negation", async () => {
  await mp.setReadStatus({ Read: false });
  await mp.setReadStatus({ IDs: [ids.A], Read: true });
  const q = async (query) => (await mp.searchMessages({ query })).messages.map((m) => m.ID);
  eq(await q('subject:"client check"'), [ids.D, ids.C, ids.B, ids.A], 'subject:"client check"');
  eq(await q("to:bob@example.jp"), [ids.D, ids.C, ids.B, ids.A], "to:bob@example.jp");
  eq(await q("message-id:client-check-b"), [ids.B], "message-id:client-check-b");
  eq(await q('"Attachment C"'), [ids.C], '"Attachment C"');
  eq(await q('subject:"client check" !subject:bare -subject:添付'), [ids.D, ids.A], "negations");
  eq(await q("is:unread"), [ids.D, ids.C, ids.B], "is:unread");
});

await check("searchMessages: from: and to: match display names; bare words match attachment names", async () => {
  const q = async (query) => (await mp.searchMessages({ query })).messages.map((m) => m.ID);
  eq(await q('from:"Alice Sender"'), [ids.A], 'from:"Alice Sender"');
  eq(await q('to:"Bob Receiver"'), [ids.A], 'to:"Bob Receiver"');
  eq(await q("report.pdf"), [ids.C], "report.pdf");
});

await check("searchMessages: prefixes ignore case (SUBJECT:NO)", async () => {
  eq((await mp.searchMessages({ query: "SUBJECT:NO" })).messages.map((m) => m.ID), [ids.D, ids.A], "SUBJECT:NO");
});

await check("searchMessages: MessagesSummary matches swagger, start/limit, messages_count", async () => {
  const r = await mp.searchMessages({ query: "to:bob@example.jp", start: 1, limit: 2 });
  eq(r.messages.map((m) => m.ID), [ids.C, ids.B], "page");
  eq([r.start, r.count, r.messages_count, r.total, r.unread], [1, 2, 4, 4, 3], "[start, count, messages_count, total, unread]");
  conforms(r, MESSAGES_SUMMARY, "search MessagesSummary", MESSAGE_SUMMARY);
});

await check("searchMessages: messages_unread counts the unread matches", async () => {
  const u = await mp.searchMessages({ query: "subject:no" });
  eq([u.messages_count, u.messages_unread], [2, 1], "[messages_count, messages_unread] of subject:no");
});

await check("searchMessages: cc: filter", async () => {
  eq((await mp.searchMessages({ query: "cc:carol@example.jp" })).messages.map((m) => m.ID), [ids.A], "cc:carol@example.jp");
});

await check("searchMessages: has:attachment filter", async () => {
  eq((await mp.searchMessages({ query: "has:attachment" })).messages.map((m) => m.ID), [ids.C], "has:attachment");
});

await check("searchMessages({query: ''}) is 400 (Mailpit: \"Error: no search query\")", async () => {
  await rejectsWith(400, mp.searchMessages({ query: "" }), "GET /api/v1/search?query=");
  await rejectsWith(400, mp.searchMessages({ query: "  " }), "GET /api/v1/search?query=%20%20");
});

await check("getInfo(): AppInformation matches swagger", async () => {
  conforms(await mp.getInfo(), APP_INFORMATION, "AppInformation");
});

await check("getInfo(): Messages and Unread agree with the mailbox", async () => {
  const info = await mp.getInfo();
  eq([info.Messages, info.Unread], [4, 3], "[Messages, Unread]");
});

await check("deleteMessagesBySearch({query: 'message-id:client-check-a'}) deletes A only", async () => {
  eq(await mp.deleteMessagesBySearch({ query: "message-id:client-check-a" }), "ok", "answer");
  eq((await mp.listMessages()).messages.map((m) => m.ID), [ids.D, ids.C, ids.B], "left");
});

await check("deleteMessages({IDs:[B]}) deletes B only; B is then 404", async () => {
  eq(await mp.deleteMessages({ IDs: [ids.B] }), "ok", "answer");
  eq((await mp.listMessages()).messages.map((m) => m.ID), [ids.D, ids.C], "left");
  await rejectsWith(404, mp.getMessageSummary(ids.B), "GET deleted message");
});

await check("unknown API path /api/v1/nonsense: 404, not HTML", async () => {
  const r = await raw("/api/v1/nonsense");
  eq(r.status, 404, "status");
  assert(!r.type.includes("html") && !/^\s*</.test(r.body.toString()), `answered ${r.type}: ${show(r.body.toString().slice(0, 60))}`);
});

await check("content types: JSON calls application/json, raw text/plain; charset=utf-8", async () => {
  const j = await raw("/api/v1/messages");
  assert(j.type.startsWith("application/json"), `messages: ${j.type}`);
  const t = await raw(`/api/v1/message/${ids.C}/raw`);
  eq(t.type, "text/plain; charset=utf-8", "raw Content-Type");
});

// Last, as it deletes everything where it goes wrong.
await check("deleteMessagesBySearch({query: ''}) is 400 and deletes nothing", async () => {
  await rejectsWith(400, mp.deleteMessagesBySearch({ query: "" }), "DELETE /api/v1/search?query=");
  eq((await mp.listMessages()).total, 2, "total afterwards");
});

await check("deleteMessages() deletes the rest", async () => {
  eq(await mp.deleteMessages(), "ok", "answer");
  eq((await mp.listMessages()).total, 0, "total");
});

console.log(`${LABEL}: ${passed} passed, ${failed} failed`);
if (failed) {
  console.error(`${LABEL}: failed checks:\n  ${failures.map((f) => f.split("\n")[0]).join("\n  ")}`);
  process.exit(1);
}
