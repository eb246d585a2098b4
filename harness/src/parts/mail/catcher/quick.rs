//! The quick loop: one tokio thread serves every SMTP session, acknowledges message data
//! at once, reads lines under RFC 5321's limits and answers scripted faults.

use super::chunking::{self, Chunks};
use super::{FaultAnswer, LIMITS, NAME, Session, Store};
use mailin::{Action, SessionBuilder};
use std::net::{IpAddr, TcpListener};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// An event loop (tokio, one thread) serving every session, like a classic mail sink:
/// no thread switch per SMTP command. Detached: the catcher lives as long as the process.
pub(super) fn serve_quick(listener: TcpListener, store: Arc<Store>) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    std::thread::Builder::new()
        .name("smtp-catcher".into())
        .spawn(move || {
            runtime.block_on(async move {
                let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
                    return;
                };
                loop {
                    let Ok((stream, peer)) = listener.accept().await else {
                        continue;
                    };
                    let store = store.clone();
                    // A broken connection ends its session only.
                    tokio::spawn(async move {
                        let _ = session(stream, peer.ip(), store).await;
                    });
                }
            });
        })?;
    Ok(())
}

/// Counts a session while it lives.
struct SessionSlot(Arc<Store>);

impl Drop for SessionSlot {
    fn drop(&mut self) {
        self.0.sessions.fetch_sub(1, Ordering::AcqRel);
    }
}

/// One SMTP session: mailin decides the replies to commands; this loop moves bytes,
/// reads message text by CRLF-terminated lines (only CRLF.CRLF ends it) and holds every
/// limit of [`LIMITS`].
async fn session(
    stream: tokio::net::TcpStream,
    remote: IpAddr,
    store: Arc<Store>,
) -> std::io::Result<()> {
    use tokio::io::AsyncWriteExt;
    stream.set_nodelay(true)?;
    let (read, mut write) = stream.into_split();
    let _slot = SessionSlot(store.clone());
    if store.sessions.fetch_add(1, Ordering::AcqRel) >= LIMITS.sessions {
        write
            .write_all(b"421 4.3.2 Too many connections, try again later\r\n")
            .await?;
        return Ok(());
    }
    let mut reader = tokio::io::BufReader::with_capacity(16 * 1024, read);
    let discard = Arc::new(AtomicBool::new(false));
    let handler = Session::new(store.clone(), discard.clone());
    let fault = handler.fault.clone();
    let mut smtp = SessionBuilder::new(NAME).build(remote, handler);
    let mut out = Vec::with_capacity(256);
    smtp.greeting().write_to(&mut out)?;
    write.write_all(&out).await?;
    out.clear();
    let mut line = Vec::with_capacity(256);
    let mut data: Option<DataState> = None;
    // A message arriving by BDAT (RFC 3030), between its first chunk and its last.
    let mut chunks: Option<Chunks> = None;
    loop {
        let fresh = reader.buffer().is_empty();
        let limit = if data.is_some() {
            LIMITS.text_line
        } else {
            LIMITS.command_line
        };
        let read = tokio::time::timeout(
            LIMITS.idle,
            read_line(&mut reader, &mut line, limit, data.is_some()),
        )
        .await
        .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))??;
        // In DATA, a client may write the message and its terminating dot separately and
        // hold the second write until the first is acknowledged (Nagle); Linux would
        // delay that ACK by 40 ms. Acknowledge fresh bytes at once.
        if data.is_some() && fresh {
            let _ = socket2::SockRef::from(reader.get_ref().as_ref()).set_tcp_quickack(true);
        }
        // A command line read once as `BDAT`, if it is one (never within DATA's text).
        let bdat = match (&read, &data) {
            (LineRead::Line, None) => chunking::command(&line),
            _ => None,
        };
        match (read, data.as_mut()) {
            (LineRead::Eof, _) => return Ok(()),
            (LineRead::TooLong, None) => out.extend_from_slice(b"500 5.5.2 Line too long\r\n"),
            (LineRead::TooLong, Some(d)) => d.refuse(Refusal::LongLine),
            (LineRead::Line, Some(d)) if line == b".\r\n" => {
                let refusal = d.refusal;
                data = None;
                if !end_message(&mut smtp, refusal, &discard, &fault, &mut out)? {
                    return Ok(());
                }
            }
            (LineRead::Line, Some(d)) => {
                if d.take(line.len()) {
                    let _ = smtp.process(&line);
                }
            }
            (LineRead::Line, None) if chunks.is_some() || bdat.is_some() => {
                let go_on = match bdat {
                    Some(Ok(bdat)) => {
                        let mut chunk = chunking::Chunk {
                            reader: &mut reader,
                            smtp: &mut smtp,
                            chunks: &mut chunks,
                            store: &store,
                            out: &mut out,
                        };
                        chunk.take(bdat, &discard, &fault).await?
                    }
                    Some(Err(reply)) => {
                        out.extend_from_slice(reply);
                        true
                    }
                    None => {
                        chunking::within_chunks(&line, &mut smtp, &mut chunks, &discard, &mut out)
                    }
                };
                if !go_on {
                    write.write_all(&out).await?;
                    return Ok(());
                }
            }
            (LineRead::Line, None) => match mail_from_size(&line) {
                Some(Err(reply)) => out.extend_from_slice(reply),
                size => {
                    if let Some(Ok(stripped)) = size {
                        line = stripped;
                    }
                    let res = smtp.process(&line);
                    if res.code == 354 {
                        data = Some(DataState::new(store.clone()));
                    }
                    if res.code == 250 && is_ehlo(&line) {
                        out.extend_from_slice(ehlo_reply().as_bytes());
                    } else if res.action != Action::NoReply {
                        res.write_to(&mut out)?;
                    }
                    if matches!(res.action, Action::Close | Action::UpgradeTls) {
                        write.write_all(&out).await?;
                        return Ok(());
                    }
                }
            },
        }
        // Replies to pipelined commands go out together once no whole command is left
        // to read (RFC 2920 §4: the server may not wait for a command not yet sent).
        if !out.is_empty() && !reader.buffer().contains(&b'\n') {
            write.write_all(&out).await?;
            out.clear();
        }
    }
}

/// The EHLO reply: what the catcher offers (no STARTTLS: it speaks plain SMTP only;
/// PIPELINING, RFC 2920: it reads commands from a buffer and answers them in order;
/// CHUNKING, RFC 3030: `BDAT`).
fn ehlo_reply() -> String {
    format!(
        "250-{NAME}\r\n250-8BITMIME\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 SIZE {}\r\n",
        LIMITS.message
    )
}

/// Ends the message in progress (its text is all in): stored, or refused with `refusal`,
/// or answered as a scripted fault says. False when the connection is to end unanswered.
pub(super) fn end_message(
    smtp: &mut mailin::Session<Session>,
    refusal: Option<Refusal>,
    discard: &AtomicBool,
    fault: &Mutex<Option<FaultAnswer>>,
    out: &mut Vec<u8>,
) -> std::io::Result<bool> {
    discard.store(refusal.is_some(), Ordering::Release);
    let res = smtp.process(b".\r\n");
    let scripted = fault.lock().unwrap_or_else(|p| p.into_inner()).take();
    match (refusal, scripted) {
        (Some(r), _) => out.extend_from_slice(r.reply()),
        // A scripted fault: the connection ends without an answer.
        (None, Some(FaultAnswer::HangUp)) => return Ok(false),
        (None, Some(FaultAnswer::Reply(reply))) => out.extend_from_slice(reply),
        (None, None) => res.write_to(out)?,
    }
    Ok(true)
}

fn is_ehlo(line: &[u8]) -> bool {
    line.len() >= 4 && line[..4].eq_ignore_ascii_case(b"EHLO")
}

/// A `MAIL FROM` line's `SIZE=` parameter (RFC 1870): a refusal when the declared size
/// is over the limit, else the line without it (mailin does not read parameters).
fn mail_from_size(line: &[u8]) -> Option<Result<Vec<u8>, &'static [u8]>> {
    if line.len() < 10 || !line[..10].eq_ignore_ascii_case(b"MAIL FROM:") {
        return None;
    }
    let text = std::str::from_utf8(line).ok()?;
    let body = text.trim_end_matches(['\r', '\n']);
    let mut kept = Vec::new();
    let mut found = false;
    for (i, word) in body.split(' ').enumerate() {
        let is_size = i > 0 && word.len() > 5 && word[..5].eq_ignore_ascii_case("SIZE=");
        if !is_size {
            kept.push(word);
            continue;
        }
        found = true;
        match word[5..].parse::<u64>() {
            Ok(n) if n <= LIMITS.message as u64 => {}
            Ok(_) => {
                return Some(Err(
                    b"552 5.3.4 Message size exceeds fixed maximum message size\r\n",
                ));
            }
            Err(_) => return Some(Err(b"501 5.5.4 Bad SIZE parameter\r\n")),
        }
    }
    found.then(|| Ok(format!("{}\r\n", kept.join(" ")).into_bytes()))
}

/// What a message in progress has used, and why it will be refused, if it will. Its
/// bytes count towards [`Limits::buffered`] until it ends, however it ends.
pub(super) struct DataState {
    store: Arc<Store>,
    size: usize,
    pub(super) refusal: Option<Refusal>,
}

impl Drop for DataState {
    fn drop(&mut self) {
        self.store.buffered.fetch_sub(self.size, Ordering::AcqRel);
    }
}

impl DataState {
    pub(super) fn new(store: Arc<Store>) -> DataState {
        DataState {
            store,
            size: 0,
            refusal: None,
        }
    }
    /// Counts a text line; false when it must not be kept (the message is refused).
    pub(super) fn take(&mut self, len: usize) -> bool {
        if self.refusal.is_some() {
            return false;
        }
        if self.size + len > LIMITS.message {
            self.refuse(Refusal::TooBig);
            return false;
        }
        let held = self.store.buffered.fetch_add(len, Ordering::AcqRel);
        self.size += len;
        if held + len > LIMITS.buffered {
            self.refuse(Refusal::Storage);
            return false;
        }
        true
    }
    pub(super) fn refuse(&mut self, why: Refusal) {
        self.refusal.get_or_insert(why);
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Refusal {
    LongLine,
    TooBig,
    Storage,
}

impl Refusal {
    fn reply(self) -> &'static [u8] {
        match self {
            Refusal::LongLine => b"552 5.3.4 Message has a line over 1000 octets\r\n",
            Refusal::TooBig => b"552 5.3.4 Message size exceeds fixed maximum message size\r\n",
            Refusal::Storage => b"452 4.3.1 Insufficient system storage\r\n",
        }
    }
}

enum LineRead {
    Line,
    TooLong,
    Eof,
}

/// Reads one line into `line` (cleared first), at most `max` octets with its ending;
/// the rest of a longer line is read and dropped. Commands end at LF (as most servers
/// accept); message text ends only at CRLF, so a bare LF never ends a text line and
/// `\n.\r\n` cannot end the message (no SMTP smuggling).
async fn read_line<R: tokio::io::AsyncRead + Unpin>(
    reader: &mut tokio::io::BufReader<R>,
    line: &mut Vec<u8>,
    max: usize,
    crlf_only: bool,
) -> std::io::Result<LineRead> {
    use tokio::io::AsyncBufReadExt;
    line.clear();
    let mut too_long = false;
    let mut prev_cr = false;
    loop {
        let buf = reader.fill_buf().await?;
        if buf.is_empty() {
            return Ok(LineRead::Eof);
        }
        let (chunk, ended) = match buf.iter().position(|&b| b == b'\n') {
            Some(i) => {
                let cr = if i > 0 { buf[i - 1] == b'\r' } else { prev_cr };
                (i + 1, cr || !crlf_only)
            }
            None => (buf.len(), false),
        };
        prev_cr = buf[chunk - 1] == b'\r';
        if !too_long && line.len() + chunk <= max {
            line.extend_from_slice(&buf[..chunk]);
        } else {
            too_long = true;
            line.clear();
        }
        reader.consume(chunk);
        if ended {
            return Ok(if too_long {
                LineRead::TooLong
            } else {
                LineRead::Line
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn size_parameter_is_read_and_removed() {
        let ok = mail_from_size(b"MAIL FROM:<a@b> SIZE=100 BODY=8BITMIME\r\n");
        assert_eq!(ok, Some(Ok(b"MAIL FROM:<a@b> BODY=8BITMIME\r\n".to_vec())));
        let big = format!("MAIL FROM:<a@b> SIZE={}\r\n", LIMITS.message + 1);
        assert!(matches!(mail_from_size(big.as_bytes()), Some(Err(r)) if r.starts_with(b"552")));
        assert_eq!(mail_from_size(b"MAIL FROM:<a@b>\r\n"), None);
        assert_eq!(mail_from_size(b"RCPT TO:<a@b>\r\n"), None);
    }
}
