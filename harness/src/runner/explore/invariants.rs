//! What must hold after every move of a journey, each citing its rule: no panic and no
//! error of the system (UI-5: a mistake is a message on the same screen), a title on
//! every screen (UI-1), every page the site would serve reading back as the same screen
//! (UI-1: the screen model and the HTML are one), at most five security addresses listed
//! (MAIL-5), every mail valid, dated and identified MIME (MSG-7), no office's password on
//! a page (ACC-3), no more codes mailed than the anti-automation limits let through
//! (CODE-3), certificates' histories and files as the CERT rules say ([`certificates`]).
//!
//! [`certificates`]: super::certificates

use super::values::Known;
use eseikyu_core::text::T_SECURITY_LIST;
use eseikyu_door::{Driver, DriverError, DriverExt};
use eseikyu_screens::{Block, html, names, read};

/// A code typed and taken by the system (the screen moved on without a message): taken
/// at most once, never more than 30 minutes after it was mailed, only if it was mailed
/// at all, and not after as many wrong entries as void a code (`wrong`: those the
/// visitor made on the screen since the last code was mailed; CODE-1, CODE-2, CODE-3).
pub fn code_taken(
    known: &mut Known,
    code: &str,
    now: jiff::Timestamp,
    wrong: usize,
) -> Result<(), Broken> {
    let broken = |what: String| Broken {
        rule: "CODE-3",
        what,
    };
    let Some(mailed) = known.issued.get(code).copied() else {
        return Err(broken(format!("the code {code}, never mailed, was taken")));
    };
    if known.used.contains(code) {
        return Err(broken(format!("the code {code} was taken twice")));
    }
    let attempts = super::profile().code_attempts as usize;
    if wrong >= attempts {
        return Err(broken(format!(
            "the code {code} was taken after {wrong} wrong entries (it voids after {attempts})"
        )));
    }
    let age = now.duration_since(mailed);
    if age > jiff::SignedDuration::from_mins(30) {
        return Err(broken(format!(
            "the code {code} was taken {}s after it was mailed",
            age.as_secs()
        )));
    }
    known.used.insert(code.to_string());
    Ok(())
}

/// The answer to a well-formed reset request (事業所番号 and address, RESET-1): the same
/// screen and messages whether the office exists and the address is registered or not
/// (RESET-3: no account is told apart). A 事業所番号 asked for more often than the
/// anti-automation limits let codes through (`beyond`) is answered as every other such
/// one (CODE-3: the limits count the number as entered, known or not).
pub fn reset_answered(
    known: &mut Known,
    office: &str,
    asked: String,
    answer: &eseikyu_screens::Screen,
    beyond: bool,
) -> Result<(), Broken> {
    let (title, errors) = (answer.title.as_str(), answer.errors.as_slice());
    let several = known.several.iter().any(|n| n == office);
    let kind = format!(
        "{}{}",
        if several { office } else { "" },
        if beyond { " beyond the limits" } else { "" }
    );
    match known.reset_answers.get(&kind) {
        None => {
            let first = (title.to_string(), errors.to_vec(), asked);
            known.reset_answers.insert(kind, first);
            Ok(())
        }
        Some((t, e, first)) if t != title || e != errors => Err(Broken {
            rule: "RESET-3",
            what: format!(
                "{first} was answered with 【{t}】 {e:?}, but {asked} with 【{title}】 {errors:?}"
            ),
        }),
        Some(_) => Ok(()),
    }
}

/// A code mailed to `to` at `now`: no address gets more codes an hour than the
/// anti-automation limits let through (CODE-3, profile `code_limits`: 5 per target and
/// purpose an hour). An address is a target of its own (a new address's 確認コード), of
/// its office (a reset's ワンタイムパスワード) and of each account that has it (a login's),
/// so it may get the limit for each.
fn codes_within_limits(known: &mut Known, to: &str, now: jiff::Timestamp) -> Result<(), Broken> {
    let limits = super::values::code_limits();
    let to = to.to_lowercase();
    let targets = 2 + known.sharers.get(&to).copied().unwrap_or(0);
    let most = limits.issued as usize * targets;
    let sent = known.code_mails.entry(to.clone()).or_default();
    sent.push(now);
    sent.retain(|t| now.duration_since(*t) < limits.window);
    if sent.len() > most {
        return Err(Broken {
            rule: "CODE-3",
            what: format!(
                "{} codes mailed to {to} within {}s (the limits let {most} through)",
                sent.len(),
                limits.window.as_secs()
            ),
        });
    }
    Ok(())
}

/// No page shows an office's passwords (ACC-3, ACC-6: the temporary password and the
/// 証明書発行用パスワード reach the office by post only, to be kept from others; a password
/// field never carries its value): neither the screen's text nor the page the site would
/// serve holds one, what a visitor typed into a text field aside (a typed value shown
/// back is the visitor's own).
fn secrets_kept(screen: &eseikyu_screens::Screen, page: &str, known: &Known) -> Result<(), Broken> {
    let mut typed = screen.clone();
    for b in &mut typed.blocks {
        if let Block::Field(f) = b
            && f.kind == eseikyu_screens::FieldKind::Text
        {
            f.value.clear();
        }
    }
    let text = eseikyu_screens::render::render(&typed);
    let secrets = known.offices.iter().flat_map(|(number, facts, password)| {
        [
            ("仮パスワード", facts.temp_password.as_str()),
            ("証明書発行用パスワード", facts.cert_password.as_str()),
            ("パスワード", password.as_deref().unwrap_or_default()),
        ]
        .into_iter()
        .filter(|(_, v)| v.len() >= 8)
        .map(move |(kind, v)| (number, kind, v))
    });
    for (number, kind, secret) in secrets {
        let in_page = page.contains(secret) && !typed_into_text(screen, secret);
        if text.contains(secret) || in_page {
            return Err(Broken {
                rule: "ACC-3",
                what: format!("【{}】 shows the {kind} of {number}", screen.title),
            });
        }
    }
    Ok(())
}

/// Whether a visitor typed `value` into one of the screen's text fields.
fn typed_into_text(screen: &eseikyu_screens::Screen, value: &str) -> bool {
    screen
        .fields()
        .any(|f| f.kind == eseikyu_screens::FieldKind::Text && f.value.contains(value))
}

/// What a difference between a target and the reference is reported as (no rule of
/// SPEC.md: every rule is the reference's).
pub const DIFFERENCE: &str = "DIFF";

/// A rule a journey broke.
#[derive(Clone, Debug, PartialEq)]
pub struct Broken {
    pub rule: &'static str,
    pub what: String,
}

impl Broken {
    /// Whether `other` breaks the rule as this does: the same rule, and for a difference
    /// the same difference (a shrunk journey must show the one found, not another).
    pub fn same_as(&self, other: &Broken) -> bool {
        self.rule == other.rule && (self.rule != DIFFERENCE || self.what == other.what)
    }

    /// The system failed a move (an error that is not the visitor's mistake).
    pub fn system(e: &DriverError) -> Broken {
        Broken {
            rule: "UI-5",
            what: format!("the system failed: {e}"),
        }
    }

    /// The target differed from the reference (differential exploring).
    pub fn difference(what: String) -> Broken {
        Broken {
            rule: DIFFERENCE,
            what: format!("the target differs from the reference: {what}"),
        }
    }

    /// The system panicked.
    pub fn panic(message: &str) -> Broken {
        Broken {
            rule: "UI-5",
            what: format!("the system panicked: {message}"),
        }
    }
}

/// How many of a world's mails and downloads were checked already.
#[derive(Default)]
pub struct Checked {
    pub mails: usize,
    pub downloads: usize,
}

/// Checks the world after a move; the acting visitor's screen when all holds. The mails
/// and files not checked yet are (their codes and 管理番号 are learnt).
pub fn check(
    door: &impl Driver,
    known: &mut Known,
    checked: &mut Checked,
    profile: &eseikyu_core::profile::Profile,
) -> Result<eseikyu_screens::Screen, Broken> {
    let screen = door.screen().map_err(|e| Broken::system(&e))?;
    if screen.title.trim().is_empty() {
        return Err(Broken {
            rule: "UI-1",
            what: "a screen without a title".into(),
        });
    }
    let page = html::page(
        &screen,
        &html::Actions {
            post: "/KShinsei/explore",
            link: html::LINK_ADDRESS,
            token: "t",
        },
    );
    secrets_kept(&screen, &page, known)?;
    let back = read::read(&page).map_err(|e| Broken {
        rule: "UI-1",
        what: format!("【{}】's page does not read back: {e}", screen.title),
    })?;
    if back.screen.title != screen.title || back.screen.buttons != screen.buttons {
        return Err(Broken {
            rule: "UI-1",
            what: format!("【{}】's page reads back as another screen", screen.title),
        });
    }
    if names::same(&screen.title, T_SECURITY_LIST) {
        let rows: usize = screen
            .blocks
            .iter()
            .map(|b| match b {
                Block::Table(t) => t.rows.len(),
                _ => 0,
            })
            .sum();
        if rows > 5 {
            return Err(Broken {
                rule: "MAIL-5",
                what: format!("{rows} security addresses listed"),
            });
        }
    }
    super::certificates::history_holds(&screen, profile)?;
    let fresh = door
        .mails_from(checked.mails)
        .map_err(|e| Broken::system(&e))?;
    let now = door.now().map_err(|e| Broken::system(&e))?;
    for m in &fresh {
        let raw = String::from_utf8_lossy(&m.raw).to_ascii_lowercase();
        let has = |h: &str| raw.starts_with(h) || raw.contains(&format!("\n{h}"));
        if m.subject.is_empty() || !has("date:") || !has("message-id:") {
            return Err(Broken {
                rule: "MSG-7",
                what: format!("a mail to {:?} without subject, Date or Message-ID", m.to),
            });
        }
        known.read_numbers(&m.body);
        if known.read_codes(&m.body, now) {
            for to in &m.to {
                codes_within_limits(known, to, now)?;
            }
        }
    }
    checked.mails += fresh.len();
    let files = door
        .downloads_from(checked.downloads)
        .map_err(|e| Broken::system(&e))?;
    for d in &files {
        super::certificates::download_holds(d, now, profile)?;
    }
    checked.downloads += files.len();
    Ok(screen)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_taken_once_in_time_and_not_after_it_voids() {
        let mailed: jiff::Timestamp = "2026-02-10T10:00:00+09:00".parse().expect("instant");
        let later = |mins| mailed + jiff::SignedDuration::from_mins(mins);
        let mut known = Known::default();
        known.issued.insert("1234".into(), mailed);
        assert!(
            code_taken(&mut known, "9999", later(1), 0).is_err(),
            "never mailed"
        );
        assert!(
            code_taken(&mut known, "1234", later(31), 0).is_err(),
            "past 30 minutes"
        );
        assert!(
            code_taken(&mut known, "1234", later(1), 5).is_err(),
            "void after 5 wrong"
        );
        assert!(code_taken(&mut known, "1234", later(1), 4).is_ok());
        assert!(
            code_taken(&mut known, "1234", later(2), 0).is_err(),
            "taken twice"
        );
    }
}
