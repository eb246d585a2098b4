//! Shrinking a journey that broke a rule to the fewest moves that still break it: ddmin
//! (Zeller's delta debugging) over the moves — chunks removed while the rule still
//! breaks, halving the chunk when none can go — then the clock moves one by one.

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
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::SignedDuration;

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
