//! The SMTP catcher against a hostile client (RFC 5321 limits, SMTP smuggling, routing):
//! raw bytes over a real TCP connection, replies read as a client reads them.

use eseikyu::mail::catcher::{self, Catcher, Engine, LIMITS, Unrouted};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// A raw SMTP client: writes bytes, reads whole replies.
struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Client {
    fn connect(catcher: &Catcher, hello: &str) -> Client {
        let s = TcpStream::connect(catcher.addr()).expect("connects");
        s.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut c = Client {
            reader: BufReader::new(s.try_clone().expect("clone")),
            writer: s,
        };
        assert!(c.reply().starts_with("220"), "greeting");
        let ehlo = c.say(&format!("EHLO {hello}\r\n"));
        assert!(ehlo.starts_with("250"), "{ehlo}");
        c
    }
    /// Reads one reply (all its lines).
    fn reply(&mut self) -> String {
        let mut out = String::new();
        loop {
            let mut line = String::new();
            self.reader.read_line(&mut line).expect("a reply");
            out.push_str(&line);
            if line.len() < 4 || line.as_bytes()[3] != b'-' {
                return out;
            }
        }
    }
    fn send(&mut self, bytes: &[u8]) {
        self.writer.write_all(bytes).expect("writes");
    }
    fn say(&mut self, line: &str) -> String {
        self.send(line.as_bytes());
        self.reply()
    }
    /// MAIL, RCPT and DATA; the reply to DATA.
    fn begin(&mut self, to: &str) -> String {
        assert!(self.say("MAIL FROM:<a@example.jp>\r\n").starts_with("250"));
        assert!(self.say(&format!("RCPT TO:<{to}>\r\n")).starts_with("250"));
        self.say("DATA\r\n")
    }
}

fn catcher_with_world(world: &str) -> Catcher {
    let c = Catcher::start(0, 4, Engine::Quick).expect("catcher starts");
    c.open(world);
    c
}

#[test]
fn ehlo_advertises_the_size_limit_and_no_starttls() {
    let c = catcher_with_world("w");
    let s = TcpStream::connect(c.addr()).expect("connects");
    let mut client = Client {
        reader: BufReader::new(s.try_clone().expect("clone")),
        writer: s,
    };
    client.reply();
    let ehlo = client.say("EHLO w.world.eseikyu.invalid\r\n");
    assert!(ehlo.contains(&format!("SIZE {}", LIMITS.message)), "{ehlo}");
    assert!(!ehlo.contains("STARTTLS"), "{ehlo}");
}

#[test]
fn a_command_line_over_512_octets_gets_500_and_the_session_goes_on() {
    let c = catcher_with_world("w");
    let mut client = Client::connect(&c, &catcher::hello_name("w"));
    let long = format!("NOOP {}\r\n", "x".repeat(600));
    assert!(client.say(&long).starts_with("500"));
    assert!(client.begin("a@example.jp").starts_with("354"));
    assert!(
        client
            .say("Subject: ok\r\n\r\nbody\r\n.\r\n")
            .starts_with("250")
    );
    assert_eq!(c.take("w").len(), 1);
}

#[test]
fn a_text_line_over_1000_octets_refuses_the_message_with_552() {
    let c = catcher_with_world("w");
    let mut client = Client::connect(&c, &catcher::hello_name("w"));
    assert!(client.begin("a@example.jp").starts_with("354"));
    client.send(b"Subject: long\r\n\r\n");
    client.send(&vec![b'y'; 5_000_000]);
    let end = client.say("\r\n.\r\n");
    assert!(end.starts_with("552"), "{end}");
    assert!(c.take("w").is_empty(), "the refused message is not kept");
    // The session is usable again.
    assert!(client.begin("a@example.jp").starts_with("354"));
    assert!(
        client
            .say("Subject: ok\r\n\r\nbody\r\n.\r\n")
            .starts_with("250")
    );
    assert_eq!(c.take("w").len(), 1);
}

#[test]
fn a_message_over_the_size_limit_is_refused_with_552() {
    let c = catcher_with_world("w");
    let mut client = Client::connect(&c, &catcher::hello_name("w"));
    let declared = format!("MAIL FROM:<a@example.jp> SIZE={}\r\n", LIMITS.message + 1);
    assert!(client.say(&declared).starts_with("552"));
    assert!(client.begin("a@example.jp").starts_with("354"));
    let line = format!("{}\r\n", "z".repeat(998));
    let lines = LIMITS.message / line.len() + 2;
    client.send(b"Subject: big\r\n\r\n");
    for _ in 0..lines {
        client.send(line.as_bytes());
    }
    let end = client.say(".\r\n");
    assert!(end.starts_with("552"), "{end}");
    assert!(c.take("w").is_empty());
}

#[test]
fn only_crlf_dot_crlf_ends_the_message_so_nothing_can_be_smuggled() {
    let c = catcher_with_world("w");
    let mut client = Client::connect(&c, &catcher::hello_name("w"));
    assert!(client.begin("a@example.jp").starts_with("354"));
    let end = client.say(
        "Subject: one\r\n\r\nfirst\n.\r\nMAIL FROM:<evil@example.jp>\r\n\
         RCPT TO:<victim@example.jp>\r\nDATA\r\nSubject: smuggled\r\n\r\nx\r\n.\r\n",
    );
    assert!(end.starts_with("250"), "{end}");
    let mails = c.take("w");
    assert_eq!(mails.len(), 1, "one message, not two");
    assert_eq!(mails[0].envelope_to, vec!["a@example.jp".to_string()]);
    let text = String::from_utf8_lossy(&mails[0].bytes);
    assert!(text.contains("Subject: smuggled"), "kept as text: {text}");
}

#[test]
fn more_than_100_recipients_get_452() {
    let c = catcher_with_world("w");
    let mut client = Client::connect(&c, &catcher::hello_name("w"));
    assert!(
        client
            .say("MAIL FROM:<a@example.jp>\r\n")
            .starts_with("250")
    );
    for i in 0..LIMITS.recipients {
        let r = client.say(&format!("RCPT TO:<r{i}@example.jp>\r\n"));
        assert!(r.starts_with("250"), "{i}: {r}");
    }
    assert!(
        client
            .say("RCPT TO:<one-more@example.jp>\r\n")
            .starts_with("452")
    );
    assert!(client.say("DATA\r\n").starts_with("354"));
    assert!(
        client
            .say("Subject: many\r\n\r\nx\r\n.\r\n")
            .starts_with("250")
    );
    assert_eq!(c.take("w")[0].envelope_to.len(), LIMITS.recipients);
}

#[test]
fn mail_for_no_open_world_is_not_kept() {
    let c = catcher_with_world("open");
    for hello in [catcher::hello_name("closed"), "mail.example.jp".to_string()] {
        let mut client = Client::connect(&c, &hello);
        assert!(client.begin("a@example.jp").starts_with("354"));
        assert!(
            client
                .say("Subject: x\r\n\r\nx\r\n.\r\n")
                .starts_with("250")
        );
    }
    assert!(c.take("closed").is_empty());
    assert!(
        c.take_unrouted().is_empty(),
        "this catcher keeps no unrouted mail"
    );
    assert_eq!(
        c.open_worlds(),
        1,
        "no mailbox was made for an unknown world"
    );
    c.close("open");
    assert_eq!(c.open_worlds(), 0);

    let keeper = Catcher::start_with(0, 4, Engine::Quick, Unrouted::Keep).expect("starts");
    let mut client = Client::connect(&keeper, &catcher::hello_name("closed"));
    assert!(client.begin("a@example.jp").starts_with("354"));
    assert!(
        client
            .say("Subject: x\r\n\r\nx\r\n.\r\n")
            .starts_with("250")
    );
    assert_eq!(keeper.take_unrouted().len(), 1, "`catch` keeps it");
}

/// `serve`: outside software's mail is kept; a client greeting as a world that is not
/// open is refused at the end of its message, so nothing lands in another world.
#[test]
fn a_served_catcher_refuses_mail_for_a_world_that_is_not_open() {
    let c = Catcher::start_with(0, 4, Engine::Quick, Unrouted::KeepOutside).expect("starts");
    c.open("open");
    let mut forged = Client::connect(&c, &catcher::hello_name("w999"));
    assert!(forged.begin("a@example.jp").starts_with("354"));
    let answer = forged.say("Subject: forged\r\n\r\n[確認コード]\r\n1234\r\n.\r\n");
    assert!(answer.starts_with("550"), "{answer}");
    let mut outside = Client::connect(&c, "mail.example.jp");
    assert!(outside.begin("a@example.jp").starts_with("354"));
    assert!(
        outside
            .say("Subject: x\r\n\r\nx\r\n.\r\n")
            .starts_with("250")
    );
    let kept = c.take_unrouted();
    assert_eq!(kept.len(), 1, "only the outside mail is kept");
    assert!(c.take("open").is_empty());
}

#[test]
fn a_client_that_hangs_up_mid_message_loses_only_its_message() {
    let c = catcher_with_world("w");
    {
        let mut client = Client::connect(&c, &catcher::hello_name("w"));
        assert!(client.begin("a@example.jp").starts_with("354"));
        client.send(b"Subject: cut\r\n\r\nhalf a mess");
    }
    let mut client = Client::connect(&c, &catcher::hello_name("w"));
    assert!(client.begin("a@example.jp").starts_with("354"));
    assert!(
        client
            .say("Subject: whole\r\n\r\nx\r\n.\r\n")
            .starts_with("250")
    );
    let mails = c.take("w");
    assert_eq!(mails.len(), 1);
    let mut text = String::new();
    mails[0]
        .bytes
        .as_slice()
        .read_to_string(&mut text)
        .expect("utf-8");
    assert!(text.contains("whole"));
}

/// Worlds keep SMTP sessions open and send message after message through them (lettre's
/// pool): every message reaches its own world's mailbox, in order, interleaved or not.
#[test]
fn pooled_sessions_deliver_every_message_to_its_world() {
    use eseikyu::domain::OutboundMail;
    use eseikyu::mail::{self, Outbound};
    let catcher = Catcher::start(0, 4, Engine::Quick).expect("catcher starts");
    let worlds = ["pool-a", "pool-b"];
    let outs: Vec<Outbound> = worlds
        .iter()
        .map(|w| {
            catcher.open(w);
            Outbound::new(catcher.addr(), w)
        })
        .collect();
    let at = "2025-12-15T10:00:00+09:00".parse().expect("instant");
    for i in 0..6 {
        let w = i % 2;
        let m = OutboundMail {
            to: format!("{}@example.jp", worlds[w]),
            subject: format!("通知{i}"),
            body: format!("本文{i}\n"),
        };
        let msg = mail::build(&m, at, &format!("{i}.pool@support.e-seikyuu.jp")).expect("builds");
        outs[w].send(&msg).expect("delivered");
    }
    for (w, world) in worlds.iter().enumerate() {
        let subjects: Vec<String> = catcher
            .take(world)
            .into_iter()
            .map(|raw| {
                mail::decode(raw.bytes, raw.envelope_from, raw.envelope_to)
                    .expect("decodes")
                    .subject
            })
            .collect();
        let expected: Vec<String> = (0..6)
            .filter(|i| i % 2 == w)
            .map(|i| format!("通知{i}"))
            .collect();
        assert_eq!(subjects, expected, "{world}");
    }
}

/// Scripted faults answer the end of a message as a failing server would, and the session
/// goes on (or ends, for a dropped connection): 451 and 554 keep it, the mail is not kept.
#[test]
fn scripted_faults_answer_the_end_of_a_message_and_the_session_goes_on() {
    use eseikyu::door::SmtpFault;
    let c = catcher_with_world("faulty");
    let hello = catcher::hello_name("faulty");
    c.fault(
        "faulty",
        [Some(SmtpFault::Temporary), Some(SmtpFault::Permanent), None],
    );
    let mut s = Client::connect(&c, &hello);
    for expected in ["451", "554", "250"] {
        assert!(s.begin("x@example.jp").starts_with("354"));
        let r = s.say("Subject: t\r\n\r\nbody\r\n.\r\n");
        assert!(r.starts_with(expected), "{expected}: {r}");
    }
    assert!(s.say("RSET\r\n").starts_with("250"));
    assert!(s.say("QUIT\r\n").starts_with("221"));
    assert_eq!(c.take("faulty").len(), 1, "only the last one is kept");
    // A dropped connection: no answer, the connection ends; a slow server keeps the mail.
    c.fault("faulty", [Some(SmtpFault::Drop), Some(SmtpFault::Slow)]);
    for kept in [0, 1] {
        let mut s = Client::connect(&c, &hello);
        assert!(s.begin("x@example.jp").starts_with("354"));
        s.send(b"Subject: t\r\n\r\nbody\r\n.\r\n");
        let mut rest = Vec::new();
        let _ = s.reader.read_to_end(&mut rest);
        assert!(
            rest.is_empty(),
            "no answer: {}",
            String::from_utf8_lossy(&rest)
        );
        assert_eq!(c.take("faulty").len(), kept);
    }
}

/// RFC 2920: the catcher offers PIPELINING and answers a group of commands in order.
#[test]
fn pipelined_commands_are_answered_in_order() {
    let c = catcher_with_world("piped");
    let mut s = Client::connect(&c, &catcher::hello_name("piped"));
    s.send(
        b"MAIL FROM:<a@example.jp>\r\nRCPT TO:<x@example.jp>\r\nRCPT TO:<y@example.jp>\r\nDATA\r\n",
    );
    let replies: Vec<String> = (0..4).map(|_| s.reply()).collect();
    let codes: Vec<&str> = replies.iter().map(|r| &r[..3]).collect();
    assert_eq!(codes, ["250", "250", "250", "354"], "{replies:?}");
    let r = s.say("Subject: t\r\n\r\n..a line that starts with a dot\r\n.\r\n");
    assert!(r.starts_with("250"), "{r}");
    let kept = c.take("piped");
    assert_eq!(kept.len(), 1);
    let text = String::from_utf8_lossy(&kept[0].bytes);
    assert!(text.contains("\r\n.a line that starts"), "{text}");
    let ehlo = s.say("EHLO piped\r\n");
    assert!(ehlo.contains("PIPELINING"), "{ehlo}");
}

/// The outbound client pipelines when the server offers it: this server answers MAIL only
/// once DATA has arrived, so a client that waited for each reply would never finish.
#[test]
fn the_client_pipelines_mail_rcpt_and_data_when_offered() {
    let (text, built, sent) =
        one_mail_to_a_server("250-8BITMIME\r\n250 PIPELINING", "本文\n", |r, w| {
            let group: Vec<String> = (0..3).map(|_| read_line(r)).collect();
            assert!(group[0].starts_with("MAIL FROM:"), "{group:?}");
            assert!(group[1].starts_with("RCPT TO:"), "{group:?}");
            assert_eq!(group[2], "DATA\r\n");
            w.write_all(b"250 ok\r\n250 ok\r\n354 go\r\n")
                .expect("replies");
            let mut text = String::new();
            loop {
                let l = read_line(r);
                if l == ".\r\n" {
                    break;
                }
                text.push_str(&l);
            }
            w.write_all(b"250 kept\r\n").expect("kept");
            text.into_bytes()
        });
    // The text, then a line ending before the dot, as lettre ends DATA.
    assert_eq!(text, [&built[..], b"\r\n"].concat());
    // QUIT goes unanswered once the server is gone; the message was accepted before.
    assert!(sent.is_ok(), "{sent:?}");
}

/// Sends one mail (`body` as its text) with the system's client to a server of its own
/// that greets, answers both `EHLO`s offering `extensions` (reply lines after the first)
/// and then runs `serve`; what `serve` returned, the message as built, and what the
/// client's send came to.
fn one_mail_to_a_server(
    extensions: &'static str,
    body: &str,
    serve: impl FnOnce(&mut BufReader<TcpStream>, &mut TcpStream) -> Vec<u8> + Send + 'static,
) -> (Vec<u8>, Vec<u8>, Result<(), String>) {
    use eseikyu::domain::OutboundMail;
    use eseikyu::mail::{self, Outbound};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("binds");
    let addr = listener.local_addr().expect("addr");
    let server = std::thread::spawn(move || {
        let (s, _) = listener.accept().expect("accepts");
        let mut r = BufReader::new(s.try_clone().expect("clone"));
        let mut w = s;
        w.write_all(b"220 test\r\n").expect("greets");
        for _ in 0..2 {
            assert!(read_line(&mut r).starts_with("EHLO"));
            w.write_all(format!("250-test\r\n{extensions}\r\n").as_bytes())
                .expect("ehlo");
        }
        serve(&mut r, &mut w)
    });
    let out = Outbound::one_session_per_message(addr, "w");
    let m = OutboundMail {
        to: "x@example.jp".into(),
        subject: "件名".into(),
        body: body.into(),
    };
    let at = "2025-12-15T10:00:00+09:00".parse().expect("instant");
    let msg = mail::build(&m, at, "1.test@support.e-seikyuu.jp").expect("builds");
    let built = msg.formatted();
    let sent = std::thread::spawn(move || out.send(&msg).map_err(|e| e.to_string()));
    let served = server.join().expect("the server saw what it expected");
    (served, built, sent.join().expect("sends"))
}

fn read_line(r: &mut BufReader<TcpStream>) -> String {
    let mut line = String::new();
    r.read_line(&mut line).expect("reads");
    line
}

/// RFC 3030: the catcher offers CHUNKING; a whole transaction — MAIL, RCPT, `BDAT … LAST`
/// and the text — goes in one write and is answered at once, and chunks carry the text as
/// it is: no dot ends it, no stuffing, a line may run across chunks.
#[test]
fn bdat_chunks_carry_a_message_exactly_in_one_round_trip() {
    let c = catcher_with_world("chunked");
    let mut s = Client::connect(&c, &catcher::hello_name("chunked"));
    let ehlo = s.say(&format!("EHLO {}\r\n", catcher::hello_name("chunked")));
    assert!(ehlo.contains("CHUNKING"), "{ehlo}");
    let text = "Subject: b\r\n\r\n.\r\n..two dots\r\nDATA\r\nthe end, no line ending";
    s.send(
        format!(
            "MAIL FROM:<a@example.jp>\r\nRCPT TO:<x@example.jp>\r\nBDAT {} LAST\r\n{text}",
            text.len()
        )
        .as_bytes(),
    );
    let codes: Vec<String> = (0..3).map(|_| s.reply()[..3].to_string()).collect();
    assert_eq!(codes, ["250", "250", "250"]);
    let kept = c.take("chunked");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].bytes, text.as_bytes(), "the text as it was sent");
    // Three chunks, the first two ending inside a line, the last empty.
    assert!(s.say("MAIL FROM:<a@example.jp>\r\n").starts_with("250"));
    assert!(s.say("RCPT TO:<x@example.jp>\r\n").starts_with("250"));
    let first = s.say("BDAT 12\r\nSubject: thr");
    assert!(
        first.starts_with("250") && first.contains("12 octets"),
        "{first}"
    );
    assert!(s.say("BDAT 12\r\nee\r\n\r\n.body\r").starts_with("250"));
    assert!(s.say("BDAT 2\r\n\n.").starts_with("250"));
    assert!(s.say("BDAT 0 LAST\r\n").starts_with("250"));
    let kept = c.take("chunked");
    assert_eq!(kept[0].bytes, b"Subject: three\r\n\r\n.body\r\n.");
}

/// A chunk out of sequence, too big or badly written is refused — and its octets are read
/// all the same (RFC 3030 §2), so none of them is taken for a command; another command
/// within a chunked message ends it unkept.
#[test]
fn bdat_refusals_still_read_the_chunk_and_keep_nothing() {
    let c = catcher_with_world("refused");
    let mut s = Client::connect(&c, &catcher::hello_name("refused"));
    let r = s.say("BDAT 21 LAST\r\nQUIT\r\nRSET\r\nQUIT\r\nxyz");
    assert!(r.starts_with("503"), "no envelope yet: {r}");
    assert!(s.say("NOOP\r\n").starts_with("250"), "the octets were read");
    assert!(s.say("BDAT ten\r\n").starts_with("501"));
    // A line over 1,000 octets refuses the message at its last chunk.
    assert!(s.say("MAIL FROM:<a@example.jp>\r\n").starts_with("250"));
    assert!(s.say("RCPT TO:<x@example.jp>\r\n").starts_with("250"));
    let long = format!("Subject: long\r\n\r\n{}\r\n", "y".repeat(2_000));
    let r = s.say(&format!("BDAT {} LAST\r\n{long}", long.len()));
    assert!(r.starts_with("552"), "{r}");
    // RSET, and a command out of sequence, end a chunked message unkept.
    for (ending, answer) in [("RSET\r\n", "250"), ("DATA\r\n", "503")] {
        assert!(s.say("MAIL FROM:<a@example.jp>\r\n").starts_with("250"));
        assert!(s.say("RCPT TO:<x@example.jp>\r\n").starts_with("250"));
        assert!(s.say("BDAT 5\r\nhello").starts_with("250"));
        assert!(s.say("NOOP\r\n").starts_with("250"));
        let r = s.say(ending);
        assert!(r.starts_with(answer), "{ending}: {r}");
    }
    assert!(
        c.take("refused").is_empty(),
        "nothing refused or ended is kept"
    );
    // A scripted fault answers the last chunk, as it answers the end of DATA.
    c.fault("refused", [Some(eseikyu::door::SmtpFault::Temporary)]);
    assert!(s.say("MAIL FROM:<a@example.jp>\r\n").starts_with("250"));
    assert!(s.say("RCPT TO:<x@example.jp>\r\n").starts_with("250"));
    assert!(s.say("BDAT 8 LAST\r\nSubject:").starts_with("451"));
    assert!(s.say("QUIT\r\n").starts_with("221"));
    assert!(c.take("refused").is_empty());
}

/// The outbound client sends a whole transaction in one write when the server offers
/// PIPELINING and CHUNKING: this server answers nothing until the chunk's last octet has
/// arrived, so a client that waited for any reply would never finish.
#[test]
fn the_client_sends_one_bdat_chunk_when_chunking_is_offered() {
    let body = ".本文\n";
    let (text, built, sent) = one_mail_to_a_server(
        "250-8BITMIME\r\n250-PIPELINING\r\n250 CHUNKING",
        body,
        |r, w| {
            let group: Vec<String> = (0..3).map(|_| read_line(r)).collect();
            assert!(group[0].starts_with("MAIL FROM:"), "{group:?}");
            assert!(group[1].starts_with("RCPT TO:"), "{group:?}");
            let size: usize = group[2]
                .strip_prefix("BDAT ")
                .and_then(|rest| rest.strip_suffix(" LAST\r\n"))
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("BDAT <size> LAST: {group:?}"));
            let mut text = vec![0; size];
            r.read_exact(&mut text).expect("the chunk");
            w.write_all(b"250 ok\r\n250 ok\r\n250 kept\r\n")
                .expect("replies");
            text
        },
    );
    assert!(sent.is_ok(), "{sent:?}");
    assert_eq!(
        text, built,
        "the message as built: no dot added, none doubled"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 64, ..Default::default() })]

    /// RFC 3030: however a message is cut into chunks, the catcher keeps exactly its
    /// octets — lines that start with a dot or are a lone dot, CR and LF cut apart, UTF-8
    /// cut inside a character, no line ending at the end.
    #[test]
    fn bdat_keeps_a_message_exactly_however_it_is_chunked(
        lines in proptest::collection::vec("(\\.|\\.\\.|a|あ| |\r)*", 0..12),
        ends in proptest::collection::vec(proptest::prop_oneof!["\r\n", "\n", ""], 12),
        cuts in proptest::collection::vec(0usize..600, 0..6),
    ) {
        static CATCHER: std::sync::OnceLock<Catcher> = std::sync::OnceLock::new();
        let c = CATCHER.get_or_init(|| catcher_with_world("cut"));
        let mut text = b"Subject: cut\r\n\r\n".to_vec();
        for (line, end) in lines.iter().zip(&ends) {
            text.extend_from_slice(line.as_bytes());
            text.extend_from_slice(end.as_bytes());
        }
        let mut cuts: Vec<usize> = cuts.into_iter().filter(|&k| k < text.len()).collect();
        cuts.sort_unstable();
        cuts.dedup();
        let mut s = Client::connect(c, &catcher::hello_name("cut"));
        proptest::prop_assert!(s.say("MAIL FROM:<a@example.jp>\r\n").starts_with("250"));
        proptest::prop_assert!(s.say("RCPT TO:<x@example.jp>\r\n").starts_with("250"));
        let mut from = 0;
        for (i, &to) in cuts.iter().chain([&text.len()]).enumerate() {
            let last = i == cuts.len();
            let chunk = &text[from..to];
            let mut sent = format!("BDAT {}{}\r\n", chunk.len(), if last { " LAST" } else { "" })
                .into_bytes();
            sent.extend_from_slice(chunk);
            s.send(&sent);
            let reply = s.reply();
            proptest::prop_assert!(reply.starts_with("250"), "{}", reply);
            from = to;
        }
        let kept = c.take("cut");
        proptest::prop_assert_eq!(kept.len(), 1);
        proptest::prop_assert_eq!(&kept[0].bytes, &text);
    }
}
