//! `count:` steps: the rows of the screen's table, the mails caught, the letters posted —
//! how many there are, in a window of the clock where asked.

use super::failure::StepFailure;
use super::plan::{CountCheck, Counted};
use super::steps::Run;
use eseikyu_core::domain::office::same_address;
use eseikyu_door::{Driver, DriverExt};
use eseikyu_screens::{Block, Cell, names};
use jiff::{SignedDuration, Timestamp};

impl Run {
    /// Counts what the step names; fails with what there was.
    pub(super) fn count<D: Driver>(
        &mut self,
        world: &D,
        c: &CountCheck,
    ) -> Result<(), StepFailure> {
        let (found, what) = match &c.what {
            Counted::Rows { with } => {
                let with = with.as_deref().map(|w| self.text(w)).transpose()?;
                (self.rows(world, with.as_deref())?, "rows in the table")
            }
            Counted::Mails { to, within } => {
                let to = to.as_deref().map(|t| self.text(t)).transpose()?;
                let since = since(world.now()?, *within);
                self.catch_up(world)?;
                let mut n = 0;
                for m in &self.mails {
                    let addressed = to
                        .as_deref()
                        .is_none_or(|t| m.to.iter().any(|a| same_address(a, t)));
                    if addressed && dated_since(&m.date, since)? {
                        n += 1;
                    }
                }
                (n, "mails caught")
            }
            Counted::Letters { to, within } => {
                let to = to.as_deref().map(|t| self.text(t)).transpose()?;
                let since = since(world.now()?, *within);
                let n = world
                    .letters()?
                    .iter()
                    .filter(|l| to.as_deref().is_none_or(|t| l.to.as_str() == t))
                    .filter(|l| since.is_none_or(|s| l.posted >= s))
                    .count();
                (n, "letters posted")
            }
        };
        if found == c.n {
            Ok(())
        } else {
            Err(StepFailure::unmet(format!(
                "expected {} {what}, found {found}",
                c.n
            )))
        }
    }

    /// The rows of the screen's first table (with a cell holding `with`).
    fn rows<D: Driver>(&mut self, world: &D, with: Option<&str>) -> Result<usize, StepFailure> {
        let screen = &self.view(world)?.0;
        let Some(table) = screen.blocks.iter().find_map(|b| match b {
            Block::Table(t) => Some(t),
            _ => None,
        }) else {
            return Err(StepFailure::unmet(
                "expected a table on the screen; it shows none",
            ));
        };
        let wanted = with.map(names::normalize);
        Ok(table
            .rows
            .iter()
            .filter(|row| {
                wanted.as_deref().is_none_or(|w| {
                    row.iter().any(|cell| {
                        let (Cell::Text(s) | Cell::Button(s) | Cell::Link(s)) = cell;
                        names::normalize(s).contains(w)
                    })
                })
            })
            .count())
    }
}

/// The start of the window: `within` before now.
fn since(now: Timestamp, within: Option<SignedDuration>) -> Option<Timestamp> {
    within.and_then(|w| now.checked_sub(w).ok())
}

/// Whether a mail's `Date:` is at or after `since` (every mail, without a window).
fn dated_since(date: &str, since: Option<Timestamp>) -> Result<bool, StepFailure> {
    let Some(since) = since else {
        return Ok(true);
    };
    // As decoded (RFC 3339), or as sent (RFC 2822).
    let sent = date
        .parse::<Timestamp>()
        .or_else(|_| jiff::fmt::rfc2822::parse(date).map(|z| z.timestamp()))
        .map_err(|e| StepFailure::system(format!("a mail's Date: {date:?} cannot be read: {e}")))?;
    Ok(sent >= since)
}
