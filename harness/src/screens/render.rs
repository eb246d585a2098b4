//! Renders a [`Screen`] to deterministic text: what snapshots hold and `see:` reads.

use super::model::{Block, Cell, FieldKind, Screen};
use std::fmt::Write;

/// The screen as text, one element a line.
pub fn render(screen: &Screen) -> String {
    let mut out = String::new();
    if let Some(h) = &screen.header {
        if h.menu.is_empty() {
            let _ = writeln!(out, "{}", h.label);
        } else {
            let _ = writeln!(out, "{} | {}", h.label, h.menu.join(" "));
        }
    }
    let _ = write!(out, "【{}】", screen.title);
    if let Some(t) = &screen.time {
        let _ = write!(out, " 時刻 {t}");
    }
    out.push('\n');
    for s in &screen.steps {
        let mark = if s.current { "▶" } else { " " };
        let _ = writeln!(out, "{mark} {} {}", s.number, s.label);
    }
    for e in &screen.errors {
        let _ = writeln!(out, "✖ {e}");
    }
    for b in &screen.blocks {
        render_block(&mut out, b);
    }
    if !screen.buttons.is_empty() {
        let buttons: Vec<String> = screen.buttons.iter().map(|b| format!("[{b}]")).collect();
        let _ = writeln!(out, "{}", buttons.join(" "));
    }
    out
}

fn render_block(out: &mut String, block: &Block) {
    match block {
        Block::Heading { text } => {
            let _ = writeln!(out, "■ {text}");
        }
        Block::Text { lines } => {
            for l in lines {
                let _ = writeln!(out, "{l}");
            }
        }
        Block::Bullets { items } => {
            for i in items {
                let _ = writeln!(out, "・{i}");
            }
        }
        Block::Field(f) => {
            let line = match f.kind {
                FieldKind::Text => format!("《{}》[{}]", f.name, f.value),
                FieldKind::Password => {
                    let shown = if f.value.is_empty() { "" } else { "********" };
                    format!("《{}》[{shown}]", f.name)
                }
                FieldKind::Display => format!("《{}》{}", f.name, f.value),
                FieldKind::File => format!("《{}》[ファイル: {}]", f.name, f.value),
                FieldKind::Checkbox => {
                    let mark = if f.value.is_empty() { "☐" } else { "☑" };
                    format!("{mark} {}", f.name)
                }
                FieldKind::Radio => {
                    let mark = if f.value.is_empty() { "○" } else { "●" };
                    format!("{mark} {}", f.name)
                }
                FieldKind::Choice if f.notes.iter().any(|n| !n.is_empty()) => {
                    // Each option on its own line, its notes under it.
                    let mut lines = vec![format!("《{}》", f.name)];
                    for (i, o) in f.options.iter().enumerate() {
                        let mark = if *o == f.value { "●" } else { "○" };
                        lines.push(format!("{mark} {o}"));
                        for n in f.notes.get(i).into_iter().flatten() {
                            lines.push(format!("  {n}"));
                        }
                    }
                    lines.join("\n")
                }
                FieldKind::Choice => {
                    let opts: Vec<String> = f
                        .options
                        .iter()
                        .map(|o| {
                            let mark = if *o == f.value { "●" } else { "○" };
                            format!("{mark} {o}")
                        })
                        .collect();
                    format!("《{}》{}", f.name, opts.join(" "))
                }
            };
            let _ = writeln!(out, "{line}");
        }
        Block::Table(t) => {
            if !t.columns.is_empty() {
                let _ = writeln!(out, "| {} |", t.columns.join(" | "));
            }
            for row in &t.rows {
                let cells: Vec<String> = row
                    .iter()
                    .map(|c| match c {
                        Cell::Text(s) => s.clone(),
                        Cell::Button(s) => format!("[{s}]"),
                        Cell::Link(s) => format!("<{s}>"),
                    })
                    .collect();
                let _ = writeln!(out, "| {} |", cells.join(" | "));
            }
        }
        Block::Link { text } => {
            let _ = writeln!(out, "<{text}>");
        }
        Block::Button { text } => {
            let _ = writeln!(out, "[{text}]");
        }
        Block::Dialog { lines } => {
            let _ = writeln!(out, "┌─ ダイアログ");
            for l in lines {
                let _ = writeln!(out, "│ {l}");
            }
            let _ = writeln!(out, "└─");
        }
        Block::Help { title, lines } => {
            let _ = writeln!(out, "[?] {title}");
            for l in lines {
                let _ = writeln!(out, "    {l}");
            }
        }
    }
}
