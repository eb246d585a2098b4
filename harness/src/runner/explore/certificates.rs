//! What must hold of certificates after every move: a history's dates three years apart
//! (CERT-1), its balances never negative nor more than the fee of the application's day
//! (CERT-6), and every certificate downloaded issued by `e-seikyu CA` to its 発行先, for
//! client authentication, valid from its issue for the profile's years (CERT-1).

use super::invariants::Broken;
use eseikyu_core::domain::CertKind;
use eseikyu_core::profile::Profile;
use eseikyu_core::text::{
    COL_APPLIED, COL_BALANCE, COL_VALID_FROM, COL_VALID_TO, T_CARE_PLAN, T_CERT, T_DX,
};
use eseikyu_door::{Download, DownloadKind};
use eseikyu_screens::{Block, Cell, Screen, names};
use jiff::Timestamp;

/// A certificate history on `screen` (【証明書】, 【介護DX証明書】, 【請求委任事業所用ケアプラン証明書】):
/// each row's validity ends the profile's years after it starts (CERT-1) and its
/// 発行手数料残高 is written as yen, never negative and never more than the fee of the
/// kind on the day it was applied for (CERT-6; the journeys' offices claim 介護保険 only).
pub fn history_holds(screen: &Screen, profile: &Profile) -> Result<(), Broken> {
    let kind = if names::same(&screen.title, T_CERT) {
        CertKind::Insurance
    } else if names::same(&screen.title, T_DX) {
        CertKind::Dx
    } else if names::same(&screen.title, T_CARE_PLAN) {
        CertKind::CarePlan
    } else {
        return Ok(());
    };
    for block in &screen.blocks {
        let Block::Table(t) = block else { continue };
        let col = |name: &str| t.columns.iter().position(|c| names::same(c, name));
        let (Some(applied), Some(from), Some(to), Some(balance)) = (
            col(COL_APPLIED),
            col(COL_VALID_FROM),
            col(COL_VALID_TO),
            col(COL_BALANCE),
        ) else {
            continue;
        };
        for row in &t.rows {
            let text = |i: usize| match row.get(i) {
                Some(Cell::Text(s) | Cell::Button(s) | Cell::Link(s)) => s.trim(),
                None => "",
            };
            let row_text = || format!("【{}】's row {:?}", screen.title, row_texts(row));
            dates_hold(text(from), text(to), profile).map_err(|what| Broken {
                rule: "CERT-1",
                what: format!("{}: {what}", row_text()),
            })?;
            balance_holds(kind, text(applied), text(balance), profile).map_err(|what| Broken {
                rule: "CERT-6",
                what: format!("{}: {what}", row_text()),
            })?;
        }
    }
    Ok(())
}

/// A certificate downloaded (a `.pfx` opened with its 証明書発行用パスワード): issued by
/// `e-seikyu CA` to `KaigoJigyousho` or `CarePlanJigyousho`, for client authentication,
/// valid from no later than `now` for the profile's years (CERT-1, CERT-12).
pub fn download_holds(d: &Download, now: Timestamp, profile: &Profile) -> Result<(), Broken> {
    if d.kind != DownloadKind::Certificate {
        return Ok(());
    }
    let broken = |what: String| Broken {
        rule: "CERT-1",
        what: format!("the certificate {}: {what}", d.name),
    };
    let password = d.password.as_deref().unwrap_or_default();
    let opened = eseikyu_parts::pki::open_pkcs12(&d.bytes, password)
        .map_err(|e| broken(format!("does not open with its password: {e}")))?;
    let subjects = [CertKind::Insurance.subject(), CertKind::CarePlan.subject()];
    if opened.issuer != "e-seikyu CA" || !subjects.contains(&opened.subject.as_str()) {
        return Err(broken(format!(
            "issued by {:?} to {:?}",
            opened.issuer, opened.subject
        )));
    }
    if !opened.client_auth {
        return Err(broken("not for client authentication".into()));
    }
    let ends = eseikyu_core::clock::add_years(opened.not_before, profile.cert_years);
    if opened.not_before > now || ends != Some(opened.not_after) {
        return Err(broken(format!(
            "valid from {} to {} (downloaded at {now})",
            opened.not_before, opened.not_after
        )));
    }
    Ok(())
}

/// Both dates empty (applied for), or the end the profile's years after the start.
fn dates_hold(from: &str, to: &str, profile: &Profile) -> Result<(), String> {
    match (from.is_empty(), to.is_empty()) {
        (true, true) => return Ok(()),
        (false, false) => {}
        _ => return Err("one validity date without the other".into()),
    }
    let (Some(start), Some(end)) = (day(from), day(to)) else {
        return Err("a validity date not written YYYY/MM/DD".into());
    };
    let years = profile.cert_years;
    if start.checked_add(jiff::Span::new().years(years)).ok() != Some(end) {
        return Err(format!("valid from {from} to {to}, not {years} years"));
    }
    Ok(())
}

/// The balance written as yen (`13,200円`), from 0 to the fee of the application's day.
fn balance_holds(
    kind: CertKind,
    applied: &str,
    balance: &str,
    profile: &Profile,
) -> Result<(), String> {
    let Some(day) = day(applied) else {
        return Err(format!(
            "the 発行申請日 {applied:?} is not written YYYY/MM/DD"
        ));
    };
    let yen = balance
        .strip_suffix('円')
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit() || b == b','))
        .and_then(|n| n.replace(',', "").parse::<u64>().ok());
    let Some(yen) = yen else {
        return Err(format!("the balance {balance:?} is not a sum of yen"));
    };
    let applied_at = day
        .to_zoned(eseikyu_core::clock::jst())
        .map(|z| z.timestamp())
        .map_err(|e| e.to_string())?;
    let fee = kind.fee(applied_at, profile.fee_change);
    if yen > u64::from(fee) {
        return Err(format!(
            "a balance of {balance}, more than the fee of {fee}円"
        ));
    }
    Ok(())
}

/// A date written `YYYY/MM/DD`.
fn day(text: &str) -> Option<jiff::civil::Date> {
    jiff::civil::Date::strptime("%Y/%m/%d", text).ok()
}

fn row_texts(row: &[Cell]) -> Vec<&str> {
    row.iter()
        .map(|c| match c {
            Cell::Text(s) | Cell::Button(s) | Cell::Link(s) => s.as_str(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_balance_is_yen_from_nothing_to_the_day_s_fee() {
        let p = Profile::r2025_12();
        let ok = |applied, balance| balance_holds(CertKind::Insurance, applied, balance, &p);
        assert!(ok("2026/03/31", "13,200円").is_ok());
        assert!(ok("2026/03/31", "0円").is_ok());
        assert!(
            ok("2026/04/01", "13,200円").is_err(),
            "the fee fell to 7,800円"
        );
        assert!(ok("2026/04/01", "7,800円").is_ok());
        assert!(ok("2026/03/31", "-1,000円").is_err(), "never negative");
        assert!(ok("2026/03/31", "円").is_err());
        assert!(balance_holds(CertKind::Dx, "2026/03/31", "1円", &p).is_err());
    }

    #[test]
    fn validity_runs_the_profile_s_years() {
        let p = Profile::r2025_12();
        assert!(dates_hold("", "", &p).is_ok(), "applied for, not issued");
        assert!(dates_hold("2026/02/29", "", &p).is_err());
        assert!(dates_hold("2026/02/10", "2029/02/10", &p).is_ok());
        assert!(dates_hold("2026/02/10", "2029/02/11", &p).is_err());
    }
}
