//! From YAML text to a validated [`Scenario`], in two stages: syntax (serde-saphyr, with
//! spans) and validation, which collects every mistake rather than stopping at the first.

mod uses;

mod follow;
mod step;
mod templated;

use super::diagnostic::Diagnostic;
use super::model::{Pairs, RawOffice, RawScenario};
use super::plan::{PlannedOffice, Scenario, Step, Variant};
use crate::rules;
use eseikyu_core::clock;
use eseikyu_core::profile::{PROFILE_NAMES, Profile};
use eseikyu_screens::catalogue::{Catalogue, catalogue};
use eseikyu_screens::names;
use regex::Regex;
use serde_saphyr::Spanned;
use std::collections::BTreeSet;
use std::sync::Arc;

/// The most generated offices a scenario may ask for.
pub use eseikyu_door::GENERATE_MAX;

/// Parses and validates one scenario file. Never panics: every problem is a diagnostic.
///
/// A step of the wrong shape stops the YAML reader, so each one found is noted and the
/// file read again with that step set aside: one run reports every step's shape, and the
/// names of the others, at once.
pub fn parse(file: &str, source: &str) -> Result<Scenario, Vec<Diagnostic>> {
    let Some(values) = templated::office_values(source) else {
        return read(file, source.into(), source);
    };
    let mut scenario = read(
        file,
        templated::with_values(source, &values[0]).into(),
        source,
    )?;
    templated::vary_offices(file, source, &values, &mut scenario)?;
    Ok(scenario)
}

/// Reads `text` (the `source` as written, or with one variant's values in its offices).
fn read(
    file: &str,
    mut text: std::borrow::Cow<'_, str>,
    source: &str,
) -> Result<Scenario, Vec<Diagnostic>> {
    let mut shapes: Vec<Diagnostic> = Vec::new();
    loop {
        match serde_saphyr::from_str::<RawScenario>(&text) {
            Ok(raw) if shapes.is_empty() => return Validator::new(file).scenario(raw, source),
            Ok(raw) => {
                if let Err(names) = Validator::new(file).scenario(raw, source) {
                    shapes.extend(names);
                }
                shapes.sort_by_key(|d| (d.line, d.column));
                return Err(shapes);
            }
            Err(e) => {
                let d = syntax_diagnostic(file, &e);
                let mended = (shapes.len() < MAX_SHAPE_MISTAKES)
                    .then(|| set_aside_step(&text, d.line))
                    .flatten();
                shapes.push(d);
                match mended {
                    Some(t) => text = std::borrow::Cow::Owned(t),
                    None => return Err(shapes),
                }
            }
        }
    }
}

/// The most steps of the wrong shape one file reports.
const MAX_SHAPE_MISTAKES: usize = 50;

/// `text` with the step that holds line `line` (1-based) set aside: replaced by a step
/// that checks nothing (`- as: "1"`, the first visitor, who acts already) and blank lines,
/// so every other line keeps its number. `None` if the line is not in a step.
fn set_aside_step(text: &str, line: u64) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let at = usize::try_from(line).ok()?.checked_sub(1)?;
    let steps = lines.iter().position(|l| l.trim_end() == "steps:")?;
    if at <= steps || at >= lines.len() {
        return None;
    }
    let indent = |l: &str| l.len() - l.trim_start().len();
    let is_item = |l: &str| l.trim_start().starts_with("- ") || l.trim() == "-";
    let first = (steps + 1..lines.len()).find(|&i| is_item(lines[i]))?;
    let step_indent = indent(lines[first]);
    let start = (first..=at)
        .rev()
        .find(|&i| is_item(lines[i]) && indent(lines[i]) == step_indent)?;
    let end = (start + 1..lines.len())
        .find(|&i| {
            let l = lines[i];
            !l.trim().is_empty() && !l.trim_start().starts_with('#') && indent(l) <= step_indent
        })
        .unwrap_or(lines.len());
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out[start] = format!("{}- as: \"1\"", " ".repeat(step_indent));
    for l in out.iter_mut().take(end).skip(start + 1) {
        l.clear();
    }
    Some(out.join("\n"))
}

/// A capture's regular expression, compiled once per distinct pattern and shared (one
/// `Regex`, one pool of match caches): a compiled pattern with Unicode classes (`\d`)
/// and its caches take a few hundred KiB, and a corpus of thousands of scenarios uses a
/// handful of patterns.
fn compiled(pattern: &str) -> Result<Arc<Regex>, regex::Error> {
    use std::collections::HashMap;
    use std::sync::{Mutex, OnceLock};
    /// Distinct patterns kept; beyond this, patterns are compiled but not kept.
    const KEPT: usize = 1024;
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Regex>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(re) = cache.lock().unwrap_or_else(|p| p.into_inner()).get(pattern) {
        return Ok(re.clone());
    }
    let re = Arc::new(Regex::new(pattern)?);
    let mut c = cache.lock().unwrap_or_else(|p| p.into_inner());
    if c.len() < KEPT {
        c.insert(pattern.to_string(), re.clone());
    }
    Ok(re)
}

/// A YAML or shape error, located in `file`.
pub fn syntax_diagnostic(file: &str, e: &serde_saphyr::Error) -> Diagnostic {
    let mut opts = serde_saphyr::RenderOptions::default();
    opts.snippets = serde_saphyr::SnippetMode::Off;
    let message = e.render_with_options(opts);
    let message = message.lines().next().unwrap_or("invalid YAML");
    // The position is shown in the diagnostic's own `-->` line.
    let message = match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    };
    let (line, column) = e
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let message = plain(&message);
    let help = misspelt(&message).and_then(|(wanted, candidates)| {
        meant(&wanted, &candidates)
            .or_else(|| names::nearest(&wanted, candidates.iter().map(String::as_str)))
            .map(|n| format!("did you mean `{n}`?"))
    });
    Diagnostic::new(file, line, column, message).with_help(help)
}

/// serde's wording put in a tester's words: no type names, no `~`.
fn plain(message: &str) -> String {
    if message.starts_with("unknown variant `~`") || message.starts_with("unknown variant ``") {
        return "an empty step: write one step name and its value, such as `- press: ログイン`"
            .into();
    }
    let step = message.contains("expected one of open, browser,");
    let mut m = message
        .replace(
            "data did not match any variant of untagged enum PressArg",
            "expected a button name, or { button: …, row: … } for a button in a table row",
        )
        .replace(
            "data did not match any variant of untagged enum Installed",
            "expected a certificate kind (insurance, common, dx, care_plan), or { kind: …, \
             from: <instant>, to: <instant> }",
        );
    for (serde, plain) in [
        ("invalid type: map,", "found a mapping,"),
        ("invalid type: sequence,", "found a list,"),
        ("invalid type: unit value,", "found nothing,"),
        ("invalid type: null,", "found nothing,"),
        ("invalid type: integer", "found the number"),
        ("invalid type: floating point", "found the number"),
        ("invalid type: boolean", "found the boolean"),
        ("invalid type: string", "found the text"),
        ("unknown variant `", "unknown value `"),
        ("unknown field", "unknown key"),
    ] {
        m = m.replace(serde, plain);
    }
    if step {
        m = m.replacen("unknown value", "unknown step", 1);
    }
    m
}

/// From a message about an unknown value or key, the name and the names it could have
/// been: the ones the message lists (so an enum value is matched against its values,
/// a key against its mapping's keys).
/// The step a tester meant by a word of another tool (`click` → `press`), if it is one of
/// `candidates`: known by meaning, not by spelling.
fn meant(wanted: &str, candidates: &[String]) -> Option<String> {
    const MEANINGS: &[(&[&str], &str)] = &[
        (&["click", "tap", "submit", "button", "push"], "press"),
        (&["type", "input", "enter", "set", "write"], "fill"),
        (&["goto", "go", "visit", "navigate", "browse"], "open"),
        (
            &["expect", "assert", "contains", "text", "sees", "show"],
            "see",
        ),
        (&["not_see", "no_see", "hidden", "not"], "absent"),
        (&["title", "page", "at_screen"], "screen"),
        (&["sleep", "advance", "delay", "pause"], "wait"),
        (&["select", "radio", "pick"], "choose"),
        (&["upload"], "attach"),
        (&["email", "inbox"], "mail"),
        (&["tick"], "check"),
        (&["untick"], "uncheck"),
    ];
    let w = wanted.to_lowercase();
    MEANINGS
        .iter()
        .find(|(words, _)| words.contains(&w.as_str()))
        .map(|(_, step)| step.to_string())
        .filter(|step| candidates.iter().any(|c| c == step))
}

fn misspelt(message: &str) -> Option<(String, Vec<String>)> {
    if !["unknown value", "unknown key", "unknown step"]
        .iter()
        .any(|p| message.starts_with(p))
    {
        return None;
    }
    let name = message.split('`').nth(1)?.to_string();
    let listed = message.split_once("expected one of ").map_or_else(
        || message.split_once("expected ").map_or("", |(_, l)| l),
        |(_, l)| l,
    );
    let candidates = listed
        .split([',', ' '])
        .filter(|c| *c != "or")
        .map(|c| c.trim_matches('`').to_string())
        .filter(|c| !c.is_empty())
        .collect();
    Some((name, candidates))
}

struct Validator<'a> {
    file: &'a str,
    catalogue: &'static Catalogue,
    errors: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    /// Whether `${ca.thumbprint}` is named.
    uses_ca: bool,
    /// Names `remember:` steps kept screens under so far.
    remembered: BTreeSet<String>,
    /// `${…}` names defined so far.
    defined: BTreeSet<String>,
    /// The title of the screen the steps so far leave the visitor on, when it is known.
    on: Option<String>,
}

impl<'a> Validator<'a> {
    fn new(file: &'a str) -> Validator<'a> {
        Validator {
            file,
            catalogue: catalogue(),
            errors: Vec::new(),
            warnings: Vec::new(),
            remembered: BTreeSet::new(),
            uses_ca: false,
            defined: BTreeSet::new(),
            on: None,
        }
    }

    fn error<T>(&mut self, at: &Spanned<T>, message: impl Into<String>, help: Option<String>) {
        self.errors.push(
            Diagnostic::new(
                self.file,
                at.referenced.line(),
                at.referenced.column(),
                message,
            )
            .with_help(help),
        );
    }

    /// What runs but is probably a mistake: the file still runs.
    fn warn<T>(&mut self, at: &Spanned<T>, message: impl Into<String>, help: Option<String>) {
        self.warnings.push(
            Diagnostic::warning(
                self.file,
                at.referenced.line(),
                at.referenced.column(),
                message,
            )
            .with_help(help),
        );
    }

    fn scenario(mut self, raw: RawScenario, source: &str) -> Result<Scenario, Vec<Diagnostic>> {
        if let Err(e) = check_id(&raw.id.value.0) {
            self.error(&raw.id, e, Some(ID_HELP.into()));
        }
        let generate = raw.generate.as_ref().map_or(0, |g| g.value);
        if let Some(g) = &raw.generate
            && g.value > GENERATE_MAX
        {
            self.error(
                g,
                format!(
                    "`generate: {}` is more than {GENERATE_MAX} offices",
                    g.value
                ),
                None,
            );
        }
        for c in &raw.covers {
            if !rules::is_rule(&c.value) {
                let help = names::nearest(&c.value, rules::ids().iter().copied())
                    .map(|n| format!("did you mean `{n}`?"));
                self.error(
                    c,
                    format!("`{}` is not a rule ID of SPEC.md", c.value),
                    help,
                );
            }
        }
        let profile = Profile::shared(&raw.profile.value).unwrap_or_else(|| {
            let help = Some(format!("profiles: {}", PROFILE_NAMES.join(", ")));
            self.error(
                &raw.profile,
                format!("unknown profile `{}`", raw.profile.value),
                help,
            );
            std::sync::Arc::new(Profile::r2025_12())
        });
        let at = self.instant(&raw.at);
        let offices: Vec<PlannedOffice> =
            raw.offices.iter().filter_map(|o| self.office(o)).collect();
        let mut numbers = BTreeSet::new();
        for (o, planned) in raw.offices.iter().zip(&offices) {
            if !numbers.insert(planned.spec.number.clone()) {
                self.error(
                    o,
                    format!("office {} is in the ledger twice", planned.spec.number),
                    None,
                );
            }
        }
        for o in &offices {
            let n = o.spec.number.as_str();
            for k in [
                "temp_password",
                "cert_password",
                "user_id",
                "password",
                "name",
            ] {
                self.defined.insert(format!("offices.{n}.{k}"));
            }
        }
        self.defined.insert("ca.thumbprint".into());
        let variants = self.variants(&raw.vary);
        let steps: Vec<Step> = own_size(raw.steps.into_iter().filter_map(|s| self.step(s)));
        if !self.errors.is_empty() {
            return Err(self.errors);
        }
        Ok(Scenario {
            file: self.file.to_string(),
            id: raw.id.value.0,
            title: raw.title.0,
            covers: own_size(raw.covers.into_iter().map(|c| c.value)),
            profile,
            at: at.unwrap_or(jiff::Timestamp::UNIX_EPOCH),
            seed: raw.seed.unwrap_or(0),
            world_seed: raw.world_seed,
            offices,
            generate,
            reveal: raw.reveal,
            variants,
            steps,
            source: source.into(),
            warnings: self.warnings,
            uses_ca: self.uses_ca,
        })
    }

    fn instant(&mut self, s: &Spanned<String>) -> Option<jiff::Timestamp> {
        match clock::parse_instant(&s.value) {
            Ok(t) => Some(t),
            Err(e) => {
                self.error(s, e, None);
                None
            }
        }
    }

    fn office(&mut self, o: &Spanned<RawOffice>) -> Option<PlannedOffice> {
        match office_plan(&o.value) {
            Ok(p) => Some(p),
            Err(e) => {
                self.error(o, e, None);
                None
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Field,
    Pressable,
    Title,
}

/// A span without its value, for pointing at a step.
trait SpanOnly {
    fn referenced_as(&self, unit: ()) -> Spanned<()>;
}

impl<T> SpanOnly for Spanned<T> {
    fn referenced_as(&self, unit: ()) -> Spanned<()> {
        Spanned {
            value: unit,
            referenced: self.referenced,
            defined: self.defined,
        }
    }
}

const ID_HELP: &str = "an id is letters, digits, `.`, `_` and `-`, in parts separated by `/`, e.g. `login/new-office-first-login`";
const LABEL_HELP: &str =
    "a label is up to 60 characters, without `/`, `\\`, control characters or a leading `.`";

/// A scenario id: it names the scenario's folder under `--artifacts`, so it can never
/// leave it.
pub fn check_id(id: &str) -> Result<(), String> {
    let part_ok = |p: &str| {
        !p.is_empty()
            && !p.starts_with('.')
            && p.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    };
    if id.is_empty() || id.len() > 120 || !id.split('/').all(part_ok) {
        return Err(format!("`{id}` is not a scenario id"));
    }
    Ok(())
}

/// A `vary:` label: it names a run's folder under its scenario's.
pub fn check_label(label: &str) -> Result<(), String> {
    let ok = !label.is_empty()
        && label.chars().count() <= 60
        && !label.starts_with('.')
        && !label
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(format!("{label:?} is not a run label"))
    }
}

/// An office as a scenario (or `eseikyu serve --offices`, or the control API) writes it,
/// checked: what the world registers.
pub fn office_plan(raw: &RawOffice) -> Result<PlannedOffice, String> {
    // The door takes any dates (a certificate that was never valid is a state too); in a
    // scenario, an end before the start is a slip of the pen.
    let backwards =
        |c: &eseikyu_door::Installed| matches!((c.from(), c.to()), (Some(f), Some(t)) if t <= f);
    if raw.installed.iter().any(backwards) {
        return Err(
            "an installed certificate ends before it is issued: write `to` after `from`".into(),
        );
    }
    Ok(PlannedOffice {
        spec: raw.checked()?,
        password: raw.password.clone(),
    })
}

/// A list of its own size from a raw list's items: `collect` would keep the raw list's far
/// larger allocation (about 15 KiB a scenario's steps, held for every file of a corpus
/// kept whole), and shrinking it afterwards leaves the heap fragmented.
fn own_size<T>(items: impl Iterator<Item = T>) -> Vec<T> {
    let mut v = Vec::with_capacity(items.size_hint().1.unwrap_or(0));
    v.extend(items);
    v
}
