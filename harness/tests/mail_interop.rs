//! The mail path against independent implementations (MSG-7): Python's smtplib sends to
//! the catcher and mail-parser decodes exactly what was sent (UTF-8, ISO-2022-JP and
//! Shift_JIS); Python's `email` package decodes what the simulator sent exactly as we do.

use eseikyu::domain::OutboundMail;
use eseikyu::mail::catcher::Engine;
use eseikyu::mail::{self, Catcher, Outbound};
use std::io::Write;
use std::process::{Command, Stdio};

use crate::support;

fn python(script: &str, stdin: &[u8]) -> String {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs (the README lists it)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write to python");
    let out = child.wait_with_output().expect("python finishes");
    assert!(
        out.status.success(),
        "python failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

const SUBJECT: &str = "確認コード発行通知(介護保険)";
const BODY: &str = "介護電子請求受付システムからのお知らせです。\n電子請求受付システムの確認コードが発行されました。\n\n[確認コード]\n0427\n";

#[test]
fn smtplib_mail_is_caught_and_decoded_exactly() {
    for engine in [Engine::Quick, Engine::Embedded] {
        caught_exactly(engine);
    }
}

fn caught_exactly(engine: Engine) {
    let catcher = Catcher::start(0, 4, engine).expect("catcher starts");
    for charset in ["utf-8", "iso-2022-jp", "shift_jis"] {
        let world = format!("py-{charset}");
        catcher.open(&world);
        let script = format!(
            r#"
import smtplib, base64
b64 = lambda t: base64.b64encode(t.encode("{charset}")).decode()
raw = ("From: kaigo_info@support.e-seikyuu.jp\r\nTo: sec@example.jp\r\n"
       "Subject: =?{charset}?B?" + b64({SUBJECT:?}) + "?=\r\n"
       "MIME-Version: 1.0\r\n"
       "Content-Type: text/plain; charset={charset}\r\nContent-Transfer-Encoding: base64\r\n\r\n"
       + b64({BODY:?}) + "\r\n")
with smtplib.SMTP("127.0.0.1", {port}, local_hostname="{hello}") as s:
    s.sendmail("kaigo_info@support.e-seikyuu.jp", ["sec@example.jp"], raw.encode("ascii"))
print("sent")
"#,
            port = catcher.addr().port(),
            hello = mail::catcher::hello_name(&world),
        );
        assert_eq!(python(&script, b"").trim(), "sent");
        let raws = catcher.take(&world);
        assert_eq!(raws.len(), 1, "{charset}: exactly one message caught");
        let raw = raws.into_iter().next().expect("one");
        let m = mail::decode(raw.bytes, raw.envelope_from, raw.envelope_to).expect("decodes");
        assert_eq!(m.subject, SUBJECT, "{charset}");
        assert_eq!(m.body, BODY, "{charset}");
        assert_eq!(m.charset, charset, "declared charset");
        assert_eq!(m.to, vec!["sec@example.jp".to_string()]);
        assert_eq!(m.envelope_to, vec!["sec@example.jp".to_string()]);
    }
}

#[test]
fn python_email_decodes_our_mail_as_we_do() {
    let catcher = Catcher::start(0, 4, Engine::Quick).expect("catcher starts");
    catcher.open("interop");
    let out = Outbound::new(catcher.addr(), "interop");
    let sent = OutboundMail {
        to: "mailforsecurity-001@jp".into(),
        subject: SUBJECT.into(),
        body: eseikyu::text::mail_confirm_code("9999"),
    };
    let at = "2025-12-15T10:00:00+09:00".parse().expect("instant");
    let msg = mail::build(&sent, at, "1.interop@support.e-seikyuu.jp").expect("builds");
    out.send(&msg).expect("delivered");
    let raw = catcher.take("interop").into_iter().next().expect("caught");
    let ours =
        mail::decode(raw.bytes.clone(), raw.envelope_from, raw.envelope_to).expect("decodes");
    let script = r#"
import sys, json, email
from email import policy
m = email.message_from_bytes(sys.stdin.buffer.read(), policy=policy.default)
print(json.dumps({"subject": str(m["Subject"]), "body": m.get_content(), "charset": m.get_content_charset(),
                  "to": str(m["To"]), "from": str(m["From"])}, ensure_ascii=False))
"#;
    let py: serde_json::Value =
        serde_json::from_str(&python(script, &raw.bytes)).expect("json from python");
    assert_eq!(py["subject"], SUBJECT);
    assert_eq!(ours.subject, SUBJECT);
    assert_eq!(
        py["body"].as_str().map(|b| b.replace("\r\n", "\n")),
        Some(ours.body.clone())
    );
    assert_eq!(
        ours.body, sent.body,
        "the body decodes back to exactly the text sent"
    );
    assert_eq!(py["charset"], "utf-8");
    assert_eq!(py["to"], "mailforsecurity-001@jp");
    assert_eq!(py["from"], "kaigo_info@support.e-seikyuu.jp");
    // The subject is RFC 2047 encoded on the wire.
    let head = String::from_utf8_lossy(&raw.bytes);
    assert!(head.contains("Subject: =?utf-8?b?"), "{head}");
}

/// Every mail the corpus sends, as it arrived at the catcher.
fn corpus_mails() -> Vec<Vec<u8>> {
    support::corpus()
        .into_iter()
        .flat_map(|r| r.mails.into_iter().map(|m| m.raw))
        .collect()
}

/// MSG-7: every mail the corpus sends is a valid MIME message by an independent reader:
/// Python's `email` (policy.default) finds no defect in it or in any header, every header
/// RFC 5322 and RFC 2045 require is there, the date is in Japan time, nothing internal
/// is visible, and the text decodes to what mail-parser reads.
#[test]
fn every_corpus_mail_is_valid_mime_by_python_email() {
    let raws = corpus_mails();
    assert!(raws.len() > 20, "the corpus sends mail ({})", raws.len());
    let mut input = Vec::new();
    for raw in &raws {
        let ours = mail::decode(raw.clone(), String::new(), vec![]).expect("decodes");
        let entry = serde_json::json!({
            "raw": String::from_utf8(raw.clone()).expect("7-bit message"),
            "subject": ours.subject,
            "body": ours.body,
        });
        input.extend(serde_json::to_vec(&entry).expect("json"));
        input.push(b'\n');
    }
    let script = r#"
import sys, json, email
from email import policy, utils
problems = []
n = 0
for line in sys.stdin:
    e = json.loads(line); n += 1
    raw = e["raw"].encode("ascii")
    m = email.message_from_bytes(raw, policy=policy.default)
    where = "mail %d (%s)" % (n, e["subject"])
    if m.defects: problems.append("%s: message defects %r" % (where, m.defects))
    for name in ["From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Content-Type", "Content-Transfer-Encoding"]:
        if m[name] is None: problems.append("%s: no %s header" % (where, name)); continue
        if m[name].defects: problems.append("%s: %s defects %r" % (where, name, m[name].defects))
    for name in m.keys():
        if name.lower().startswith("x-"): problems.append("%s: internal header %s" % (where, name))
    if str(m.get("MIME-Version", "")) != "1.0": problems.append("%s: MIME-Version %r" % (where, m.get("MIME-Version")))
    mid = str(m.get("Message-ID", ""))
    if not (mid.startswith("<") and mid.endswith(">")): problems.append("%s: Message-ID %r" % (where, mid))
    d = utils.parsedate_to_datetime(str(m["Date"]))
    if d.utcoffset() is None or d.utcoffset().total_seconds() != 9 * 3600: problems.append("%s: Date %r is not +0900" % (where, str(m["Date"])))
    if str(m["Subject"]) != e["subject"]: problems.append("%s: subject %r" % (where, str(m["Subject"])))
    if m.get_content_charset() != "utf-8": problems.append("%s: charset %r" % (where, m.get_content_charset()))
    if m.get_content().replace("\r\n", "\n") != e["body"]: problems.append("%s: body differs" % where)
print(json.dumps({"checked": n, "problems": problems}, ensure_ascii=False))
"#;
    let out: serde_json::Value =
        serde_json::from_str(&python(script, &input)).expect("json from python");
    assert_eq!(out["checked"].as_u64(), Some(raws.len() as u64));
    assert_eq!(
        out["problems"],
        serde_json::json!([]),
        "Python's email package found problems"
    );
}
