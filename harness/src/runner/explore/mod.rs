//! Explore (#25): seeded random journeys through the screens, checked after every step.
//! A journey is a world with offices of several kinds and two visitors, and a run of
//! moves chosen among what the current screen offers — fields filled with values that
//! know the rules ([`values`]), buttons, links and table rows pressed, the browser's own
//! moves, entry pages opened, the clock moved to rule edges — through the door, so it
//! reaches the in-process system and any `--target` alike. After every move the
//! [`invariants`] are checked; a journey that breaks one is shrunk ([`shrink`]) to the
//! fewest moves that still break it and written as a scenario in the corpus's format.
//! The same seed walks the same journeys and finds the same findings.

mod certificates;
mod choose;
mod differential;
mod invariants;
pub mod map;
mod shrink;
mod start;
mod values;

pub use differential::{Against, Differential};
pub use invariants::Broken;

use crate::scenario::write::{Head, Writer};
use eseikyu_core::profile::Profile;
use eseikyu_core::text::{
    B_AGREE_SEND, B_NEXT, B_OK, B_SEND, E_CODE_WRONG, E_OTP_WRONG, F_OFFICE_NUMBER,
    F_SECURITY_MAIL, T_DONE, T_DX, T_OTP, T_RESET_AUTH, T_SEND_CONFIRM,
};
use eseikyu_door::{Command, Driver, DriverError, DriverExt, OfficeSpec};
use eseikyu_screens::{Action, Block, names};
use jiff::{SignedDuration, Timestamp};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha20Rng;
use start::{offices, profile, start};
use std::sync::atomic::{AtomicUsize, Ordering};
use values::Known;

/// How much to explore.
#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub seed: u64,
    pub journeys: usize,
    pub steps: usize,
    /// Whether to stop at the first finding (a budget for finding one thing).
    pub first: bool,
    /// How many journeys are walked at once, each on a thread of its own (the findings
    /// are the same whatever the number: each rule's is the lowest journey that broke it).
    pub jobs: usize,
}

/// One thing a journey does.
#[derive(Clone, Debug, PartialEq)]
pub enum Move {
    /// The following moves act in this visitor's session (`1` or `2`).
    As(String),
    Act(Action),
    /// The clock moves on.
    Wait(SignedDuration),
    /// The mail server or the federation misbehaves for the next mails or notices.
    Fault(eseikyu_door::Fault),
    /// The federation's back office: an application decided, a fee paid.
    Federation(eseikyu_door::Command),
}

/// A rule a journey broke, and the fewest moves that break it.
#[derive(Clone, Debug)]
pub struct Finding {
    pub broken: Broken,
    pub journey: usize,
    pub seed: u64,
    pub moves: Vec<Move>,
    /// How many moves the journey had made when it broke the rule.
    pub found_after: usize,
}

/// What exploring did and found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub journeys: usize,
    pub moves: usize,
    pub findings: Vec<Finding>,
    /// Screens reached, and the presses that moved between them.
    pub reached: map::Reached,
    /// How many mailed codes the system took (each checked against CODE-3).
    pub codes_taken: usize,
    /// How many well-formed reset requests were answered (each compared, RESET-3).
    pub resets_answered: usize,
    /// How many applications the federation decided.
    pub decided: usize,
    /// How many files were downloaded (a certificate opened and checked, CERT-1).
    pub downloads: usize,
}

/// Makes a journey's world: the door to a fresh system (in process, or a `--target`),
/// about to have `offices` registered, in this order. A door that can make its world with
/// them at once (over HTTP: one request) does; registering each then answers as it would
/// have. A closure makes its world bare (the offices are registered one by one).
pub trait Worlds {
    type D: Driver;
    fn make(
        &self,
        profile: Profile,
        at: Timestamp,
        seed: u64,
        offices: &[OfficeSpec],
    ) -> Result<Self::D, DriverError>;
    /// How the door's system differed from a reference since the last ask, when it is
    /// compared with one ([`Against`]).
    fn difference(_door: &Self::D) -> Option<String> {
        None
    }
}

impl<D: Driver, F: Fn(Profile, Timestamp, u64) -> Result<D, DriverError>> Worlds for F {
    type D = D;
    fn make(
        &self,
        profile: Profile,
        at: Timestamp,
        seed: u64,
        _: &[OfficeSpec],
    ) -> Result<D, DriverError> {
        self(profile, at, seed)
    }
}

/// Explores: `settings.journeys` journeys of up to `settings.steps` moves each, on
/// `settings.jobs` threads; the first finding of each rule (by journey) is shrunk.
pub fn explore(settings: Settings, worlds: &(impl Worlds + Sync)) -> Outcome {
    let next = AtomicUsize::new(0);
    // With `first`, the lowest journey that broke a rule: no later one need be walked.
    let enough = AtomicUsize::new(usize::MAX);
    let walkers: Vec<(Outcome, Vec<Broke>)> = std::thread::scope(|s| {
        let walker = || {
            let mut out = Outcome::default();
            let mut broke: Vec<Broke> = Vec::new();
            loop {
                let journey = next.fetch_add(1, Ordering::Relaxed);
                if journey >= settings.journeys || journey > enough.load(Ordering::Relaxed) {
                    break;
                }
                let seed = journey_seed(settings.seed, journey);
                let walked = walk(worlds, seed, Plan::Choose(settings.steps), &mut out);
                out.journeys += 1;
                let Some((broken, moves)) = walked else {
                    continue;
                };
                if settings.first {
                    enough.fetch_min(journey, Ordering::Relaxed);
                }
                if !broke.iter().any(|b| b.broken.rule == broken.rule) {
                    broke.push(Broke {
                        journey,
                        seed,
                        broken,
                        moves,
                    });
                }
            }
            (out, broke)
        };
        let threads: Vec<_> = (0..settings.jobs.max(1)).map(|_| s.spawn(walker)).collect();
        threads
            .into_iter()
            .map(|t| t.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut out = Outcome::default();
    let mut firsts: Vec<Broke> = Vec::new();
    for (walked, broke) in walkers {
        out.add(walked);
        for b in broke {
            match firsts.iter_mut().find(|f| f.broken.rule == b.broken.rule) {
                Some(f) if f.journey > b.journey => *f = b,
                Some(_) => {}
                None => firsts.push(b),
            }
        }
    }
    firsts.sort_by_key(|b| b.journey);
    if settings.first {
        firsts.truncate(1);
    }
    out.findings = firsts
        .into_iter()
        .map(|b| {
            let found_after = b.moves.len();
            let moves = shrink::shrink(b.moves, |m| {
                walk(worlds, b.seed, Plan::Replay(m), &mut Outcome::default())
                    .is_some_and(|(broken, _)| broken.same_as(&b.broken))
            });
            Finding {
                broken: b.broken,
                journey: b.journey,
                seed: b.seed,
                moves,
                found_after,
            }
        })
        .collect();
    out
}

/// A journey that broke a rule, before shrinking.
struct Broke {
    journey: usize,
    seed: u64,
    broken: Broken,
    moves: Vec<Move>,
}

/// The seed of journey `journey` of an exploration seeded `seed`.
fn journey_seed(seed: u64, journey: usize) -> u64 {
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ journey as u64
}

impl Outcome {
    /// Adds what another walker did (its findings aside).
    fn add(&mut self, other: Outcome) {
        self.journeys += other.journeys;
        self.moves += other.moves;
        self.codes_taken += other.codes_taken;
        self.resets_answered += other.resets_answered;
        self.decided += other.decided;
        self.downloads += other.downloads;
        self.reached.add(other.reached);
    }
}

/// Writes a finding as a scenario in the corpus's format: its moves, replayed, with the
/// screens, mails and letters they led to.
pub fn scenario(finding: &Finding, worlds: &impl Worlds) -> Result<String, DriverError> {
    let (profile, at) = (profile(), start(finding.seed));
    let offices = offices();
    let mut door = worlds.make(profile.clone(), at, finding.seed, &offices)?;
    let mut writer = Writer::new();
    for o in &offices {
        let facts = door.register(o)?;
        writer.facts(&o.number, &facts);
    }
    let (mut visitor, mut mails, mut letters) = ("1".to_string(), 0, 0);
    for (i, m) in finding.moves.iter().enumerate() {
        let last = i + 1 == finding.moves.len();
        match m {
            Move::As(v) => {
                door.visit(v)?;
                visitor = v.clone();
            }
            Move::Wait(by) => {
                door.advance(*by)?;
                door.sync()?;
                writer.command(&eseikyu_door::Command::Advance { by: *by });
            }
            Move::Fault(fault) => {
                door.fault(fault)?;
                writer.command(&eseikyu_door::Command::Fault {
                    fault: fault.clone(),
                });
            }
            Move::Federation(command) => match door.command(command) {
                Ok(_) => writer.command(command),
                // A decision the federation cannot make (an application not made, or
                // not received) is no step.
                Err(e) if refused(&e) => {}
                Err(e) => return Err(e),
            },
            Move::Act(action) => match catch(|| door.act(action)) {
                Ok(()) => {
                    let title = door.screen()?.title;
                    // A screen without a title (a finding itself) cannot be checked by it.
                    if writer.act(&visitor, action) && !title.trim().is_empty() {
                        writer.screen(&title);
                    }
                }
                // A move the shrunk journey cannot make is no step (and made nothing),
                // unless it is the one that broke the rule (a target took it).
                Err(Failed::Driver(DriverError::Act(_))) if !last => {}
                // The move the system failed is the scenario's last.
                Err(_) => {
                    writer.act(&visitor, action);
                    break;
                }
            },
        }
        let secrets: Vec<String> = door.secrets()?.into_iter().map(|(v, _)| v).collect();
        for mail in door.mails_from(mails)? {
            let to = mail.envelope_to.first().cloned().unwrap_or_default();
            writer.mail(&to, &mail.subject, &mail.body, &secrets);
            mails += 1;
        }
        let posted = door.letters()?;
        for l in posted.get(letters..).unwrap_or_default() {
            writer.letter(&l.to, &l.title, &l.text, &secrets);
        }
        letters = posted.len();
    }
    let rule = finding.broken.rule;
    Ok(writer.finish(Head {
        id: format!("explore/{}-j{}", rule.to_lowercase(), finding.journey),
        title: format!("explore: {} ({rule})", finding.broken.what),
        covers: crate::rules::is_rule(rule)
            .then(|| rule.to_string())
            .into_iter()
            .collect(),
        profile: profile.name.to_string(),
        at,
        world_seed: finding.seed,
        offices,
        generate: 0,
    }))
}

/// How a journey chooses its moves: by the seed, up to a number, or as given.
enum Plan<'a> {
    Choose(usize),
    Replay(&'a [Move]),
}

/// Walks one journey; the rule it broke first, with the moves made up to then.
fn walk<W: Worlds>(
    worlds: &W,
    seed: u64,
    plan: Plan<'_>,
    out: &mut Outcome,
) -> Option<(Broken, Vec<Move>)> {
    let (profile, at) = (profile(), start(seed));
    let offices = offices();
    let mut door = match worlds.make(profile.clone(), at, seed, &offices) {
        Ok(d) => d,
        Err(e) => return Some((Broken::system(&e), Vec::new())),
    };
    let mut known = Known::default();
    for o in offices {
        if o.prefectures.len() > 1 {
            known.several.push(o.number.clone());
        }
        match door.register(&o) {
            Ok(facts) => {
                // Certificates installed are numbered as those applied for.
                for _ in 0..o.installed.len() * facts.user_ids.len() {
                    known.numbered(at, false);
                }
                known
                    .offices
                    .push((o.number.clone(), facts, o.password.clone()));
            }
            Err(e) => return Some((Broken::system(&e), Vec::new())),
        }
        for a in &o.security_addresses {
            *known.sharers.entry(a.to_lowercase()).or_default() += o.prefectures.len().max(1);
        }
        known.addresses.extend(o.security_addresses.clone());
    }
    let mut rng = ChaCha20Rng::seed_from_u64(seed);
    // The virtual clock, moved only by the journey's own waits.
    let mut clock = at;
    known.focus = rng.random_range(0..known.offices.len().max(1));
    let mut made = Vec::new();
    let mut caught = invariants::Checked::default();
    // A code typed into a code field, and by whom, until that visitor's next press
    // (CODE-3).
    let mut typed_code: Option<(String, String)> = None;
    // Who acts (wrong codes are counted by visitor and screen, CODE-3).
    let mut visitor = eseikyu_door::FIRST_VISITOR.to_string();

    // Moves chosen together (a form filled, then sent), made one by one.
    let mut queued = std::collections::VecDeque::new();
    let total = match &plan {
        Plan::Choose(n) => *n,
        Plan::Replay(m) => m.len(),
    };
    for i in 0..total {
        let screen = match door.screen() {
            Ok(s) => s,
            Err(e) => return Some((Broken::system(&e), made)),
        };
        let m = match &plan {
            Plan::Choose(_) => match queued.pop_front() {
                Some(m) => m,
                None => {
                    queued.extend(choose::choose(&screen, &known, clock, &mut rng));
                    queued.pop_front().unwrap_or(Move::Act(Action::Reload))
                }
            },
            Plan::Replay(moves) => moves[i].clone(),
        };
        let before = screen.title.clone();
        let done = match &m {
            Move::As(v) => catch(|| door.visit(v)),
            // As a scenario's `wait:` does: the clock moves on, then the world catches up
            // (certificates fall due, the federation is asked again).
            Move::Wait(by) => {
                catch(|| door.advance(*by).and_then(|()| door.sync())).inspect(|()| {
                    clock = clock.checked_add(*by).unwrap_or(clock);
                })
            }
            Move::Act(a) => catch(|| door.act(a)),
            Move::Fault(f) => catch(|| door.fault(f)),
            Move::Federation(c) => catch(|| door.command(c).map(|_| ())),
        };
        made.push(m.clone());
        out.moves += 1;
        let downloads = caught.downloads;
        match done {
            Ok(()) => {}
            // What the screen does not offer is no move (a shrunk journey's left-overs).
            Err(Failed::Driver(DriverError::Act(_))) => {
                made.pop();
                continue;
            }
            Err(Failed::Driver(e)) if matches!(m, Move::Federation(_)) && refused(&e) => {
                made.pop();
                continue;
            }
            Err(Failed::Driver(e)) => return Some((Broken::system(&e), made)),
            Err(Failed::Panic(p)) => return Some((Broken::panic(&p), made)),
        }
        let checked = invariants::check(&door, &mut known, &mut caught, &profile);
        out.downloads += caught.downloads - downloads;
        out.decided += usize::from(matches!(m, Move::Federation(Command::Decide { .. })));
        if let Move::Act(Action::Fill { field, value }) = &m
            && Known::is_code_field(field)
        {
            typed_code = Some((visitor.clone(), value.clone()));
        }
        // What the reset request's screen held when it was sent (RESET-3).
        let typed = |name: &str| {
            screen
                .fields()
                .find(|f| names::same(&f.name, name))
                .map(|f| f.value.clone())
        };
        if let (Move::Act(Action::Press { name, .. }), Ok(after)) = (&m, &checked)
            && names::same(&before, T_RESET_AUTH)
            && names::same(name, B_NEXT)
            && let (Some(office), Some(address)) = (typed(F_OFFICE_NUMBER), typed(F_SECURITY_MAIL))
        {
            // Past the limits for this 事業所番号 before this request (counted whatever
            // the address, as the system counts the number as entered).
            let beyond = known.reset_issued(&office, clock, names::same(&after.title, T_OTP));
            if well_formed(&office, &address) {
                let asked = format!("「{office}」 with 「{address}」");
                if let Err(broken) =
                    invariants::reset_answered(&mut known, &office, asked, after, beyond)
                {
                    return Some((broken, made));
                }
                out.resets_answered += 1;
            }
        }
        if let Move::As(v) = &m {
            visitor.clone_from(v);
        }
        if let (Move::Act(Action::Press { name, .. }), Ok(after)) = (&m, &checked) {
            // The code field's own form sent, by the visitor who typed it.
            let submitted = [B_NEXT, B_SEND].iter().any(|b| names::same(name, b))
                && screen.fields().any(|f| Known::is_code_field(&f.name));
            let here = (visitor.clone(), before.clone());
            let typed = typed_code.take_if(|(by, _)| *by == visitor);
            if let Some((_, code)) = typed.filter(|_| submitted) {
                if after.errors.is_empty() && after.title != before {
                    let now = door.now().unwrap_or(at);
                    let wrong = known.wrong_codes.get(&here).copied().unwrap_or(0);
                    if let Err(broken) = invariants::code_taken(&mut known, &code, now, wrong) {
                        return Some((broken, made));
                    }
                    out.codes_taken += 1;
                } else if after.title == before
                    && after
                        .errors
                        .iter()
                        .any(|e| e == E_CODE_WRONG || e == E_OTP_WRONG)
                {
                    *known.wrong_codes.entry(here).or_default() += 1;
                }
            }
        }
        if let (Move::Act(Action::Press { name, .. }), Ok(after)) = (&m, &checked)
            && names::same(&before, T_SEND_CONFIRM)
            && [B_AGREE_SEND, B_OK].iter().any(|b| names::same(name, b))
            && names::same(&after.title, T_DONE)
        {
            let dx = format!("{T_DX}の");
            let reviewed = !screen.blocks.iter().any(|b| match b {
                Block::Text { lines } => lines.iter().any(|l| l.starts_with(&dx)),
                _ => false,
            });
            known.numbered(door.now().unwrap_or(clock), reviewed);
        }
        if let Move::Federation(Command::Decide { number, .. }) = &m {
            known.applications.retain(|a| a != number);
        }
        if let Some(what) = W::difference(&door) {
            return Some((Broken::difference(what), made));
        }
        match checked {
            Ok(after) => {
                out.reached.shown(&after);
                if let Move::Act(Action::Press { name, .. }) = &m {
                    out.reached.moved(&before, name, &after.title);
                }
            }
            Err(broken) => return Some((broken, made)),
        }
    }
    None
}

/// Whether a reset request is written as the rules want it (a 事業所番号 of 10 digits, an
/// ASCII address in lower case): only then must its answer not tell accounts apart.
fn well_formed(office: &str, address: &str) -> bool {
    office.len() == 10
        && office.bytes().all(|b| b.is_ascii_digit())
        && address.contains('@')
        && address
            .bytes()
            .all(|b| b.is_ascii_graphic() && !b.is_ascii_uppercase())
}

/// Whether the federation refused a command as it refuses a visitor's mistake: a
/// 管理番号 nobody applied under, an application not received or decided already.
fn refused(e: &DriverError) -> bool {
    matches!(e, DriverError::Unknown(_) | DriverError::Federation(_))
}

/// Why a move did not go through.
enum Failed {
    Driver(DriverError),
    Panic(String),
}

/// Runs a door call, a panic caught as what the system did.
fn catch(call: impl FnOnce() -> Result<(), DriverError>) -> Result<(), Failed> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(call)) {
        Ok(r) => r.map_err(Failed::Driver),
        Err(p) => Err(Failed::Panic(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "a panic".into()),
        )),
    }
}
