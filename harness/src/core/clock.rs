//! The virtual clock: every instant the simulator sees, in Japan Standard Time.
//!
//! Nothing in the simulator reads the wall clock. A scenario sets the clock (`at:`) and
//! moves it (`wait:`); rules compare instants taken from here, so every edge (code expiry,
//! the grace period, the release day) can be tested to the second.

use jiff::tz::{self, TimeZone};
use jiff::{SignedDuration, Timestamp, Zoned};

/// Japan Standard Time: UTC+09:00, no daylight saving.
pub fn jst() -> TimeZone {
    TimeZone::fixed(tz::offset(9))
}

/// A clock that only moves when told to.
#[derive(Clone, Debug)]
pub struct Clock {
    now: Timestamp,
}

impl Clock {
    pub fn at(now: Timestamp) -> Clock {
        Clock { now }
    }
    pub fn now(&self) -> Timestamp {
        self.now
    }
    pub fn set(&mut self, to: Timestamp) {
        self.now = to;
    }
    /// Moves the clock forward (or back, for a negative duration).
    pub fn advance(&mut self, by: SignedDuration) {
        self.now = self.now.saturating_add(by).unwrap_or(self.now);
    }
    pub fn zoned(&self) -> Zoned {
        self.now.to_zoned(jst())
    }
}

/// `HH:MM:SS` in JST, as the 「時刻」 box of every screen shows it (UI-1).
pub fn time_of_day(at: Timestamp) -> String {
    at.to_zoned(jst()).strftime("%H:%M:%S").to_string()
}

/// `YYYY/MM/DD` in JST, the date format of the screens.
pub fn screen_date(at: Timestamp) -> String {
    at.to_zoned(jst()).strftime("%Y/%m/%d").to_string()
}

/// `YYYY/MM/DD HH:MM:SS` in JST, as the screens show an instant.
pub fn screen_datetime(at: Timestamp) -> String {
    at.to_zoned(jst()).strftime("%Y/%m/%d %H:%M:%S").to_string()
}

/// `令和08年01月10日`: the Japanese-era date printed on posted letters; an era starts on
/// its first day (平成 on 1989-01-08, 令和 on 2019-05-01), and a later era's years go on
/// counting (the simulated years end in 2199).
pub fn era_date(at: Timestamp) -> String {
    let z = at.to_zoned(jst());
    let day = (z.year(), z.month(), z.day());
    let eras = crate::text::ERAS;
    let (name, (first_year, _, _)) = eras
        .iter()
        .rev()
        .find(|(_, start)| day >= *start)
        .unwrap_or(&eras[0]);
    format!(
        "{name}{:02}年{:02}月{:02}日",
        i32::from(z.year()) - i32::from(*first_year) + 1,
        z.month(),
        z.day()
    )
}

/// The instants a world may be at: 1900-01-01 00:00 JST (inclusive) to 2200-01-01 00:00
/// JST (exclusive). Every date the simulator derives (certificates 3 years on, the CA 20
/// years on and a year back) stays within what X.509 and the era calendar can write.
pub const RANGE: (i64, i64) = (-2_209_021_200, 7_258_086_000);

/// Whether an instant is within [`RANGE`].
pub fn in_range(t: Timestamp) -> bool {
    (RANGE.0..RANGE.1).contains(&t.as_second())
}

/// Parses an instant written with its offset, e.g. `2025-12-15T10:00:00+09:00`, within
/// [`RANGE`].
pub fn parse_instant(text: &str) -> Result<Timestamp, String> {
    let t = text
        .trim()
        .parse::<Timestamp>()
        .map_err(|e| format!("expected an instant like 2025-12-15T10:00:00+09:00 ({e})"))?;
    if !in_range(t) {
        return Err(format!(
            "{} is outside the simulated years: expected an instant from 1900-01-01T00:00:00+09:00 to before 2200-01-01T00:00:00+09:00",
            text.trim()
        ));
    }
    Ok(t)
}

/// Parses a duration written as a run of `<n>d`, `<n>h`, `<n>m`, `<n>s`, e.g. `29m59s`,
/// or in ISO 8601 (`P8D`, `PT29M59S`, `P1W`; a day is 24 hours; no years or months,
/// whose length depends on where they start).
pub fn parse_duration(text: &str) -> Result<SignedDuration, String> {
    let expected = || {
        format!("expected a duration like 30m, 29m59s, 1h, 2d or P8D (ISO 8601), found {text:?}")
    };
    if text.trim().starts_with(['P', 'p']) {
        return parse_iso_duration(text.trim()).map_err(|why| format!("{}: {why}", expected()));
    }
    let mut total: i64 = 0;
    let mut digits = String::new();
    let mut any = false;
    for ch in text.trim().chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        let unit = match ch {
            'd' => 86_400,
            'h' => 3_600,
            'm' => 60,
            's' => 1,
            _ => return Err(expected()),
        };
        let n: i64 = digits.parse().map_err(|_| expected())?;
        total = n
            .checked_mul(unit)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(expected)?;
        digits.clear();
        any = true;
    }
    if !digits.is_empty() || !any {
        return Err(expected());
    }
    within_range(text, SignedDuration::from_secs(total))
}

/// The clock cannot move further than the simulated years span.
fn within_range(text: &str, d: SignedDuration) -> Result<SignedDuration, String> {
    if d.as_secs() > RANGE.1 - RANGE.0 {
        return Err(format!(
            "{text:?} is longer than the simulated years (1900–2200) span"
        ));
    }
    Ok(d)
}

/// An ISO 8601 duration (jiff's parser): weeks, days of 24 hours, hours, minutes and
/// seconds; not negative.
fn parse_iso_duration(text: &str) -> Result<SignedDuration, String> {
    let span: jiff::Span = text.parse().map_err(|e: jiff::Error| e.to_string())?;
    if span.get_years() != 0 || span.get_months() != 0 {
        return Err("years and months have no fixed length".into());
    }
    let d = span
        .to_duration(jiff::SpanRelativeTo::days_are_24_hours())
        .map_err(|e| e.to_string())?;
    if d.is_negative() || d.subsec_nanos() != 0 {
        return Err("a duration is whole seconds, not negative".into());
    }
    within_range(text, d)
}

/// `years` calendar years after `t`, in JST (a certificate's end, CERT-5); `None` past
/// the calendar's range.
pub fn add_years(t: Timestamp, years: i16) -> Option<Timestamp> {
    t.to_zoned(jst())
        .checked_add(jiff::Span::new().years(years))
        .ok()
        .map(|z| z.timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_exactly() {
        assert_eq!(parse_duration("29m59s").unwrap().as_secs(), 1799);
        assert_eq!(parse_duration("2d1h").unwrap().as_secs(), 2 * 86400 + 3600);
        assert!(parse_duration("30").is_err());
        assert!(parse_duration("m").is_err());
        assert!(parse_duration("3x").is_err());
    }

    #[test]
    fn iso_8601_durations_parse_as_the_control_api_documents() {
        assert_eq!(parse_duration("P8D").unwrap().as_secs(), 8 * 86400);
        assert_eq!(parse_duration("PT29M59S").unwrap().as_secs(), 1799);
        assert_eq!(parse_duration("P1W").unwrap().as_secs(), 7 * 86400);
        assert_eq!(parse_duration("P1DT1H").unwrap().as_secs(), 90000);
        for bad in ["P1M", "P1Y", "P", "PT0.5S", "-P1D", "P400000D"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_range_is_1900_to_2200_jst() {
        assert!(parse_instant("1900-01-01T00:00:00+09:00").is_ok());
        assert!(parse_instant("1899-12-31T23:59:59+09:00").is_err());
        assert!(parse_instant("2199-12-31T23:59:59+09:00").is_ok());
        assert!(parse_instant("2200-01-01T00:00:00+09:00").is_err());
        assert!(parse_instant("0000-01-01T00:00:00+09:00").is_err());
        assert!(parse_duration("400000d").is_err());
    }

    #[test]
    fn era_dates_are_zero_padded() {
        let t = parse_instant("2026-01-10T09:00:00+09:00").unwrap();
        assert_eq!(era_date(t), "令和08年01月10日");
        let day = |s: &str| era_date(parse_instant(s).unwrap());
        assert_eq!(day("2019-04-30T23:59:59+09:00"), "平成31年04月30日");
        assert_eq!(day("2019-05-01T00:00:00+09:00"), "令和01年05月01日");
        assert_eq!(day("1900-01-01T00:00:00+09:00"), "明治33年01月01日");
        assert_eq!(screen_date(t), "2026/01/10");
        assert_eq!(time_of_day(t), "09:00:00");
    }
}
