//! The care plan data linkage's rules with a range (CPL-3, CPL-4): any valid CSV arrives
//! byte for byte, whatever its encoding; licence dates and amounts; a refused file
//! changes nothing.

use eseikyu::domain::OfficeNumber;
use eseikyu::domain::linkage::{self, DataKind, Linkage, Payment, Status};
use eseikyu::profile::{LinkageProfile, Profile};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;

fn profile() -> LinkageProfile {
    Profile::r2025_12().linkage
}

fn office(n: &str) -> OfficeNumber {
    OfficeNumber::parse(n).expect("office number")
}

/// A linkage where both offices hold a licence from `at`.
fn licensed(at: Timestamp) -> Linkage {
    let mut l = Linkage::default();
    for o in ["1311111111", "1322222222"] {
        l.apply(&office(o), 1, Payment::Deduction, at, &profile())
            .expect("licence");
    }
    l
}

/// Text a care software writes: ASCII, kana, kanji, and the characters CSV must quote.
fn field() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 あ-んア-ン被保険者訪問介護週回、。,\"\n]{0,12}")
        .expect("regex")
}

#[derive(Debug, Clone, Copy)]
enum Written {
    Utf8,
    Utf8Bom,
    ShiftJis,
}

fn csv_bytes(rows: &[Vec<String>], crlf: bool, written: Written) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .flexible(true)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    for r in rows {
        w.write_record(r).expect("write");
    }
    let text = String::from_utf8(w.into_inner().expect("flush")).expect("utf-8");
    match written {
        Written::Utf8 => text.into_bytes(),
        Written::Utf8Bom => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
        Written::ShiftJis => encoding_rs::SHIFT_JIS.encode(&text).0.into_owned(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// CPL-4: upload → send → receive → download gives back exactly the bytes uploaded.
    #[test]
    fn any_valid_csv_arrives_byte_for_byte(
        rows in prop::collection::vec(prop::collection::vec(field(), 1..8), 1..20)
            .prop_filter("a record with data", |rows| rows.iter().flatten().any(|f| !f.trim().is_empty())),
        crlf in any::<bool>(),
        written in prop_oneof![Just(Written::Utf8), Just(Written::Utf8Bom), Just(Written::ShiftJis)],
        kind in prop_oneof![Just(DataKind::Plan), Just(DataKind::Actual)],
    ) {
        let at: Timestamp = "2026-04-10T09:00:00+09:00".parse().unwrap();
        let bytes = csv_bytes(&rows, crlf, written);
        let mut l = licensed(at);
        let (from, to) = (office("1311111111"), office("1322222222"));
        let id = l.upload(&from, to.as_str(), kind, "plan.csv", &bytes, at, &profile());
        prop_assert!(id.is_ok(), "refused: {:?}", id);
        let id = id.unwrap();
        prop_assert_eq!(l.send(&from, at), Ok(1));
        prop_assert_eq!(l.inbox(&to)[0].status(), Status::Sent);
        let later = at + SignedDuration::from_mins(5);
        l.receive(&to, id, later).unwrap();
        let got = l.download(&to, id).unwrap();
        prop_assert_eq!(&got.1, &bytes);
        let t = l.outbox(&from)[0];
        prop_assert_eq!(t.status(), Status::Received);
        prop_assert_eq!((t.sent, t.received), (Some(at), Some(later)));
    }

    /// CPL-4: whatever bytes a file has, a refused upload changes nothing, and an accepted
    /// one keeps its bytes.
    #[test]
    fn a_refused_file_changes_nothing(bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let at: Timestamp = "2026-04-10T09:00:00+09:00".parse().unwrap();
        let mut l = licensed(at);
        let from = office("1311111111");
        let checked = linkage::check_file("x.csv", &bytes, profile().max_file_bytes);
        let uploaded = l.upload(&from, "1322222222", DataKind::Plan, "x.csv", &bytes, at, &profile());
        prop_assert_eq!(checked.is_ok(), uploaded.is_ok());
        match uploaded {
            Ok(_) => prop_assert_eq!(&l.outbox(&from)[0].bytes, &bytes),
            Err(_) => prop_assert!(l.outbox(&from).is_empty()),
        }
    }

    /// CPL-3: a licence runs whole days, from 00:00 JST of the day of application for
    /// `years` years; the fee is 21,000円 a year; a renewal follows on without a gap.
    #[test]
    fn licence_dates_and_fees(
        secs in 1_681_916_400i64..4_102_444_800i64,
        years in 1u8..=3,
        renewal_share in 0.0f64..1.0,
    ) {
        let now = Timestamp::from_second(secs).unwrap();
        let o = office("1311111111");
        let mut l = Linkage::default();
        let lic = l.apply(&o, years, Payment::Invoice, now, &profile()).unwrap();
        let day = now.to_zoned(eseikyu::clock::jst());
        let start = day.start_of_day().unwrap();
        prop_assert_eq!(lic.from, start.timestamp());
        let end = lic.to.to_zoned(eseikyu::clock::jst());
        prop_assert_eq!((end.hour(), end.minute(), end.second()), (0, 0, 0));
        prop_assert_eq!(end.year(), day.year() + i16::from(years));
        prop_assert_eq!(lic.amount, 21_000 * u32::from(years));
        prop_assert!(lic.valid_at(now));
        prop_assert!(lic.valid_at(lic.to - SignedDuration::from_secs(1)));
        prop_assert!(!lic.valid_at(lic.to));
        prop_assert!(l.licence(&o, lic.to).is_none());
        // A renewal at any instant of the licence starts where it ends.
        let span = (lic.to.as_second() - now.as_second()) as f64;
        let at = now + SignedDuration::from_secs((span * renewal_share) as i64);
        let next = l.apply(&o, 1, Payment::Deduction, at, &profile()).unwrap();
        prop_assert_eq!(next.from, lic.to);
        prop_assert!(l.licence(&o, lic.to).is_some());
    }
}

#[test]
fn the_contract_is_one_to_three_years_and_needs_a_licence_to_send() {
    let at: Timestamp = "2026-04-10T09:00:00+09:00".parse().unwrap();
    let o = office("1311111111");
    let mut l = Linkage::default();
    for years in [0, 4] {
        assert!(
            l.apply(&o, years, Payment::Deduction, at, &profile())
                .is_err()
        );
    }
    l.upload(
        &o,
        "1322222222",
        DataKind::Plan,
        "a.csv",
        b"1,2\n",
        at,
        &profile(),
    )
    .expect("uploads without a licence");
    assert_eq!(l.send(&o, at), Err(linkage::LinkageError::NoLicence));
    l.apply(&o, 1, Payment::Deduction, at, &profile()).unwrap();
    assert_eq!(
        l.send(&o, at),
        Err(linkage::LinkageError::RecipientNotUsing)
    );
    assert_eq!(l.outbox(&o)[0].status(), Status::Unsent);
}

#[test]
fn files_are_checked_as_the_client_would() {
    use linkage::FileError::*;
    let max = 10;
    let check = |name: &str, bytes: &[u8]| linkage::check_file(name, bytes, max).map(|(_, n)| n);
    assert_eq!(check("a.CSV", b"1,2\n"), Ok(1));
    assert_eq!(check(".csv", b"1\n"), Err(NotCsv));
    assert_eq!(check("a/b.csv", b"1\n"), Err(NotCsv));
    assert_eq!(check("a.csv", b"0123456789a"), Err(TooLarge { max }));
    assert_eq!(check("a.csv", b"\"a\n"), Err(Malformed { line: 1 }));
    assert_eq!(check("a.csv", b"\"a\"\"\",b\n"), Ok(1));
    assert_eq!(check("a.csv", b"\xff\n"), Err(Encoding));
    // Shift_JIS 「介護」 is not UTF-8 and is read as Shift_JIS.
    assert_eq!(check("a.csv", b"\x89\xee\x8c\xec\n"), Ok(1));
}
