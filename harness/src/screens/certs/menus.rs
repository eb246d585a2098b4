//! The certificate menus: 【証明書発行】 and its kinds' menus with their guidance, fees and
//! history of applications (CERT-2, CERT-10, CERT-11).

use super::*;

/// CERT-11: 【請求委任事業所用ケアプラン証明書】; no fee row. While an application is pending
/// the screen offers no application (003): only the download of an issued one, if any.
pub(super) fn view_care_plan_menu(sys: &System, user: &UserId, now: Timestamp) -> Screen {
    let records = sys.certificates_of(user, &[CertKind::CarePlan]);
    let issued = records.iter().any(|r| r.valid_at(now));
    let pending = records.iter().any(|r| r.pending());
    let mut options: Vec<(&str, &[&str])> = vec![];
    if issued {
        options.push((text::CP_GET, &[text::CERT_GET_NOTE]));
    }
    if !pending {
        options.push((text::CP_APPLY, text::CP_APPLY_NOTE));
    }
    let mut s =
        Screen::new(text::T_CARE_PLAN).with_steps(vec![text::T_CARE_PLAN], text::T_CARE_PLAN);
    if let Some((first, _)) = options.first() {
        s = s
            .text(&[text::CERT_SELECT])
            .choice_with_notes(text::F_CERT_ACTION, &options, first);
    }
    if !pending {
        s = s
            .table(guidance(text::CP_TABLE))
            .text(text::DX_BEFORE_NOTE)
            .inline_button(text::B_BEFORE_APPLY);
    }
    if pending {
        s = s.text(text::CP_PENDING);
    }
    if issued {
        s = s.text(&[text::CP_ISSUED_NOTE]);
    }
    s = s
        .heading(text::CP_HISTORY)
        .table(history(sys, user, &records, now));
    if options.is_empty() {
        s
    } else {
        s.buttons(&[text::B_NEXT])
    }
}

/// CERT-9, CERT-4, CERT-7, CERT-8, CERT-3: 【証明書】.
pub(super) fn view_cert_menu(sys: &System, user: &UserId, now: Timestamp) -> Screen {
    let records = sys.certificates_of(user, family(CertKind::Insurance));
    let balance = sys.balance(&user.office());
    let issued = records.iter().any(|r| r.valid_at(now));
    let mut options: Vec<(&str, &[&str])> = vec![(text::CERT_QUOTE, &[text::CERT_QUOTE_NOTE])];
    if balance == 0 {
        options.push((text::CERT_APPLY, &[text::CERT_APPLY_NOTE]));
    }
    if issued {
        options.push((text::CERT_GET, &[text::CERT_GET_NOTE]));
    }
    let mut s = Screen::new(text::T_CERT)
        .with_steps(vec![text::T_CERT], text::T_CERT)
        .text(&[text::CERT_SELECT])
        .choice_with_notes(text::F_CERT_ACTION, &options, options[0].0);
    // 004: with a balance outstanding no application is offered, nor its note.
    if balance == 0 {
        s = s.text(text::CERT_BEFORE_NOTE).link(text::L_BEFORE_APPLY);
    }
    if claims_kind(sys, user) == CertKind::Insurance && sys.profile.fee_banner(now) {
        let lines: Vec<String> = text::FEE_BANNER
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    format!("※{l}")
                } else {
                    l.to_string()
                }
            })
            .collect();
        s = s.text(&lines);
    }
    if balance > 0 {
        s = s.text(text::CERT_BALANCE_BLOCK);
    }
    if sys.renewal_due(user, now) {
        s = s.text(&[text::CERT_RENEWAL_MESSAGE]);
    }
    s.heading(text::CERT_HISTORY)
        .table(history(sys, user, &records, now))
        .buttons(&[text::B_NEXT])
}

/// CERT-10: 【介護DX証明書】.
pub(super) fn view_dx_menu(sys: &System, user: &UserId, now: Timestamp) -> Screen {
    let records = sys.certificates_of(user, &[CertKind::Dx]);
    let issued = records.iter().any(|r| r.valid_at(now));
    let mut options: Vec<(&str, &[&str])> = vec![];
    if issued {
        options.push((text::DX_GET, &[text::CERT_GET_NOTE]));
    }
    options.push((text::DX_APPLY, text::DX_APPLY_NOTE));
    let mut s = Screen::new(text::T_DX)
        .with_steps(vec![text::T_DX], text::T_DX)
        .text(&[text::CERT_SELECT])
        .choice_with_notes(text::F_CERT_ACTION, &options, options[0].0)
        .table(guidance(text::DX_TABLE))
        .text(text::DX_BEFORE_NOTE)
        .inline_button(text::B_BEFORE_APPLY);
    if issued {
        s = s.text(text::DX_ISSUED_NOTE);
    }
    s.heading(text::DX_HISTORY)
        .table(history(sys, user, &records, now))
        .buttons(&[text::B_NEXT])
}

/// CERT-10, CERT-11: the table of who needs the certificate.
pub(super) fn guidance(rows: &[(&str, &str)]) -> Table {
    Table {
        columns: vec![],
        rows: rows
            .iter()
            .map(|(case, answer)| {
                vec![Cell::Text(case.to_string()), Cell::Text(answer.to_string())]
            })
            .collect(),
    }
}

/// CERT-3: the history table, or its empty sentence.
pub(super) fn history(
    sys: &System,
    user: &UserId,
    records: &[&eseikyu_core::domain::CertRecord],
    _now: Timestamp,
) -> Table {
    let balance = sys.balance(&user.office());
    let mut table = Table {
        columns: [
            text::COL_APPLIED,
            text::COL_VALID_FROM,
            text::COL_VALID_TO,
            text::COL_STATUS,
            text::COL_BALANCE,
        ]
        .map(String::from)
        .to_vec(),
        rows: vec![],
    };
    if records.is_empty() {
        table.columns = vec![text::CERT_NO_HISTORY.to_string()];
        return table;
    }
    for r in records.iter().rev() {
        let status = if r.issued() {
            text::STATUS_ISSUED
        } else if r.rejected.is_some() {
            text::STATUS_REJECTED
        } else {
            text::STATUS_APPLIED
        };
        // ASSUMPTION: a paid certificate's row shows the office's balance; free kinds 0円.
        let owed = if r.fee > 0 && r.rejected.is_none() {
            balance.min(r.fee)
        } else {
            0
        };
        table.rows.push(vec![
            Cell::Text(clock::screen_date(r.applied)),
            Cell::Text(r.valid_from.map(clock::screen_date).unwrap_or_default()),
            Cell::Text(r.valid_to.map(clock::screen_date).unwrap_or_default()),
            Cell::Text(status.into()),
            Cell::Text(yen(owed)),
        ]);
    }
    table
}
