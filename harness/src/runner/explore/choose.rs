//! A journey's next move, chosen among what the screen offers: a field filled with a
//! value that knows the rules, a whole form then one of its buttons, a press, a table's
//! row, the browser's own moves, another tab, an entry page, the clock moved to a
//! rule's edge, a fault of the mail server or the federation, or the federation's
//! decision or a payment it records.

use super::Move;
use super::values::Known;
use eseikyu_core::text::{
    B_AGREE_SEND, B_BEFORE_APPLY, B_CLOSE, B_DOWNLOAD, B_NEXT, B_OK, F_CERT_ACTION,
    F_CERT_PASSWORD, L_BEFORE_APPLY,
};
use eseikyu_door::{Command, Fault, FaultKind, FederationFault, SmtpFault, Verdict};
use eseikyu_screens::{Action, FieldKind, Screen, names};
use jiff::{SignedDuration, Timestamp};
use rand::RngExt;
use rand_chacha::ChaCha20Rng;

/// The next move, among what the screen offers.
pub(super) fn choose(
    screen: &Screen,
    known: &Known,
    now: Timestamp,
    rng: &mut ChaCha20Rng,
) -> Vec<Move> {
    // An application waits: the federation decides one now and then.
    if !known.applications.is_empty() && rng.random_range(0..12) == 0 {
        return vec![Move::Federation(decide(known, rng))];
    }
    if let Some(way) = certificate_way(screen, known, rng)
        && rng.random_range(0..2) == 0
    {
        return way;
    }
    // A third of the time, the form as a visitor sends it: every field, then a button.
    if rng.random_range(0..3) == 0 && !screen.buttons.is_empty() {
        let mut moves: Vec<Move> = screen
            .fields()
            .filter_map(|f| field_move(f, known, rng))
            .map(Move::Act)
            .collect();
        let name = screen.buttons[rng.random_range(0..screen.buttons.len())].clone();
        moves.push(Move::Act(Action::Press { name, row: None }));
        return moves;
    }
    vec![one(screen, known, now, rng)]
}

/// The way through a certificate menu (【証明書】, 【介護DX証明書】,
/// 【請求委任事業所用ケアプラン証明書】) as a visitor who knows it goes: read 「発行申請を行う前に」
/// (CERT-2), choose what to do, then the 証明書発行用パスワード, send, agree to the dialog
/// (CERT-5) or download the first certificate — moves in an order chance alone takes about
/// once in a thousand journeys, so that the federation has applications to decide. A
/// move the screen then does not offer is none.
fn certificate_way(screen: &Screen, known: &Known, rng: &mut ChaCha20Rng) -> Option<Vec<Move>> {
    let field = screen
        .fields()
        .find(|f| names::same(&f.name, F_CERT_ACTION) && !f.options.is_empty())?;
    let option = field.options[rng.random_range(0..field.options.len())].clone();
    let press = |name: &str, row: Option<&str>| {
        Move::Act(Action::Press {
            name: name.to_string(),
            row: row.map(str::to_string),
        })
    };
    let before = [L_BEFORE_APPLY, B_BEFORE_APPLY]
        .into_iter()
        .find(|b| screen.pressables().iter().any(|p| names::same(p, b)))
        .unwrap_or(L_BEFORE_APPLY);
    Some(vec![
        press(before, None),
        press(B_CLOSE, None),
        Move::Act(Action::Choose {
            field: field.name.clone(),
            option,
        }),
        press(B_NEXT, None),
        Move::Act(Action::Fill {
            field: F_CERT_PASSWORD.into(),
            value: known.value(F_CERT_PASSWORD, rng),
        }),
        press(B_NEXT, None),
        press(B_AGREE_SEND, None),
        press(B_OK, None),
        press(B_DOWNLOAD, Some("1")),
    ])
}

/// A value for one field: typed, chosen or ticked (`None` for what cannot be set).
fn field_move(f: &eseikyu_screens::Field, known: &Known, rng: &mut ChaCha20Rng) -> Option<Action> {
    let name = f.name.clone();
    Some(match f.kind {
        k if k.is_toggle() => Action::Check {
            field: name,
            on: rng.random_bool(0.5),
        },
        FieldKind::Choice if !f.options.is_empty() => Action::Choose {
            field: name,
            option: f.options[rng.random_range(0..f.options.len())].clone(),
        },
        k if k.is_fillable() => Action::Fill {
            value: known.value(&name, rng),
            field: name,
        },
        _ => return None,
    })
}

/// One move among what the screen offers.
fn one(screen: &Screen, known: &Known, now: Timestamp, rng: &mut ChaCha20Rng) -> Move {
    let pressables = screen.pressables();
    let rows = screen.row_pressables();
    let fillable: Vec<_> = screen
        .fields()
        .filter(|f| f.kind.is_fillable() || f.kind.is_toggle() || f.kind == FieldKind::Choice)
        .collect();
    let roll = rng.random_range(0..100);
    if roll < 45 && !fillable.is_empty() {
        let f = fillable[rng.random_range(0..fillable.len())];
        if let Some(a) = field_move(f, known, rng) {
            return Move::Act(a);
        }
    }
    if roll < 80 && !pressables.is_empty() {
        let name = pressables[rng.random_range(0..pressables.len())].clone();
        return Move::Act(Action::Press { name, row: None });
    }
    if roll < 86 && !rows.is_empty() {
        let (row, name, _) = rows[rng.random_range(0..rows.len())].clone();
        return Move::Act(Action::Press {
            name,
            row: Some(row.to_string()),
        });
    }
    match rng.random_range(0..13) {
        0 => Move::Act(Action::Back),
        1 => Move::Act(Action::Reload),
        2 => Move::Act(Action::Repost),
        3 => {
            // The rules' edges: 30 minutes (codes, sessions), a day, 90 days (renewal).
            const EDGES: [i64; 6] = [1799, 1801, 3600, 86_400, 90 * 86_400 - 1, 90 * 86_400];
            Move::Wait(SignedDuration::from_secs(
                EDGES[rng.random_range(0..EDGES.len())],
            ))
        }
        4 => Move::Wait(until_edge(now, rng)),
        5 => Move::As(if rng.random_bool(0.5) { "1" } else { "2" }.to_string()),
        10 => Move::Fault(fault(rng)),
        11 if !known.applications.is_empty() => Move::Federation(decide(known, rng)),
        12 => Move::Federation(pay(known, rng)),
        _ => {
            let entries = eseikyu_screens::entries::names();
            Move::Act(Action::Open(
                entries[rng.random_range(0..entries.len())].clone(),
            ))
        }
    }
}

/// The federation decides an application waiting for it (REISSUE-6, CERT-11), approved
/// or rejected; `known.applications` is not empty.
fn decide(known: &Known, rng: &mut ChaCha20Rng) -> Command {
    let numbers = &known.applications;
    let number = numbers[rng.random_range(0..numbers.len())].clone();
    let (decision, reason) = if rng.random_bool(0.5) {
        (Verdict::Approved, String::new())
    } else {
        (Verdict::Rejected, "申請内容に不備があるため".to_string())
    };
    Command::Decide {
        number,
        decision,
        reason,
    }
}

/// The federation records a payment of certificate fees (CERT-7) by an office of the
/// journey: part of a fee, a whole one of either day, or more than any.
fn pay(known: &Known, rng: &mut ChaCha20Rng) -> Command {
    const AMOUNTS: [u32; 4] = [1_000, 7_800, 13_200, 20_000];
    let office = known
        .offices
        .get(known.focus)
        .map(|(number, _, _)| number.clone())
        .unwrap_or_default();
    Command::Payment {
        office,
        amount: AMOUNTS[rng.random_range(0..AMOUNTS.len())],
    }
}

/// A fault of the parts around the system, scripted through the door for the next one to
/// three mails or notices: the catcher answers 451 (the mail is sent again), 554 (lost),
/// drops the connection or answers late (it arrives twice); the federation answers
/// slowly, with 503, with garbage, or not at all.
fn fault(rng: &mut ChaCha20Rng) -> Fault {
    let kind = match rng.random_range(0..8) {
        0 => FaultKind::Smtp(SmtpFault::Temporary),
        1 => FaultKind::Smtp(SmtpFault::Permanent),
        2 => FaultKind::Smtp(SmtpFault::Drop),
        3 => FaultKind::Smtp(SmtpFault::Slow),
        4 => FaultKind::Federation(FederationFault::Slow),
        5 => FaultKind::Federation(FederationFault::Error),
        6 => FaultKind::Federation(FederationFault::Garbage),
        _ => FaultKind::Federation(FederationFault::Down),
    };
    Fault {
        kind,
        times: rng.random_range(1..=3),
        chance: 1.0,
    }
}

/// A wait to an instant a rule turns at, a second before it, at it or a second after:
/// 01:30 and 06:30 JST (certificates are not issued between, CERT), JST midnight (dates
/// and deadlines), the day the fees change (2026-04-01, CERT-4) and the end of the grace
/// period (2026-02-01, MAIL-3).
fn until_edge(now: Timestamp, rng: &mut ChaCha20Rng) -> SignedDuration {
    let jst = eseikyu_core::clock::jst();
    let today = now.to_zoned(jst.clone()).date();
    let next = |hour: i8, minute: i8| {
        let at = |d: jiff::civil::Date| {
            d.at(hour, minute, 0, 0)
                .to_zoned(jst.clone())
                .map(|z| z.timestamp())
                .ok()
        };
        match at(today) {
            Some(t) if t > now => Some(t),
            _ => today.tomorrow().ok().and_then(at),
        }
    };
    let profile = super::profile();
    let edges: Vec<Timestamp> = [
        next(1, 30),
        next(6, 30),
        next(0, 0),
        Some(profile.fee_change),
        Some(profile.grace_end),
    ]
    .into_iter()
    .flatten()
    .filter(|t| *t > now)
    .collect();
    let Some(edge) = edges.get(rng.random_range(0..edges.len().max(1))) else {
        return SignedDuration::from_secs(1);
    };
    let offset = SignedDuration::from_secs(rng.random_range(-1..=1));
    let by = edge.duration_since(now) + offset;
    by.max(SignedDuration::from_secs(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn a_wait_to_an_edge_ends_a_second_around_one() {
        let now: Timestamp = "2026-02-10T10:00:00+09:00".parse().expect("instant");
        let edges: Vec<Timestamp> = [
            "2026-02-11T01:30:00+09:00",
            "2026-02-11T06:30:00+09:00",
            "2026-02-11T00:00:00+09:00",
            "2026-04-01T00:00:00+09:00",
        ]
        .iter()
        .map(|t| t.parse().expect("instant"))
        .collect();
        let mut rng = ChaCha20Rng::seed_from_u64(3);
        let mut hit = std::collections::BTreeSet::new();
        for _ in 0..200 {
            let to = now
                .checked_add(until_edge(now, &mut rng))
                .expect("in range");
            let near = edges
                .iter()
                .position(|e| to.duration_since(*e).abs() <= SignedDuration::from_secs(1));
            hit.insert(near.expect("a second around an edge"));
        }
        assert_eq!(hit.len(), edges.len(), "every edge is chosen");
    }
}
