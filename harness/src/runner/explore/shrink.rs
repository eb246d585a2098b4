//! Shrinking a journey that broke a rule to the fewest moves that still break it: ddmin
//! (Zeller's delta debugging) over the moves — chunks removed while the rule still
//! breaks, halving the chunk when none can go — then simpler values: clock moves in a row
//! made one.

use super::Move;

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
    merge_waits(moves, &mut breaks, &mut tries)
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
