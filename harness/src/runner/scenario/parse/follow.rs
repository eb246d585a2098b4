//! The static check that follows the screen a step is on, where the plan makes it known
//! (after `open:` an entry page, or `screen:`), until a step that may move it: a name the
//! step uses that the corpus never showed on that screen, but did on others, is a warning
//! that says "may" (the corpus shows what it reached, not every state of a screen). The
//! screens' names come from `harness/screens.tsv` (`eseikyu screens --names`).

use super::Validator;
use crate::scenario::plan::StepKind;
use eseikyu_screens::names;
use serde_saphyr::Spanned;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What each screen showed in the corpus: by normalised title, its field names and its
/// pressable names, normalised.
struct Shown {
    screens: HashMap<String, Names>,
}

#[derive(Default)]
struct Names {
    title: String,
    fields: Vec<String>,
    presses: Vec<String>,
}

fn shown() -> &'static Shown {
    static TABLE: OnceLock<Shown> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut screens: HashMap<String, Names> = HashMap::new();
        for line in include_str!("../../../../screens.tsv").lines() {
            let mut cells = line.split('\t');
            let (Some(title), Some(kind), Some(name)) = (cells.next(), cells.next(), cells.next())
            else {
                continue;
            };
            let entry = screens.entry(names::normalize(title)).or_default();
            entry.title = title.to_string();
            match kind {
                "field" => entry.fields.push(names::normalize(name)),
                _ => entry.presses.push(names::normalize(name)),
            }
        }
        Shown { screens }
    })
}

impl Validator<'_> {
    /// Checks the names `kind` uses against the screen the plan knows it is on, then
    /// follows the step to the screen it leaves the visitor on (if known).
    pub(super) fn follow(&mut self, at: &Spanned<()>, kind: &StepKind) {
        match kind {
            StepKind::Fill(pairs) | StepKind::Choose(pairs) => {
                for (field, _) in pairs {
                    self.on_screen(at, field, true);
                }
            }
            StepKind::Check(field, _) => self.on_screen(at, field, true),
            StepKind::Press { name, .. } => self.on_screen(at, name, false),
            _ => {}
        }
        self.on = match kind {
            StepKind::Open(t) => {
                eseikyu_screens::entries::named(t).map(|e| e.also.unwrap_or(e.name).to_string())
            }
            StepKind::Screen(t) => Some(t.clone()),
            StepKind::Press { .. }
            | StepKind::Back
            | StepKind::Go(_)
            | StepKind::Repost
            | StepKind::As(_) => None,
            _ => self.on.take(),
        };
    }

    fn on_screen(&mut self, at: &Spanned<()>, name: &str, field: bool) {
        let Some(here) = &self.on else { return };
        if name.contains("${") {
            return;
        }
        let table = shown();
        let Some(screen) = table.screens.get(&names::normalize(here)) else {
            return;
        };
        let wanted = names::normalize(name);
        let shows = |n: &Names| {
            if field {
                n.fields.contains(&wanted)
            } else {
                n.presses.contains(&wanted)
            }
        };
        if shows(screen) {
            return;
        }
        let mut elsewhere: Vec<&str> = table
            .screens
            .values()
            .filter(|n| shows(n))
            .map(|n| n.title.as_str())
            .collect();
        if elsewhere.is_empty() {
            return;
        }
        elsewhere.sort_unstable();
        let what = if field { "field" } else { "button or link" };
        let message = format!(
            "「{name}」 may not be on 【{}】, where this step is: the corpus shows that {what} on 【{}】",
            screen.title,
            elsewhere.join("】, 【")
        );
        self.warn(
            at,
            message,
            Some("if the step is on another screen, say which with `screen:` before it".into()),
        );
    }
}
