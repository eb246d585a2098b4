//! How instants, durations and 事業所番号 are written where they cross as JSON (the
//! control API and its OpenAPI document, whose patterns these are, a test holds them
//! equal): checked before a value is read, so that what the document allows is taken and
//! what it forbids is refused. [`Command`](crate::Command)'s fields are read and written so.

use std::sync::LazyLock;

/// An instant: RFC 3339 with its offset, in the simulated years' centuries (the exact
/// range, 1900-01-01T00:00+09:00 to before 2200-01-01T00:00+09:00, is checked after).
pub const INSTANT: &str = r"^(19|20|21)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt]([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,9})?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$";

/// A duration: days, hours, minutes and seconds in that order (`29m59s`, `8d`), or ISO
/// 8601 (`P8D`, `PT29M59S`, `P1W`); at most 9999 days, so it never leaves the years.
pub const DURATION: &str = r"^([0-9]{1,4}d([0-9]{1,5}h)?([0-9]{1,6}m)?([0-9]{1,8}s)?|[0-9]{1,5}h([0-9]{1,6}m)?([0-9]{1,8}s)?|[0-9]{1,6}m([0-9]{1,8}s)?|[0-9]{1,8}s|P([0-9]{1,3}W|[0-9]{1,4}D(T([0-9]{1,5}H([0-9]{1,6}M)?([0-9]{1,8}S)?|[0-9]{1,6}M([0-9]{1,8}S)?|[0-9]{1,8}S))?|T([0-9]{1,5}H([0-9]{1,6}M)?([0-9]{1,8}S)?|[0-9]{1,6}M([0-9]{1,8}S)?|[0-9]{1,8}S)))$";

/// A 事業所番号: 10 digits starting with a prefecture code 01–47 (ACC-1).
pub const OFFICE_NUMBER: &str = r"^(0[1-9]|[1-3][0-9]|4[0-7])[0-9]{8}$";

/// An instant written as the document says, read; the reader's own reason first (out of
/// the years, not a date), else the pattern's.
pub fn instant(field: &str, value: &str) -> Result<jiff::Timestamp, String> {
    let t = eseikyu_core::clock::parse_instant(value)?;
    checked(field, value, INSTANT).map(|_| t)
}

/// A duration written as the document says, read, as [`instant`].
pub fn duration(field: &str, value: &str) -> Result<jiff::SignedDuration, String> {
    let d = eseikyu_core::clock::parse_duration(value)?;
    checked(field, value, DURATION).map(|_| d)
}

/// `value` if it is written as `pattern` says; else why not, naming the field.
pub fn checked<'a>(field: &str, value: &'a str, pattern: &'static str) -> Result<&'a str, String> {
    static COMPILED: LazyLock<[(&str, regex::Regex); 3]> = LazyLock::new(|| {
        [INSTANT, DURATION, OFFICE_NUMBER].map(|p| (p, regex::Regex::new(p).expect("a pattern")))
    });
    let matches = COMPILED
        .iter()
        .find(|(p, _)| *p == pattern)
        .is_some_and(|(_, re)| re.is_match(value));
    if matches {
        Ok(value)
    } else {
        Err(format!(
            "`{field}` {value:?} is not written as the document says ({pattern})"
        ))
    }
}

/// An instant as a command's JSON writes it: RFC 3339 in JST (with its fraction of a
/// second, if it has one); read as [`instant`] does.
pub mod instant_text {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(t: &jiff::Timestamp, s: S) -> Result<S::Ok, S::Error> {
        let text = t
            .to_zoned(eseikyu_core::clock::jst())
            .strftime("%Y-%m-%dT%H:%M:%S%.f%:z")
            .to_string();
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<jiff::Timestamp, D::Error> {
        let text = String::deserialize(d)?;
        super::instant("at", &text).map_err(D::Error::custom)
    }
}

/// A duration as a command's JSON writes it: days, then seconds (`8d`, `1d3600s`,
/// `1799s`); read as [`duration`] does.
pub mod duration_text {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(by: &jiff::SignedDuration, s: S) -> Result<S::Ok, S::Error> {
        let secs = by.as_secs();
        let (days, rest) = (secs / 86_400, secs % 86_400);
        let text = match (days, rest) {
            (0, r) => format!("{r}s"),
            (d, 0) => format!("{d}d"),
            (d, r) => format!("{d}d{r}s"),
        };
        s.serialize_str(&text)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<jiff::SignedDuration, D::Error> {
        let text = String::deserialize(d)?;
        super::duration("by", &text).map_err(D::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_takes_what_the_readme_writes_and_refuses_the_rest() {
        for ok in [
            "30m", "29m59s", "1h", "2d", "8d1h", "P8D", "PT29M59S", "P1W", "P1DT1H",
        ] {
            assert!(checked("by", ok, DURATION).is_ok(), "{ok}");
        }
        for bad in ["", "P", "PT", "1m1d", "99999d", "8 d", "P1M", "-1d"] {
            assert!(checked("by", bad, DURATION).is_err(), "{bad}");
        }
        for ok in [
            "2026-01-10T10:00:00+09:00",
            "1900-01-01T00:00:00+09:00",
            "2026-01-10t01:00:00.5z",
        ] {
            assert!(checked("at", ok, INSTANT).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "2026-01-10 10:00:00+09:00",
            "2026-01-10T10:00:00+0900",
            "2226-01-10T10:00:00Z",
        ] {
            assert!(checked("at", bad, INSTANT).is_err(), "{bad}");
        }
        assert!(checked("number", "1311111111", OFFICE_NUMBER).is_ok());
        assert!(checked("number", "4811111111", OFFICE_NUMBER).is_err());
    }

    #[test]
    fn an_instant_is_written_as_it_is_read() {
        for text in ["2026-01-10T10:00:00+09:00", "2026-01-10T10:00:00.5+09:00"] {
            let at: jiff::Timestamp = text.parse().expect("an instant");
            let json = serde_json::to_value(crate::Command::SetClock { at }).expect("writes");
            assert_eq!(json["at"], text);
            let back: crate::Command = serde_json::from_value(json).expect("reads");
            assert_eq!(back, crate::Command::SetClock { at });
        }
    }

    #[test]
    fn a_duration_is_written_as_it_is_read() {
        for secs in [1, 1799, 86_400, 86_400 + 3_600, 90 * 86_400, 9_999 * 86_400] {
            let by = jiff::SignedDuration::from_secs(secs);
            let json = serde_json::to_value(crate::Command::Advance { by }).expect("writes");
            let text = json["by"].as_str().expect("a string");
            assert!(checked("by", text, DURATION).is_ok(), "{text}");
            let back: crate::Command = serde_json::from_value(json).expect("reads");
            assert_eq!(back, crate::Command::Advance { by });
        }
    }
}
