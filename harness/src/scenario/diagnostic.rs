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
}

impl Diagnostic {
    pub fn new(file: &str, line: u64, column: u64, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
            help: None,
        }
    }
    pub fn with_help(mut self, help: Option<String>) -> Diagnostic {
        self.help = help;
        self
    }

    /// `error: …` / `--> file:line:col` / the source line with a caret / `help: …`.
    pub fn render(&self, source: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "error: {}", self.message);
        let _ = writeln!(out, "  --> {}:{}:{}", self.file, self.line, self.column);
        if self.line > 0
            && let Some(text) = source
                .lines()
                .nth(usize::try_from(self.line - 1).unwrap_or(0))
        {
            let n = self.line.to_string();
            let pad = " ".repeat(n.len());
            let caret_at: usize = text
                .chars()
                .take(usize::try_from(self.column.saturating_sub(1)).unwrap_or(0))
                .map(display_width)
                .sum();
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{n} | {text}");
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret_at));
        }
        if let Some(h) = &self.help {
            let _ = writeln!(out, "  = help: {h}");
        }
        out
    }
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
