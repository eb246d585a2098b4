//! Differential exploring: every journey on the reference (the simulator in process) and
//! on a target at once, through one door that forwards each call to both and notes the
//! first difference — the screen as rendered, whether a move was taken, a command's
//! answer, the mails and letters and downloads each made — for the journey to report.

use super::Worlds;
use eseikyu_core::profile::Profile;
use eseikyu_door::{Answer, Command, Driver, DriverError, OfficeSpec, Query};
use eseikyu_screens::{Action, Screen, render};
use jiff::Timestamp;
use std::cell::RefCell;

/// Two systems behind one door: the reference answers, the target is compared with it.
pub struct Differential<R, T> {
    reference: R,
    target: T,
    differs: RefCell<Option<String>>,
}

/// Makes a reference's world and a target's from the same recipe.
pub struct Against<R, T>(pub R, pub T);

impl<R: Worlds, T: Worlds> Worlds for Against<R, T> {
    type D = Differential<R::D, T::D>;

    fn make(
        &self,
        profile: Profile,
        at: Timestamp,
        seed: u64,
        offices: &[OfficeSpec],
    ) -> Result<Self::D, DriverError> {
        Ok(Differential {
            reference: self.0.make(profile.clone(), at, seed, offices)?,
            target: self.1.make(profile, at, seed, offices)?,
            differs: RefCell::new(None),
        })
    }

    fn difference(door: &Self::D) -> Option<String> {
        door.differs.borrow_mut().take()
    }
}

impl<R: Driver, T: Driver> Differential<R, T> {
    fn note(&self, what: String) {
        let mut d = self.differs.borrow_mut();
        if d.is_none() {
            *d = Some(what);
        }
    }

    /// Compares the two screens as rendered (what a visitor reads).
    fn compare_screens(&self) {
        match (self.reference.screen(), self.target.screen()) {
            (Ok(r), Ok(t)) => {
                let (r, t) = (render::render(&r), render::render(&t));
                if r != t {
                    self.note(format!("the screens differ:\n{}", first_line_apart(&r, &t)));
                }
            }
            (Ok(_), Err(e)) => self.note(format!("the target shows no screen: {e}")),
            _ => {}
        }
    }
}

impl<R: Driver, T: Driver> Driver for Differential<R, T> {
    fn screen(&self) -> Result<Screen, DriverError> {
        self.reference.screen()
    }

    fn act(&mut self, action: &Action) -> Result<(), DriverError> {
        let (r, t) = (self.reference.act(action), self.target.act(action));
        match (&r, &t) {
            (Ok(()), Err(e)) => self.note(format!("the target refused {action:?}: {e}")),
            (Err(e), Ok(())) => self.note(format!(
                "the target took {action:?}, which the reference refused: {e}"
            )),
            _ => {}
        }
        // A page loaded is compared; a field typed on it is not (a browser's page keeps
        // the clock it was served with, where the simulator's screen shows it now).
        if r.is_ok() && action.moves() {
            self.compare_screens();
        }
        r
    }

    fn command(&mut self, command: &Command) -> Result<Answer, DriverError> {
        let r = self.reference.command(command);
        let t = self.target.command(command);
        match (&r, &t) {
            (Ok(a), Ok(b)) if a != b => {
                self.note(format!(
                    "{command:?} was answered {} here and {} there",
                    a.kind(),
                    b.kind()
                ));
            }
            (Ok(_), Err(e)) => self.note(format!("the target failed {command:?}: {e}")),
            (Err(e), Ok(_)) => self.note(format!(
                "the target took {command:?}, which the reference refused: {e}"
            )),
            _ => {}
        }
        r
    }

    fn observe(&self, query: &Query) -> Result<Answer, DriverError> {
        let r = self.reference.observe(query);
        // What each sent is compared; the rest (secrets, the clock) is the reference's.
        if matches!(
            query,
            Query::Mails { .. } | Query::Letters | Query::Downloads { .. }
        ) {
            match (&r, self.target.observe(query)) {
                (Ok(a), Ok(b)) if !same(a, &b) => {
                    self.note(format!("the {} differ", a.kind()));
                }
                (Ok(_), Err(e)) => self.note(format!("the target's {query:?} failed: {e}")),
                _ => {}
            }
        }
        r
    }
}

/// Whether two answers hold the same mails (byte for byte), letters or files.
fn same(a: &Answer, b: &Answer) -> bool {
    match (a, b) {
        (Answer::Mails(x), Answer::Mails(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(m, n)| m.raw == n.raw)
        }
        (Answer::Downloads(x), Answer::Downloads(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|(d, e)| d.name == e.name && d.bytes == e.bytes)
        }
        _ => a == b,
    }
}

/// The first line where two texts part, each side.
fn first_line_apart(a: &str, b: &str) -> String {
    let at = a
        .lines()
        .zip(b.lines())
        .position(|(x, y)| x != y)
        .unwrap_or_else(|| a.lines().count().min(b.lines().count()));
    format!(
        "  reference: {}\n  target:    {}",
        a.lines().nth(at).unwrap_or("(end)"),
        b.lines().nth(at).unwrap_or("(end)")
    )
}
