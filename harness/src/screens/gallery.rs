//! Every screen as the scenarios show it, merged by title: its fields (kind, options),
//! buttons, links, tables and texts. `eseikyu screens` prints it; `docs/screens.md` is
//! it in Markdown.

use super::catalogue::catalogue;
use super::model::{Block, Cell, FieldKind, Screen};
use super::names;
use std::collections::BTreeMap;
use std::fmt::Write;

/// Screens gathered from runs, one entry per title.
#[derive(Default)]
pub struct Gallery {
    screens: BTreeMap<String, Seen>,
}

/// What one screen showed, across every time it was seen (first seen first).
#[derive(Default)]
pub struct Seen {
    pub title: String,
    pub fields: Vec<(String, FieldKind, Vec<String>)>,
    pub buttons: Vec<String>,
    pub links: Vec<String>,
    pub menu: Vec<String>,
    pub tables: Vec<Vec<String>>,
    pub texts: Vec<String>,
    /// Messages of refused actions shown on it (UI-5).
    pub messages: Vec<String>,
    /// How many times it was seen.
    pub times: usize,
}

impl Gallery {
    /// Adds what `screen` shows.
    pub fn add(&mut self, screen: &Screen) {
        let seen = self
            .screens
            .entry(names::normalize(&screen.title))
            .or_insert_with(|| Seen {
                title: screen.title.clone(),
                ..Seen::default()
            });
        seen.times += 1;
        if let Some(h) = &screen.header {
            h.menu.iter().for_each(|m| put(&mut seen.menu, m));
        }
        screen
            .errors
            .iter()
            .for_each(|e| put(&mut seen.messages, e));
        screen
            .buttons
            .iter()
            .for_each(|b| put(&mut seen.buttons, b));
        for block in &screen.blocks {
            seen.block(block);
        }
    }

    /// The screens seen, in the catalogue's order (others after, by title).
    pub fn screens(&self) -> Vec<&Seen> {
        let mut out: Vec<&Seen> = catalogue()
            .titles
            .iter()
            .filter_map(|t| self.screens.get(&names::normalize(t)))
            .collect();
        for s in self.screens.values() {
            if !out.iter().any(|o| std::ptr::eq(*o, s)) {
                out.push(s);
            }
        }
        out
    }

    /// The screens titled like one of `titles` (as a person reads them), or every screen.
    pub fn pick(&self, titles: &[String]) -> Result<Vec<&Seen>, String> {
        if titles.is_empty() {
            return Ok(self.screens());
        }
        titles
            .iter()
            .map(|t| {
                self.screens.get(&names::normalize(t)).ok_or_else(|| {
                    match names::nearest(t, self.titles()) {
                        Some(n) => format!("no screen is titled 「{t}」; did you mean 「{n}」?"),
                        None => format!("no screen is titled 「{t}」"),
                    }
                })
            })
            .collect()
    }

    fn titles(&self) -> impl Iterator<Item = &str> {
        self.screens.values().map(|s| s.title.as_str())
    }

    /// The catalogue's titles no run showed.
    pub fn unseen(&self) -> Vec<&'static str> {
        catalogue()
            .titles
            .iter()
            .filter(|t| !self.screens.contains_key(&names::normalize(t)))
            .collect()
    }
}

impl Seen {
    fn block(&mut self, block: &Block) {
        match block {
            Block::Heading { text } => put(&mut self.texts, text),
            Block::Text { lines } | Block::Dialog { lines } => {
                lines.iter().for_each(|l| put(&mut self.texts, l))
            }
            Block::Bullets { items } => items.iter().for_each(|l| put(&mut self.texts, l)),
            Block::Help { title, lines } => {
                put(&mut self.texts, title);
                lines.iter().for_each(|l| put(&mut self.texts, l));
            }
            Block::Link { text } => put(&mut self.links, text),
            Block::Button { text } => put(&mut self.buttons, text),
            Block::Field(f) => match self.fields.iter_mut().find(|(n, _, _)| *n == f.name) {
                Some((_, _, options)) => f.options.iter().for_each(|o| put(options, o)),
                None => self
                    .fields
                    .push((f.name.clone(), f.kind, f.options.clone())),
            },
            Block::Table(t) => {
                if !self.tables.contains(&t.columns) {
                    self.tables.push(t.columns.clone());
                }
                for cell in t.rows.iter().flatten() {
                    match cell {
                        Cell::Button(b) => put(&mut self.buttons, b),
                        Cell::Link(l) => put(&mut self.links, l),
                        Cell::Text(_) => {}
                    }
                }
            }
        }
    }

    /// Its names as lines of `harness/screens.tsv`: title, `field` or `press`, name.
    pub fn names(&self) -> String {
        let mut out = String::new();
        for (name, _, _) in &self.fields {
            let _ = writeln!(out, "{}\tfield\t{name}", self.title);
        }
        for name in self.buttons.iter().chain(&self.links).chain(&self.menu) {
            let _ = writeln!(out, "{}\tpress\t{name}", self.title);
        }
        out
    }

    /// The screen as `eseikyu screens` prints it.
    pub fn text(&self) -> String {
        let mut out = format!("【{}】 (seen {} times)\n", self.title, self.times);
        if !self.fields.is_empty() {
            out.push_str("  fields:\n");
            for (name, kind, options) in &self.fields {
                let _ = write!(out, "    {name} ({})", kind_name(*kind));
                if !options.is_empty() {
                    let _ = write!(out, ": {}", options.join(" | "));
                }
                out.push('\n');
            }
        }
        for (label, list) in self.lists() {
            if !list.is_empty() {
                let _ = writeln!(out, "  {label}: {}", list.join(", "));
            }
        }
        for columns in &self.tables {
            let _ = writeln!(out, "  table: {}", columns.join(" | "));
        }
        for (label, list) in [("texts", &self.texts), ("messages", &self.messages)] {
            if !list.is_empty() {
                let _ = writeln!(out, "  {label}:");
                list.iter().for_each(|t| {
                    let _ = writeln!(out, "    {t}");
                });
            }
        }
        out
    }

    /// The screen as a section of `docs/screens.md`.
    pub fn markdown(&self) -> String {
        let mut out = format!("## {}\n\n", self.title);
        if !self.fields.is_empty() {
            out.push_str("| field | kind | options |\n| --- | --- | --- |\n");
            for (name, kind, options) in &self.fields {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    cell(name),
                    kind_name(*kind),
                    cell(&options.join(" / "))
                );
            }
            out.push('\n');
        }
        for (label, list) in self.lists() {
            if !list.is_empty() {
                let _ = writeln!(out, "- **{label}**: {}", cell(&list.join(", ")));
            }
        }
        for columns in &self.tables {
            let _ = writeln!(out, "- **table**: {}", cell(&columns.join(" / ")));
        }
        for (label, list) in [("texts", &self.texts), ("messages", &self.messages)] {
            if !list.is_empty() {
                let _ = writeln!(out, "- **{label}**:");
                list.iter().for_each(|t| {
                    let _ = writeln!(out, "  - {}", cell(t));
                });
            }
        }
        out.push('\n');
        out
    }

    fn lists(&self) -> [(&'static str, &Vec<String>); 3] {
        [
            ("buttons", &self.buttons),
            ("links", &self.links),
            ("menu", &self.menu),
        ]
    }
}

/// The gallery in Markdown, with how it was made.
pub fn markdown(screens: &[&Seen], made_from: &str) -> String {
    let mut out = String::from(
        "# Screens\n\nEvery screen the scenario corpus shows, with its fields (kind, options), \
         buttons, links, tables and texts, merged over every time it was shown. Generated by \
         `eseikyu screens --markdown` from ",
    );
    out.push_str(made_from);
    out.push_str("; a test keeps it current.\n\n");
    for s in screens {
        out.push_str(&s.markdown());
    }
    out
}

fn put(list: &mut Vec<String>, item: &str) {
    let item = item.trim();
    if !item.is_empty() && !list.iter().any(|x| x == item) {
        list.push(item.to_string());
    }
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Password => "password",
        FieldKind::Checkbox => "checkbox",
        FieldKind::Radio => "radio",
        FieldKind::Choice => "choice",
        FieldKind::Display => "display",
        FieldKind::File => "file",
    }
}

/// Text safe in a Markdown table cell or list item.
fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}
