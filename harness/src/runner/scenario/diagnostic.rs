//! Diagnostics: a mistake in a scenario file, with file, line, column, what was expected
//! and, for a misspelt name, the nearest valid one; rendered rustc-style with a caret.

use std::fmt::Write;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    /// 1-based; 0 when the position is unknown.
    pub line: u64,
    pub column: u64,
    pub message: String,
    pub help: Option<String>,
    /// A warning does not stop the file from running.
    pub warning: bool,
}

impl Diagnostic {
    pub fn new(file: &str, line: u64, column: u64, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
            help: None,
            warning: false,
        }
    }
    /// The same, as a warning: something that runs but is probably not what was meant.
    pub fn warning(file: &str, line: u64, column: u64, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            warning: true,
            ..Diagnostic::new(file, line, column, message)
        }
    }
    pub fn with_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// `error: …` / `--> file:line:col` / the source line with a caret / `help: …`.
    pub fn render(&self, source: &str) -> String {
        let mut out = String::new();
        let level = if self.warning { "warning" } else { "error" };
        let _ = writeln!(out, "{level}: {}", self.message);
        let _ = writeln!(out, "  --> {}:{}:{}", self.file, self.line, self.column);
        out.push_str(&snippet(source, self.line, self.column));
        if let Some(h) = &self.help {
            let _ = writeln!(out, "  = help: {h}");
        }
        out
    }
}

/// The source line `line` (1-based) with a caret under `column`, rustc-style; empty when
/// the line is not in `source`.
pub fn snippet(source: &str, line: u64, column: u64) -> String {
    let Some(text) = line
        .checked_sub(1)
        .and_then(|l| source.lines().nth(usize::try_from(l).ok()?))
    else {
        return String::new();
    };
    let n = line.to_string();
    let pad = " ".repeat(n.len());
    let caret_at = width(
        &text
            .chars()
            .take(usize::try_from(column.saturating_sub(1)).unwrap_or(0))
            .collect::<String>(),
    );
    format!("{pad} |\n{n} | {text}\n{pad} | {}^\n", " ".repeat(caret_at))
}

/// Columns a text takes in a terminal.
pub fn width(text: &str) -> usize {
    text.chars().map(display_width).sum()
}

/// Columns a character takes in a terminal: wide for CJK and full-width forms.
fn display_width(c: char) -> usize {
    let cp = u32::from(c);
    let wide = (0x1100..=0x115F).contains(&cp)
        || (0x2E80..=0xA4CF).contains(&cp)
        || (0xAC00..=0xD7A3).contains(&cp)
        || (0xF900..=0xFAFF).contains(&cp)
        || (0xFE30..=0xFE4F).contains(&cp)
        || (0xFF00..=0xFF60).contains(&cp)
        || (0xFFE0..=0xFFE6).contains(&cp);
    if wide { 2 } else { 1 }
}
