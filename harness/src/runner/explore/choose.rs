//! A journey's next move, chosen among what the screen offers: a field filled with a
//! value that knows the rules, a whole form then one of its buttons, a press, a table's
//! row, the browser's own moves, another tab, an entry page, the clock moved to a
//! rule's edge, or a fault of the mail server or the federation.

use super::Move;
use super::values::Known;
use eseikyu_core::profile::Profile;
use eseikyu_door::{Fault, FaultKind, FederationFault, SmtpFault};
use eseikyu_screens::{Action, FieldKind, Screen};
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
    match rng.random_range(0..11) {
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
        _ => {
            let entries = eseikyu_screens::entries::names();
            Move::Act(Action::Open(
                entries[rng.random_range(0..entries.len())].clone(),
            ))
        }
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
/// and deadlines), and the day the fees change (2026-04-01, CERT-4).
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
    let fees = Profile::r2025_12().fee_change;
    let edges: Vec<Timestamp> = [next(1, 30), next(6, 30), next(0, 0), Some(fees)]
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
