//! The ケアプランデータ連携システム (CPL, seed 003): each office's licence, and the hub
//! (ケアプランデータ連携基盤) through which care offices send each other the monthly plan
//! (予定) and actual (実績) CSV files: upload → send → receive → download.

use super::ids::OfficeNumber;
use crate::profile::LinkageProfile;
use jiff::{Timestamp, ToSpan};

/// Which file of 003's two flows: the plan (予定) goes from the 居宅介護支援事業所 to the
/// service office, the actuals (実績) come back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataKind {
    Plan,
    Actual,
}

/// CPL-3: how the licence fee is paid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Payment {
    /// Deducted from the 介護給付費 the federation pays, as certificate fees are.
    Deduction,
    /// By bank transfer on an invoice the federation posts.
    Invoice,
}

/// CPL-3: one licence: a contract of `years` whole years from `from`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Licence {
    pub office: OfficeNumber,
    pub applied: Timestamp,
    pub from: Timestamp,
    /// The first instant it no longer covers.
    pub to: Timestamp,
    pub years: u8,
    /// Yearly fee × years.
    pub amount: u32,
    pub payment: Payment,
}

impl Licence {
    pub fn valid_at(&self, now: Timestamp) -> bool {
        self.from <= now && now < self.to
    }
    /// The last instant it covers (a second before `to`): its last day, as screens and
    /// letters print it.
    pub fn last(&self) -> Timestamp {
        self.to
            .checked_sub(jiff::SignedDuration::from_secs(1))
            .unwrap_or(self.to)
    }
}

/// Where a file is on its way (CPL-4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Uploaded to the sender's client, not sent yet.
    Unsent,
    /// In the hub, not received yet.
    Sent,
    /// Received by the office it was sent to.
    Received,
}

/// How a file's text was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    ShiftJis,
}

/// One file on its way from one office to another.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transfer {
    /// 1-based, in upload order within the world.
    pub id: usize,
    pub kind: DataKind,
    pub from: OfficeNumber,
    pub to: OfficeNumber,
    pub name: String,
    /// Exactly the bytes uploaded: they arrive unchanged.
    pub bytes: Vec<u8>,
    pub encoding: Encoding,
    pub records: usize,
    pub uploaded: Timestamp,
    pub sent: Option<Timestamp>,
    pub received: Option<Timestamp>,
    pub downloads: u32,
}

impl Transfer {
    pub fn status(&self) -> Status {
        match (self.sent, self.received) {
            (_, Some(_)) => Status::Received,
            (Some(_), None) => Status::Sent,
            _ => Status::Unsent,
        }
    }
}

/// Why a file is refused at upload (CPL-4); nothing changes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("no file chosen")]
    Missing,
    #[error("not a CSV file name")]
    NotCsv,
    #[error("empty")]
    Empty,
    #[error("larger than {max} bytes")]
    TooLarge { max: usize },
    #[error("neither UTF-8 nor Shift_JIS text")]
    Encoding,
    #[error("not well-formed CSV at line {line}")]
    Malformed { line: u64 },
}

/// Why the hub refuses a step (CPL-3, CPL-4); nothing changes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LinkageError {
    #[error("the sender has no valid licence")]
    NoLicence,
    #[error("the recipient is not a 事業所番号")]
    BadRecipient,
    #[error("the recipient does not use the linkage system")]
    RecipientNotUsing,
    #[error("an office cannot send to itself")]
    ToSelf,
    #[error("the hub holds as many files as it may")]
    Full,
    #[error("nothing to send")]
    NothingToSend,
    #[error("no such file for this office")]
    NoSuchFile,
    #[error("the contract is 1 to {max} years")]
    Years { max: u8 },
}

/// The licences and the hub of one world.
#[derive(Clone, Debug, Default)]
pub struct Linkage {
    licences: Vec<Licence>,
    transfers: Vec<Transfer>,
}

impl Linkage {
    /// Every licence, in the order applied for.
    pub fn licences(&self) -> &[Licence] {
        &self.licences
    }
    /// Every file, in upload order (a file's id is its place, from 1).
    pub fn transfers(&self) -> &[Transfer] {
        &self.transfers
    }

    /// CPL-3: the licence of `office` valid at `now`.
    pub fn licence(&self, office: &OfficeNumber, now: Timestamp) -> Option<&Licence> {
        self.licences
            .iter()
            .rev()
            .find(|l| l.office == *office && l.valid_at(now))
    }

    /// The licence of `office` that ends last, valid or not.
    pub fn last_licence(&self, office: &OfficeNumber) -> Option<&Licence> {
        self.licences
            .iter()
            .filter(|l| l.office == *office)
            .max_by_key(|l| l.to)
    }

    /// CPL-3: a contract of `years` whole years at the fee of `now`, from the start (00:00
    /// JST) of the day of application or from the end of the licence still running
    /// (ASSUMPTION: whole days; a renewal follows on, no gap and no overlap).
    pub fn apply(
        &mut self,
        office: &OfficeNumber,
        years: u8,
        payment: Payment,
        now: Timestamp,
        profile: &LinkageProfile,
    ) -> Result<Licence, LinkageError> {
        if years == 0 || years > profile.max_years {
            return Err(LinkageError::Years {
                max: profile.max_years,
            });
        }
        let from = self
            .last_licence(office)
            .map(|l| l.to)
            .filter(|to| *to > now)
            .unwrap_or_else(|| start_of_day(now));
        let to = years_after(from, years);
        let licence = Licence {
            office: office.clone(),
            applied: now,
            from,
            to,
            years,
            amount: profile.fee_at(now) * u32::from(years),
            payment,
        };
        self.licences.push(licence.clone());
        Ok(licence)
    }

    /// CPL-4 ②: a checked file uploaded to the sender's client, addressed to `to`.
    #[allow(clippy::too_many_arguments)]
    pub fn upload(
        &mut self,
        from: &OfficeNumber,
        to: &str,
        kind: DataKind,
        name: &str,
        bytes: &[u8],
        now: Timestamp,
        profile: &LinkageProfile,
    ) -> Result<usize, UploadError> {
        let to = OfficeNumber::parse(to).ok_or(LinkageError::BadRecipient)?;
        if to == *from {
            return Err(LinkageError::ToSelf.into());
        }
        let (encoding, records) = check_file(name, bytes, profile.max_file_bytes)?;
        let held: usize = self.transfers.iter().map(|t| t.bytes.len()).sum();
        if self.transfers.len() >= profile.max_files
            || held.saturating_add(bytes.len()) > profile.max_total_bytes
        {
            return Err(LinkageError::Full.into());
        }
        let id = self.transfers.len() + 1;
        self.transfers.push(Transfer {
            id,
            kind,
            from: from.clone(),
            to,
            name: name.to_string(),
            bytes: bytes.to_vec(),
            encoding,
            records,
            uploaded: now,
            sent: None,
            received: None,
            downloads: 0,
        });
        Ok(id)
    }

    /// CPL-4 ③: sends every file `from` has uploaded and not sent. Needs a valid licence
    /// (CPL-3), and each recipient must use the system (hold a valid licence); otherwise
    /// nothing is sent.
    pub fn send(&mut self, from: &OfficeNumber, now: Timestamp) -> Result<usize, LinkageError> {
        if self.licence(from, now).is_none() {
            return Err(LinkageError::NoLicence);
        }
        let waiting: Vec<usize> = self
            .transfers
            .iter()
            .filter(|t| t.from == *from && t.status() == Status::Unsent)
            .map(|t| t.id)
            .collect();
        if waiting.is_empty() {
            return Err(LinkageError::NothingToSend);
        }
        for id in &waiting {
            let to = &self.transfers[id - 1].to;
            if self.licence(to, now).is_none() {
                return Err(LinkageError::RecipientNotUsing);
            }
        }
        for id in &waiting {
            self.transfers[id - 1].sent = Some(now);
        }
        Ok(waiting.len())
    }

    /// The files `office` uploaded, newest first.
    pub fn outbox(&self, office: &OfficeNumber) -> Vec<&Transfer> {
        self.transfers
            .iter()
            .rev()
            .filter(|t| t.from == *office)
            .collect()
    }

    /// CPL-4 ④: the files sent to `office`, newest first.
    pub fn inbox(&self, office: &OfficeNumber) -> Vec<&Transfer> {
        self.transfers
            .iter()
            .rev()
            .filter(|t| t.to == *office && t.sent.is_some())
            .collect()
    }

    /// CPL-4 ④: receives a file from the hub.
    pub fn receive(
        &mut self,
        office: &OfficeNumber,
        id: usize,
        now: Timestamp,
    ) -> Result<(), LinkageError> {
        self.own(office, id, |t, o| t.to == *o && t.sent.is_some())?;
        let t = &mut self.transfers[id - 1];
        if t.received.is_none() {
            t.received = Some(now);
        }
        Ok(())
    }

    /// CPL-4 ⑤: downloads a received file: its name and bytes.
    pub fn download(
        &mut self,
        office: &OfficeNumber,
        id: usize,
    ) -> Result<(String, Vec<u8>), LinkageError> {
        self.own(office, id, |t, o| t.to == *o && t.received.is_some())?;
        let t = &mut self.transfers[id - 1];
        t.downloads += 1;
        Ok((t.name.clone(), t.bytes.clone()))
    }

    fn own(
        &self,
        office: &OfficeNumber,
        id: usize,
        mine: impl Fn(&Transfer, &OfficeNumber) -> bool,
    ) -> Result<&Transfer, LinkageError> {
        id.checked_sub(1)
            .and_then(|i| self.transfers.get(i))
            .filter(|t| mine(t, office))
            .ok_or(LinkageError::NoSuchFile)
    }
}

/// An upload refused for its file or for the hub.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UploadError {
    #[error(transparent)]
    File(#[from] FileError),
    #[error(transparent)]
    Hub(#[from] LinkageError),
}

/// CPL-4: a file the client takes: a `.csv` name, not empty, at most `max` bytes, text in
/// UTF-8 (with or without BOM) or Shift_JIS, without control characters but tab and line
/// ends, and well-formed CSV as the csv crate reads it (records may differ in length, as
/// the standard format's record kinds do). Returns the encoding and the record count.
pub fn check_file(name: &str, bytes: &[u8], max: usize) -> Result<(Encoding, usize), FileError> {
    if name.is_empty() {
        return Err(FileError::Missing);
    }
    let csv_name = name
        .rsplit_once('.')
        .is_some_and(|(stem, ext)| !stem.is_empty() && ext.eq_ignore_ascii_case("csv"));
    if !csv_name || name.contains(['/', '\\']) || name.chars().any(char::is_control) {
        return Err(FileError::NotCsv);
    }
    if bytes.len() > max {
        return Err(FileError::TooLarge { max });
    }
    let (text, encoding) = decode(bytes)?;
    if has_control(&text) {
        return Err(FileError::Encoding);
    }
    if let Some(line) = unclosed_quote(&text) {
        return Err(FileError::Malformed { line });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    // One record read into again and again: a 10 MiB file has 650,000 lines.
    let mut record = csv::StringRecord::new();
    let mut records = 0;
    loop {
        match reader.read_record(&mut record) {
            Ok(true) if record.iter().any(|f| !f.trim().is_empty()) => records += 1,
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(FileError::Malformed {
                    line: e.position().map_or(0, |p| p.line()),
                });
            }
        }
    }
    if records == 0 {
        return Err(FileError::Empty);
    }
    Ok((encoding, records))
}

/// Whether `text` holds a control character (Unicode's Cc: U+0000–U+001F, U+007F,
/// U+0080–U+009F) other than a tab or a line ending. Read as bytes, 64 at a time: in
/// UTF-8 the C0 controls and DEL are single bytes, the C1 controls are `C2 80`–`C2 9F`,
/// and `C2` is only ever a lead byte; a block with none of these bytes needs no closer look.
fn has_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    let suspect =
        |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) || b == 0x7f || b == 0xc2;
    let control = |i: usize| match bytes[i] {
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..=0x9f).contains(n)),
        b => suspect(b),
    };
    bytes.chunks(64).enumerate().any(|(n, block)| {
        block.iter().fold(false, |seen, &b| seen | suspect(b))
            && (n * 64..n * 64 + block.len()).any(control)
    })
}

/// RFC 4180: a quoted field ends with its quote. The csv crate reads an unclosed quote
/// to the end of the file without complaint, so it is looked for here: the line (1-based)
/// where the quote that is never closed opens. Read as bytes (quotes, commas and line
/// endings are ASCII, and no byte of a longer UTF-8 character is); most files have no
/// quote at all.
fn unclosed_quote(text: &str) -> Option<u64> {
    if !text.contains('"') {
        return None;
    }
    let (mut open, mut line, mut opened_at, mut field_start) = (false, 1u64, 0u64, true);
    let mut bytes = text.bytes().peekable();
    while let Some(c) = bytes.next() {
        match (open, c) {
            (true, b'"') if bytes.peek() == Some(&b'"') => {
                bytes.next();
            }
            (true, b'"') => open = false,
            (false, b'"') if field_start => {
                open = true;
                opened_at = line;
            }
            _ => {}
        }
        if c == b'\n' {
            line += 1;
        }
        field_start = !open && matches!(c, b',' | b'\n' | b'\r');
    }
    open.then_some(opened_at)
}

/// UTF-8 (a BOM is allowed; borrowed, not copied) or else Shift_JIS, both without a
/// replaced character.
fn decode(bytes: &[u8]) -> Result<(std::borrow::Cow<'_, str>, Encoding), FileError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(body) {
        return Ok((s.into(), Encoding::Utf8));
    }
    encoding_rs::SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| (s, Encoding::ShiftJis))
        .ok_or(FileError::Encoding)
}

/// 00:00 JST of the day of `t`.
pub fn start_of_day(t: Timestamp) -> Timestamp {
    t.to_zoned(crate::clock::jst())
        .start_of_day()
        .map(|z| z.timestamp())
        .unwrap_or(t)
}

/// The same calendar day and time `years` years later, in JST (a 29 February start ends
/// on 28 February).
pub fn years_after(from: Timestamp, years: u8) -> Timestamp {
    let zoned = from.to_zoned(crate::clock::jst());
    zoned
        .checked_add(i64::from(years).years())
        .map(|z| z.timestamp())
        .unwrap_or(from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The plain reading the byte scans must agree with: character by character.
    fn control_by_chars(text: &str) -> bool {
        text.chars()
            .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
    }

    fn unclosed_by_chars(text: &str) -> Option<u64> {
        let (mut open, mut line, mut opened_at, mut field_start) = (false, 1u64, 0u64, true);
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match (open, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                }
                (true, '"') => open = false,
                (false, '"') if field_start => {
                    open = true;
                    opened_at = line;
                }
                _ => {}
            }
            if c == '\n' {
                line += 1;
            }
            field_start = !open && matches!(c, ',' | '\n' | '\r');
        }
        open.then_some(opened_at)
    }

    /// Texts made of what the scans look at: quotes, commas, line endings, tabs, C0 and
    /// C1 controls, DEL, characters whose UTF-8 starts with `C2` (¥, NBSP) or holds
    /// `80`–`9F` after another lead byte (介, ア), and long runs of plain text.
    fn texts() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "\"",
            "\"\"",
            ",",
            "\n",
            "\r\n",
            "\r",
            "\t",
            "\u{0}",
            "\u{1f}",
            "\u{7f}",
            "\u{80}",
            "\u{85}",
            "\u{9f}",
            "\u{a0}",
            "¥",
            "介護",
            "ア",
            "\u{3000}",
            "a",
            "1234567890",
            "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz",
        ]);
        prop::collection::vec(pieces, 0..120).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// CPL-4: the file check's byte scans find what a character-by-character reading
        /// finds, wherever a 64-byte block happens to cut the text.
        #[test]
        fn byte_scans_agree_with_reading_by_characters(text in texts()) {
            prop_assert_eq!(has_control(&text), control_by_chars(&text));
            prop_assert_eq!(unclosed_quote(&text), unclosed_by_chars(&text));
        }
    }

    #[test]
    fn a_control_character_is_found_at_either_side_of_a_block() {
        for at in [0, 62, 63, 64, 127, 128] {
            let mut text = "a".repeat(200);
            text.insert(at, '\u{85}');
            assert!(has_control(&text), "U+0085 at {at}");
            assert!(!has_control(&text.replace('\u{85}', "¥")), "¥ at {at}");
        }
    }
}
