//! Shrinking a journey that broke a rule to the fewest moves that still break it: ddmin
//! (Zeller's delta debugging) over the moves — chunks removed while the rule still
//! breaks, halving the chunk when none can go — and any two moves in a row (a detour
//! there and back, which ddmin's halves can miss); then simpler values: a field left
//! empty, a fault that hits once, the smallest payment, an approval for a rejection,
//! clock moves in a row made one.

use super::Move;
use eseikyu_door::{Command, Verdict};
use eseikyu_screens::Action;

/// The most journeys a shrink replays.
pub const BUDGET: usize = 400;

/// The fewest moves of `moves` for which `breaks` still holds (within [`BUDGET`] tries).
pub fn shrink(mut moves: Vec<Move>, mut breaks: impl FnMut(&[Move]) -> bool) -> Vec<Move> {
    let mut tries = 0;
    let mut chunk = moves.len().div_ceil(2).max(1);
    while chunk >= 1 && tries < BUDGET {
        let mut removed = false;
        let mut at = 0;
        while at < moves.len() && tries < BUDGET {
            let end = (at + chunk).min(moves.len());
            let candidate: Vec<Move> = moves[..at].iter().chain(&moves[end..]).cloned().collect();
            tries += 1;
            if breaks(&candidate) {
                moves = candidate;
                removed = true;
            } else {
                at = end;
            }
        }
        if !removed {
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    // Two moves in a row (a page visited and left), then single moves again.
    let mut at = 0;
    while at + 1 < moves.len() && tries < BUDGET {
        let candidate: Vec<Move> = moves[..at]
            .iter()
            .chain(&moves[at + 2..])
            .cloned()
            .collect();
        tries += 1;
        if breaks(&candidate) {
            moves = candidate;
            at = 0;
        } else {
            at += 1;
        }
    }
    let moves = simpler_values(moves, &mut breaks, &mut tries);
    merge_waits(moves, &mut breaks, &mut tries)
}

/// Each move's value made simpler, while the rule still breaks.
fn simpler_values(
    mut moves: Vec<Move>,
    breaks: &mut impl FnMut(&[Move]) -> bool,
    tries: &mut usize,
) -> Vec<Move> {
    for at in 0..moves.len() {
        let Some(simple) = simpler(&moves[at]) else {
            continue;
        };
        if *tries >= BUDGET {
            break;
        }
        let mut candidate = moves.clone();
        candidate[at] = simple;
        *tries += 1;
        if breaks(&candidate) {
            moves = candidate;
        }
    }
    moves
}

/// A simpler form of a move, if it has one: a field left empty, a fault that hits once,
/// the smallest payment, an approval (no reason) for a rejection.
fn simpler(m: &Move) -> Option<Move> {
    match m {
        Move::Act(Action::Fill { field, value }) if !value.is_empty() => {
            Some(Move::Act(Action::Fill {
                field: field.clone(),
                value: String::new(),
            }))
        }
        Move::Fault(f) if f.times > 1 => Some(Move::Fault(eseikyu_door::Fault {
            times: 1,
            ..f.clone()
        })),
        Move::Federation(Command::Payment { office, amount }) if *amount > 1 => {
            Some(Move::Federation(Command::Payment {
                office: office.clone(),
                amount: 1,
            }))
        }
        Move::Federation(Command::Decide {
            number,
            decision: Verdict::Rejected,
            ..
        }) => Some(Move::Federation(Command::Decide {
            number: number.clone(),
            decision: Verdict::Approved,
            reason: String::new(),
        })),
        _ => None,
    }
}

/// Two clock moves in a row made one of their sum, while the rule still breaks.
fn merge_waits(
    mut moves: Vec<Move>,
    breaks: &mut impl FnMut(&[Move]) -> bool,
    tries: &mut usize,
) -> Vec<Move> {
    let mut at = 0;
    while at + 1 < moves.len() && *tries < BUDGET {
        if let (Move::Wait(a), Move::Wait(b)) = (&moves[at], &moves[at + 1]) {
            let mut candidate = moves.clone();
            candidate.splice(at..at + 2, [Move::Wait(*a + *b)]);
            *tries += 1;
            if breaks(&candidate) {
                moves = candidate;
                continue;
            }
        }
        at += 1;
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

    #[test]
    fn clock_moves_in_a_row_become_one() {
        let wait = |s| Move::Wait(SignedDuration::from_secs(s));
        let moves = vec![wait(10), wait(20), Move::As("2".into()), wait(5)];
        // It breaks while the clock moves 30 s or more before the visitor changes.
        let breaks = |m: &[Move]| {
            let before: i64 = m
                .iter()
                .take_while(|x| !matches!(x, Move::As(_)))
                .map(|x| match x {
                    Move::Wait(d) => d.as_secs(),
                    _ => 0,
                })
                .sum();
            before >= 30 && m.iter().any(|x| matches!(x, Move::As(_)))
        };
        assert_eq!(shrink(moves, breaks), vec![wait(30), Move::As("2".into())]);
    }

    #[test]
    fn a_detour_there_and_back_goes_and_values_get_simpler() {
        let press = |n: &str| {
            Move::Act(Action::Press {
                name: n.into(),
                row: None,
            })
        };
        let fill = |v: &str| {
            Move::Act(Action::Fill {
                field: "F".into(),
                value: v.into(),
            })
        };
        // "a" then "b" breaks it, unless a detour ("go", "return") is cut in half or a
        // value typed matters: only the typed field's presence does.
        let moves = vec![
            press("a"),
            press("go"),
            press("return"),
            fill("x"),
            press("b"),
        ];
        let breaks = |m: &[Move]| {
            let names: Vec<String> = m
                .iter()
                .map(|x| match x {
                    Move::Act(Action::Press { name, .. }) => name.clone(),
                    Move::Act(Action::Fill { .. }) => "fill".into(),
                    _ => String::new(),
                })
                .collect();
            let half = names
                .iter()
                .filter(|n| *n == "go" || *n == "return")
                .count()
                == 1;
            !half
                && names.contains(&"fill".into())
                && names.first() == Some(&"a".into())
                && names.last() == Some(&"b".into())
        };
        assert_eq!(
            shrink(moves, breaks),
            vec![press("a"), fill(""), press("b")]
        );
    }

    #[test]
    fn the_moves_that_matter_are_all_that_is_left() {
        let moves: Vec<Move> = (0..40)
            .map(|i| Move::Wait(SignedDuration::from_secs(i)))
            .collect();
        // It breaks while moves 7 and 31 are both there, in that order.
        let needed = |m: &[Move]| {
            let at = |s: i64| {
                m.iter()
                    .position(|x| *x == Move::Wait(SignedDuration::from_secs(s)))
            };
            matches!((at(7), at(31)), (Some(a), Some(b)) if a < b)
        };
        let shrunk = shrink(moves, needed);
        assert_eq!(
            shrunk,
            vec![
                Move::Wait(SignedDuration::from_secs(7)),
                Move::Wait(SignedDuration::from_secs(31))
            ]
        );
    }
}
