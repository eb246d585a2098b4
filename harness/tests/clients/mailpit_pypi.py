"""Drives `eseikyu serve`'s Mailpit-compatible API with the real PyPI client
`mailpit-api-client` (module `mailpit.client.api`) and checks every answer against
Mailpit itself (its swagger.json definitions and its Go sources: axllent/mailpit
server/apiv1, internal/storage).

    python mailpit_pypi.py [BASE_URL] [SMTP_PORT]
    (or ESEIKYU_URL / ESEIKYU_SMTP; defaults http://127.0.0.1:8080 and 2525)

It deletes every message of the mailbox it is pointed at, sends four mails by SMTP
itself (no Date header; bare LF line endings; multipart with two attachments; no
Message-ID), then calls the client. The client covers listing, one message, its
headers, an attachment part, and (form-encoded, as it sends them) read status and
deletion; search, delete-by-search, JSON read status and deletion, info, raw, the text
view and unknown paths are called with httpx, the client's own HTTP library.
Exit status 1 if any check failed.
"""

import base64
import datetime
import hashlib
import os
import re
import smtplib
import sys
import time
import traceback
import urllib.parse

import httpx
from mailpit.client.api import API
from mailpit.client import models

BASE = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("ESEIKYU_URL", "http://127.0.0.1:8080")).rstrip("/")
SMTP_PORT = int(sys.argv[2] if len(sys.argv) > 2 else os.environ.get("ESEIKYU_SMTP", "2525"))
SMTP_HOST = urllib.parse.urlsplit(BASE).hostname
LABEL = "mailpit-api-client (PyPI)"

# ---------------------------------------------------------------- checks

passed = 0
failed = 0
failures = []
soft = []


class Failed(Exception):
    pass


def check(name):
    """Runs the decorated function at once as one check."""

    def run(fn):
        global passed, failed, soft
        soft = []
        try:
            fn()
            if soft:
                raise Failed("\n".join(soft))
            passed += 1
            print(f"ok   - {name}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the run
            failed += 1
            why = str(e) if isinstance(e, Failed) else f"{type(e).__name__}: {e}\n{last_frames(e)}"
            failures.append(f"{name}: {why.splitlines()[0] if why else type(e).__name__}")
            print(f"FAIL - {name}\n       " + "\n       ".join(why.splitlines()), flush=True)
        return fn

    return run


def last_frames(e):
    """Where in the client library it broke (its last two frames)."""
    tb = traceback.extract_tb(e.__traceback__)[-2:]
    return "\n".join(f"at {f.filename.split('site-packages/')[-1]}:{f.lineno} {f.line}" for f in tb)


def assert_(cond, msg):
    if not cond:
        raise Failed(msg)


def eq(actual, expected, what):
    """Notes a difference and goes on, so one check reports all of its differences."""
    if actual != expected:
        soft.append(f"{what}: expected {expected!r}, got {actual!r}")


# ---------------------------------------------------------------- Mailpit's types

RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def is_datetime(v):
    return isinstance(v, str) and bool(RFC3339.match(v))


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def is_str(v):
    return isinstance(v, str)


def is_address(v):
    return isinstance(v, dict) and is_str(v.get("Name")) and is_str(v.get("Address"))


def array_of(p):
    return lambda v: isinstance(v, list) and all(p(x) for x in v)


MESSAGES_SUMMARY = {
    "total": is_int, "unread": is_int, "count": is_int, "messages_count": is_int,
    "messages_unread": is_int, "start": is_int, "tags": array_of(is_str),
    "messages": lambda v: isinstance(v, list),
}
MESSAGE_SUMMARY = {
    "ID": is_str, "MessageID": is_str, "Read": lambda v: isinstance(v, bool), "From": is_address,
    "To": array_of(is_address), "Cc": array_of(is_address), "Bcc": array_of(is_address),
    "ReplyTo": array_of(is_address), "Subject": is_str, "Created": is_datetime, "Username": is_str,
    "Tags": array_of(is_str), "Size": is_int, "Attachments": is_int, "Snippet": is_str,
}
APP_INFORMATION = {
    "Version": is_str, "LatestVersion": is_str, "Database": is_str, "DatabaseSize": is_int,
    "Messages": is_int, "Unread": is_int, "Tags": lambda v: isinstance(v, dict),
    "RuntimeStats": lambda v: isinstance(v, dict) and all(is_int(v.get(k)) for k in (
        "Uptime", "Memory", "MessagesDeleted", "SMTPAccepted", "SMTPAcceptedSize", "SMTPRejected", "SMTPIgnored")),
}


def mismatches(v, definition, what):
    if not isinstance(v, dict):
        return [f"{what}: not a JSON object: {v!r}"]
    bad = [f"{k}={v[k]!r}" if k in v else f"{k} missing" for k, p in definition.items() if not p(v.get(k))]
    return [f"{what} does not match swagger: " + "; ".join(bad)] if bad else []


def snippet(text):
    """Mailpit's tools.CreateSnippet for a text part: whitespace collapsed, over 200 bytes
    cut back to a character boundary (and one character more) and "..." added."""
    t = " ".join(text.split()).encode()
    if len(t) <= 200:
        return t.decode()
    n = 200
    while n > 0 and t[n - 1] & 0xC0 == 0x80:
        n -= 1
    if n > 0 and t[n - 1] & 0xC0 == 0xC0:
        n -= 1
    return t[:n].decode() + "..."


def canonical(key):
    """Go's textproto.CanonicalMIMEHeaderKey, which Mailpit's /headers keys go through."""
    if not re.fullmatch(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", key):
        return key
    return "-".join(w[:1].upper() + w[1:].lower() for w in key.split("-"))


# ---------------------------------------------------------------- the mails

PDF = b"%PDF-1.4\n% client check\n" + bytes(range(256)) + b"\n%%EOF\n"
CSV = "番号,名前\n1,テスト\n".encode()
SUBJECT_C = "client check C 添付テスト"


def b64(data):
    s = base64.b64encode(data).decode()
    return "\r\n".join(s[i:i + 76] for i in range(0, len(s), 76))


def crlf(lines):
    return "\r\n".join(lines).encode()


MAILS = {
    # No Date header: Mailpit's Created is the time received, Message.Date falls back to it.
    # dave@example.jp is only in the envelope: Mailpit adds him as a Bcc header.
    "A": ("alice@example.com", ["bob@example.jp", "carol@example.jp", "dave@example.jp"], crlf([
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
    ])),
    # Bare LF line endings (the last line is ended by the terminator's CRLF), a folded
    # Subject, a Date in -0500.
    "B": ("lf@example.com", ["bob@example.jp"], "\n".join([
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
    ]).encode()),
    # multipart/mixed: a text part and two attachments (PartIDs 2 and 3 in Mailpit/enmime).
    "C": ("zed@example.com", ["bob@example.jp"], crlf([
        'From: "Zed Sender" <zed@example.com>',
        "To: bob@example.jp",
        f"Subject: =?UTF-8?B?{base64.b64encode(SUBJECT_C.encode()).decode()}?=",
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
    ])),
    # No Message-ID: Mailpit adds `Message-ID: <…@mailpit>` and reports it. A long text:
    # Mailpit's Snippet is its first 200 bytes and "...".
    "D": ("dee@example.com", ["bob@example.jp"], crlf([
        "From: dee@example.com",
        "To: bob@example.jp",
        "Subject: client check D no message-id",
        "Date: Tue, 10 Feb 2026 10:06:00 +0900",
        "",
        "Mail D has no Message-ID." + " lorem" * 60,
    ])),
}

# ---------------------------------------------------------------- the run

api = API(BASE, timeout=10)
http = httpx.Client(base_url=BASE, timeout=10)
ids = {}
summaries = {}
print(f"{LABEL} against {BASE}, SMTP {SMTP_HOST}:{SMTP_PORT}", flush=True)


def status_of(fn):
    """The HTTP status a client call failed with (None: it succeeded)."""
    try:
        fn()
    except httpx.HTTPStatusError as e:
        return e.response.status_code
    return None


def read_ids():
    return [m["ID"] for m in http.get("/api/v1/messages").json()["messages"] if m["Read"]]


def listed():
    return [m["ID"] for m in http.get("/api/v1/messages").json()["messages"]]


def hits(query):
    r = http.get("/api/v1/search", params={"query": query})
    assert_(r.status_code == 200, f"search {query!r}: HTTP {r.status_code} {r.text[:200]}")
    return [m["ID"] for m in r.json()["messages"]]


@check("delete_messages([]) empties the mailbox (DELETE /api/v1/messages, empty form body)")
def _():
    api.delete_messages([])
    eq(api.last_response.text, "ok", "answer")
    eq(http.get("/api/v1/messages").json()["total"], 0, "total")


@check("four mails sent with smtplib (no Date; bare LF; multipart; no Message-ID)")
def _():
    with smtplib.SMTP(SMTP_HOST, SMTP_PORT, local_hostname="client-check.example", timeout=15) as s:
        for key in "ABCD":
            sender, rcpts, data = MAILS[key]
            # Bytes go out as they are (smtplib only dot-stuffs and ends the data).
            refused = s.sendmail(sender, rcpts, data)
            assert_(not refused, f"{key}: refused {refused}")


@check("get_messages(): all four arrive, models.Messages parses (Created of each)")
def _():
    deadline = time.monotonic() + 10
    while True:
        r = http.get("/api/v1/messages").json()
        if r.get("total") == 4 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    eq(r.get("total"), 4, "total")
    for m in r["messages"]:
        ids[m["Subject"].split(" ")[2]] = m["ID"]
        summaries[m["ID"]] = m
    msgs = api.get_messages()
    assert_(isinstance(msgs, models.Messages), "not models.Messages")
    eq([m.id for m in msgs.messages], [ids.get(k) for k in "DCBA"], "IDs, newest first")
    for m in msgs.messages:
        assert_(isinstance(m.created, datetime.datetime) and m.created.tzinfo is not None,
                f"{m.subject}: created {m.created!r}")


def instant(v):
    return datetime.datetime.fromisoformat(v.replace("Z", "+00:00")) if is_datetime(v) else None


@check("MessageSummary.Created is the time received, not the Date header: it never decreases A→B→C→D")
def _():
    created = [summaries[ids[k]]["Created"] for k in "ABCD"]
    t = [instant(c) for c in created]
    assert_(None not in t and t == sorted(t),
            f"Created in the order sent: {created} (B's Date header is 10:10+09:00, C's 10:05, D's 10:06)")


@check("the MessagesSummary and every MessageSummary match swagger")
def _():
    r = http.get("/api/v1/messages").json()
    bad = mismatches(r, MESSAGES_SUMMARY, "MessagesSummary")
    for i, m in enumerate(r["messages"]):
        bad += mismatches(m, MESSAGE_SUMMARY, f"messages[{i}]")
    assert_(not bad, "\n".join(bad))


@check("MessageSummary.Snippet: the text (C); a long text is cut at 200 bytes with \"...\" (D)")
def _():
    eq(summaries[ids["C"]]["Snippet"], "添付ファイルがあります。 (Attachment C)", "C Snippet")
    eq(summaries[ids["D"]]["Snippet"], snippet(MAILS["D"][2].decode().split("\r\n\r\n")[1]), "D Snippet")


@check("get_messages(limit=2, start=1): paging")
def _():
    msgs = api.get_messages(limit=2, start=1)
    eq([m.id for m in msgs.messages], [ids.get("C"), ids.get("B")], "IDs")
    eq((msgs.start, msgs.count, msgs.total), (1, 2, 4), "(start, count, total)")


@check("summaries: Contact names, Cc, Bcc from the envelope, attachments count, MessageID (empty for D)")
def _():
    msgs = {m.id: m for m in api.get_messages().messages}
    a, c, d = msgs[ids["A"]], msgs[ids["C"]], msgs[ids["D"]]
    eq(a.from_, models.Contact("Alice Sender", "alice@example.com"), "A from")
    eq(a.to, [models.Contact("Bob Receiver", "bob@example.jp")], "A to")
    eq(a.cc, [models.Contact("", "carol@example.jp")], "A cc")
    eq(a.bcc, [models.Contact("", "dave@example.jp")], "A bcc (envelope recipient missing from the headers)")
    eq(a.message_id, "client-check-a@example.com", "A message_id")
    eq(c.attachments, 2, "C attachments")
    # eseikyu keeps each mail as it arrived: no Message-ID is added (Mailpit adds one).
    eq(d.message_id, "", "D message_id")


message = {}
for key in "ABC":
    @check(f"get_message({key}): models.Message parses")
    def _(key=key):
        message[key] = api.get_message(ids[key])


@check("get_message answers: Mailpit's Message has no `Read` (removed in Mailpit v1.9.0) but this client requires it")
def _():
    m = http.get(f"/api/v1/message/{ids['C']}").json()
    eq("Read" in m, True, "Read present in Message (needed by mailpit-api-client's models.Message)")


@check("Message A (no Date header): Date is the time received as RFC3339, not empty")
def _():
    m = http.get(f"/api/v1/message/{ids['A']}").json()
    assert_(is_datetime(m.get("Date")), f"Date is {m.get('Date')!r}")
    eq(instant(m["Date"]), instant(summaries[ids["A"]]["Created"]), "Date = MessageSummary.Created")


@check("Message A: ReplyTo, Bcc, ReturnPath")
def _():
    m = http.get(f"/api/v1/message/{ids['A']}").json()
    eq(m.get("ReplyTo"), [{"Name": "Replies", "Address": "replies@example.com"}], "ReplyTo")
    eq(m.get("Bcc"), [{"Name": "", "Address": "dave@example.jp"}], "Bcc")
    eq(m.get("ReturnPath"), "alice@example.com", "ReturnPath")


@check("Message B (bare LF): subject unfolded, date keeps its -05:00 offset, text")
def _():
    m = http.get(f"/api/v1/message/{ids['B']}").json()
    eq(m["Subject"], "client check B bare LF", "Subject")
    eq(m["Date"], "2026-02-09T20:10:00-05:00", "Date")
    eq(m["Text"].replace("\r\n", "\n").strip(), "Line one of B.\nLine two of B.", "Text")


@check("Message C: subject decoded, names, attachments with PartID, FileName, ContentType, Size")
def _():
    m = http.get(f"/api/v1/message/{ids['C']}").json()
    eq(m["Subject"], SUBJECT_C, "Subject")
    eq(m["From"], {"Name": "Zed Sender", "Address": "zed@example.com"}, "From")
    eq([(a.get("PartID"), a.get("FileName"), a.get("ContentType"), a.get("ContentID"), a.get("Size"),
         a.get("Checksums", {}).get("SHA256")) for a in m["Attachments"]],
       [("2", "report.pdf", "application/pdf", "", len(PDF), hashlib.sha256(PDF).hexdigest()),
        ("3", "data.csv", "text/csv", "", len(CSV), hashlib.sha256(CSV).hexdigest())], "Attachments")


@check("get_message_attachment(C, '3'): the CSV text; '2': the PDF's bytes and type")
def _():
    eq(api.get_message_attachment(ids["C"], "3"), CSV.decode(), "CSV text")
    eq(api.last_response.headers.get("content-type"), "text/csv", "CSV Content-Type")
    eq(api.last_response.headers.get("content-disposition"), 'inline; filename="data.csv"', "Content-Disposition")
    api.get_message_attachment(ids["C"], "2")
    eq(api.last_response.content, PDF, "PDF bytes")
    eq(api.last_response.headers.get("content-type"), "application/pdf", "PDF Content-Type")


@check("get_message_attachment(C, '9') is 404")
def _():
    eq(status_of(lambda: api.get_message_attachment(ids["C"], "9")), 404, "status")


@check("get_message_headers(C): models.Headers parses (needs the canonical key `Message-Id`)")
def _():
    h = api.get_message_headers(ids["C"])
    eq(h.message_id, ["<client-check-c@example.com>"], "message_id")
    eq(h.delivered_to, ["bob@example.jp"], "delivered_to")
    eq(h.date, [datetime.datetime(2026, 2, 10, 10, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=9)))], "date")
    eq(h.additional.get("X-Folded"), ["first second"], "X-Folded (folded lines joined by one space)")
    eq(h.additional.get("Mime-Version"), ["1.0"], "Mime-Version")


@check("get_message_headers(B, bare LF): models.Headers parses, every header separate")
def _():
    h = api.get_message_headers(ids["B"])
    eq(h.from_, ["lf@example.com"], "from")
    eq(h.content_type, ["text/plain; charset=utf-8"], "content_type")
    eq(h.message_id, ["<client-check-b@example.com>"], "message_id")
    eq(h.additional.get("Subject"), ["client check B bare LF"], "Subject")


@check("headers: every key canonical as Go's textproto makes it (A, B, C, D)")
def _():
    for k in "ABCD":
        keys = list(http.get(f"/api/v1/message/{ids[k]}/headers").json())
        eq([x for x in keys if canonical(x) != x], [], f"{k}: non-canonical keys")


@check("raw: bytes as received (bare LF kept), Size = length; nothing added to D")
def _():
    for k in "BC":
        r = http.get(f"/api/v1/message/{ids[k]}/raw")
        eq(r.headers.get("content-type"), "text/plain; charset=utf-8", f"{k} Content-Type")
        assert_(MAILS[k][2] in r.content, f"{k}: the mail as sent is not in the raw source")
        eq(len(r.content), summaries[ids[k]]["Size"], f"{k}: length vs Size")
    d = http.get(f"/api/v1/message/{ids['D']}/raw").content
    assert_(not re.search(rb"(?mi)^Message-ID:", d), "D: a Message-ID header was added")


@check("/view/{ID}.txt: the text; it marks the message read (as Mailpit's GetMessage does)")
def _():
    http.put("/api/v1/messages", json={"Read": False})
    r = http.get(f"/view/{ids['A']}.txt")
    eq((r.status_code, r.text.strip()), (200, "Mail A has no Date header."), "(status, text)")
    eq(read_ids(), [ids["A"]], "read IDs")


@check("put_messages([B], 'Read', True) sends a form, not JSON: 400 as from Mailpit, nothing changed")
def _():
    http.put("/api/v1/messages", json={"Read": False})
    eq(status_of(lambda: api.put_messages([ids["B"]], "Read", True)), 400, "status")
    eq(read_ids(), [], "read IDs")


@check("PUT /api/v1/messages JSON: IDs, Search, both (400), all")
def _():
    http.put("/api/v1/messages", json={"Read": False})
    eq(http.put("/api/v1/messages", json={"IDs": [ids["B"]], "Read": True}).text, "ok", "answer")
    eq(read_ids(), [ids["B"]], "after IDs [B] read")
    http.put("/api/v1/messages", json={"Read": False})
    http.put("/api/v1/messages", json={"Search": "subject:bare", "Read": True})
    eq(read_ids(), [ids["B"]], "after Search subject:bare read")
    http.put("/api/v1/messages", json={"Read": False})
    eq(http.put("/api/v1/messages", json={"IDs": [ids["A"]], "Search": "x", "Read": True}).status_code, 400,
       "IDs and Search")
    eq(read_ids(), [], "after IDs and Search")
    http.put("/api/v1/messages", json={"Read": True})
    eq(len(read_ids()), 4, "after all read")
    http.put("/api/v1/messages", json={"Read": False})
    eq(read_ids(), [], "after all unread")


@check("search: subject:, to:, message-id:, is:unread, phrase, negation, paging, messages_unread")
def _():
    http.put("/api/v1/messages", json={"IDs": [ids["A"]], "Read": True})
    D, C, B, A = (ids[k] for k in "DCBA")
    eq(hits('subject:"client check"'), [D, C, B, A], 'subject:"client check"')
    eq(hits("to:bob@example.jp"), [D, C, B, A], "to:")
    eq(hits("message-id:client-check-b"), [B], "message-id:")
    eq(hits("is:unread"), [D, C, B], "is:unread")
    eq(hits('"Attachment C"'), [C], "phrase")
    eq(hits('subject:"client check" !subject:bare -subject:添付'), [D, A], "negations")
    r = http.get("/api/v1/search", params={"query": "subject:no", "start": 1, "limit": 1}).json()
    eq([m["ID"] for m in r["messages"]], [A], "page")
    eq({k: r.get(k) for k in ("start", "count", "messages_count", "messages_unread", "total", "unread")},
       {"start": 1, "count": 1, "messages_count": 2, "messages_unread": 1, "total": 4, "unread": 3}, "counts")


@check("search: SUBJECT:NO, cc:, has:attachment, display names, attachment names (Mailpit filters)")
def _():
    eq(hits('from:"Alice Sender"'), [ids["A"]], 'from:"Alice Sender"')
    eq(hits("report.pdf"), [ids["C"]], "report.pdf")
    eq(hits("SUBJECT:NO"), [ids["D"], ids["A"]], "SUBJECT:NO")
    eq(hits("cc:carol@example.jp"), [ids["A"]], "cc:")
    eq(hits("has:attachment"), [ids["C"]], "has:attachment")


@check("search: empty query is 400")
def _():
    for q in ("", "  "):
        eq(http.get("/api/v1/search", params={"query": q}).status_code, 400, f"GET query={q!r}")


@check("info: AppInformation matches swagger, counts")
def _():
    info = http.get("/api/v1/info").json()
    bad = mismatches(info, APP_INFORMATION, "AppInformation")
    eq((info.get("Messages"), info.get("Unread")), (4, 3), "(Messages, Unread)")
    assert_(not bad, "\n".join(bad))


@check("message/nope is 404; /api/v1/nonsense is 404 and not HTML")
def _():
    eq(status_of(lambda: api.get_message("nope")), 404, "get_message('nope')")
    r = http.get("/api/v1/nonsense")
    eq(r.status_code, 404, "status")
    assert_("html" not in r.headers.get("content-type", "") and not r.text.lstrip().startswith("<"),
            f"answered {r.headers.get('content-type')}: {r.text[:60]!r}")


@check("DELETE /api/v1/search?query=message-id:client-check-a deletes A only")
def _():
    eq(http.request("DELETE", "/api/v1/search", params={"query": "message-id:client-check-a"}).text, "ok", "answer")
    eq(listed(), [ids["D"], ids["C"], ids["B"]], "left")


@check("DELETE /api/v1/messages JSON {IDs:[B]} deletes B only")
def _():
    eq(http.request("DELETE", "/api/v1/messages", json={"IDs": [ids["B"]]}).text, "ok", "answer")
    eq(listed(), [ids["D"], ids["C"]], "left")


@check("DELETE /api/v1/search with an empty query is 400 and deletes nothing")
def _():
    eq(http.request("DELETE", "/api/v1/search", params={"query": ""}).status_code, 400, "status")
    eq(listed(), [ids["D"], ids["C"]], "left")


@check("delete_messages([one ID]) sends a form, not JSON: Mailpit then deletes every message (200)")
def _():
    with smtplib.SMTP(SMTP_HOST, SMTP_PORT, local_hostname="client-check.example", timeout=15) as s:
        for n in (1, 2):
            s.sendmail("e@example.com", ["bob@example.jp"],
                       crlf(["From: e@example.com", "To: bob@example.jp", f"Subject: client check E{n}", "", "E"]))
    deadline = time.monotonic() + 10
    while len(hits("subject:E2")) < 1 and time.monotonic() < deadline:
        time.sleep(0.2)
    one = hits("subject:E1")
    assert_(one, "the mails E1, E2 did not arrive")
    eq(status_of(lambda: api.delete_messages(one)), None, "HTTP error")
    eq(listed(), [], "left")


http.request("DELETE", "/api/v1/messages")
print(f"{LABEL}: {passed} passed, {failed} failed", flush=True)
if failed:
    print(f"{LABEL}: failed checks:\n  " + "\n  ".join(failures), file=sys.stderr)
    sys.exit(1)
