//! The screen model: what a visitor sees, as plain data that serialises to JSON and
//! renders to text (`render`). Nothing here knows the rules; `browser` fills it in.

use serde::Serialize;

/// One screen as shown.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Screen {
    pub title: String,
    /// UI-1: the header after login; none before login.
    pub header: Option<Header>,
    /// UI-1: 「時刻 HH:MM:SS」, from the virtual clock.
    pub time: Option<String>,
    /// UI-1: the numbered step list with the current step marked.
    pub steps: Vec<StepItem>,
    /// Messages of a refused action, shown on the same screen (UI-5).
    pub errors: Vec<String>,
    pub blocks: Vec<Block>,
    pub buttons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Header {
    pub label: String,
    pub menu: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StepItem {
    pub number: usize,
    pub label: String,
    pub current: bool,
}

/// In JSON each block names its type in `block` (a field has its own `kind`).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "block", rename_all = "snake_case")]
pub enum Block {
    Heading {
        text: String,
    },
    Text {
        lines: Vec<String>,
    },
    Bullets {
        items: Vec<String>,
    },
    Field(Field),
    Table(Table),
    Link {
        text: String,
    },
    /// A button inside the page (not with the buttons at its foot).
    Button {
        text: String,
    },
    Help {
        title: String,
        lines: Vec<String>,
    },
    /// A modal dialog over the screen: only its buttons can be pressed (CERT-5).
    Dialog {
        lines: Vec<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    pub name: String,
    pub kind: FieldKind,
    /// Entered text; for a choice, the selected option; for a toggle, "on" or "".
    pub value: String,
    pub options: Vec<String>,
    /// For a choice: the lines shown under each option (empty, or one entry per option).
    pub notes: Vec<Vec<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldKind {
    Text,
    /// Shown masked; its value never appears in rendered text.
    Password,
    /// A checkbox (☐/☑).
    Checkbox,
    /// A lone radio button (○/●).
    Radio,
    /// A radio group or dropdown with `options`.
    Choice,
    /// Read-only text.
    Display,
    /// A file to upload; its value is the chosen file's name.
    File,
}

impl FieldKind {
    pub fn is_toggle(self) -> bool {
        matches!(self, FieldKind::Checkbox | FieldKind::Radio)
    }
    pub fn is_fillable(self) -> bool {
        matches!(self, FieldKind::Text | FieldKind::Password)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Cell {
    Text(String),
    Button(String),
    Link(String),
}

impl Screen {
    pub fn new(title: &str) -> Screen {
        Screen {
            title: title.to_string(),
            ..Screen::default()
        }
    }
    pub fn text<S: AsRef<str>>(mut self, lines: &[S]) -> Screen {
        self.blocks.push(Block::Text {
            lines: lines.iter().map(|s| s.as_ref().to_string()).collect(),
        });
        self
    }
    pub fn heading(mut self, text: &str) -> Screen {
        self.blocks.push(Block::Heading { text: text.into() });
        self
    }
    pub fn bullets(mut self, items: &[&str]) -> Screen {
        self.blocks.push(Block::Bullets {
            items: items.iter().map(|s| s.to_string()).collect(),
        });
        self
    }
    pub fn field(mut self, name: &str, kind: FieldKind, value: &str) -> Screen {
        self.blocks.push(Block::Field(Field {
            name: name.into(),
            kind,
            value: value.into(),
            options: vec![],
            notes: vec![],
        }));
        self
    }
    pub fn choice(mut self, name: &str, options: &[&str], value: &str) -> Screen {
        self.blocks.push(Block::Field(Field {
            name: name.into(),
            kind: FieldKind::Choice,
            value: value.into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            notes: vec![],
        }));
        self
    }
    /// A radio group whose options each have lines under them.
    pub fn choice_with_notes<S: AsRef<str>>(
        mut self,
        name: &str,
        options: &[(&str, &[S])],
        value: &str,
    ) -> Screen {
        self.blocks.push(Block::Field(Field {
            name: name.into(),
            kind: FieldKind::Choice,
            value: value.into(),
            options: options.iter().map(|(o, _)| o.to_string()).collect(),
            notes: options
                .iter()
                .map(|(_, n)| n.iter().map(|l| l.as_ref().to_string()).collect())
                .collect(),
        }));
        self
    }
    pub fn table(mut self, table: Table) -> Screen {
        self.blocks.push(Block::Table(table));
        self
    }
    pub fn link(mut self, text: &str) -> Screen {
        self.blocks.push(Block::Link { text: text.into() });
        self
    }
    /// A button inside the page.
    pub fn inline_button(mut self, text: &str) -> Screen {
        self.blocks.push(Block::Button { text: text.into() });
        self
    }
    pub fn help<S: AsRef<str>>(mut self, title: &str, lines: &[S]) -> Screen {
        self.blocks.push(Block::Help {
            title: title.into(),
            lines: lines.iter().map(|s| s.as_ref().to_string()).collect(),
        });
        self
    }
    pub fn dialog<S: AsRef<str>>(mut self, lines: &[S], buttons: &[&str]) -> Screen {
        self.blocks.push(Block::Dialog {
            lines: lines.iter().map(|s| s.as_ref().to_string()).collect(),
        });
        self.buttons = buttons.iter().map(|s| s.to_string()).collect();
        self
    }
    pub fn buttons(mut self, names: &[&str]) -> Screen {
        self.buttons.extend(names.iter().map(|s| s.to_string()));
        self
    }

    /// Fields in reading order.
    pub fn fields(&self) -> impl Iterator<Item = &Field> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Field(f) => Some(f),
            _ => None,
        })
    }
    /// Everything a visitor can press outside tables: buttons, links, menu items.
    pub fn pressables(&self) -> Vec<String> {
        let mut out = self.page_pressables();
        if !self.has_dialog() {
            out.extend(self.menu_items());
        }
        out
    }
    /// The buttons and links of the page itself (only the dialog's, while one is open).
    pub fn page_pressables(&self) -> Vec<String> {
        let mut out: Vec<String> = self.buttons.clone();
        if self.has_dialog() {
            return out;
        }
        for b in &self.blocks {
            if let Block::Link { text } | Block::Button { text } = b {
                out.push(text.clone());
            }
        }
        out
    }
    /// UI-1: the header menu.
    pub fn menu_items(&self) -> Vec<String> {
        self.header
            .as_ref()
            .map(|h| h.menu.clone())
            .unwrap_or_default()
    }
    pub fn has_dialog(&self) -> bool {
        self.blocks
            .iter()
            .any(|b| matches!(b, Block::Dialog { .. }))
    }
    /// Buttons and links inside tables, with their row numbers (1-based).
    pub fn row_pressables(&self) -> Vec<(usize, String, Vec<String>)> {
        let mut out = Vec::new();
        if self.has_dialog() {
            return out;
        }
        for b in &self.blocks {
            if let Block::Table(t) = b {
                for (i, row) in t.rows.iter().enumerate() {
                    let texts: Vec<String> = row
                        .iter()
                        .map(|c| match c {
                            Cell::Text(s) | Cell::Button(s) | Cell::Link(s) => s.clone(),
                        })
                        .collect();
                    for c in row {
                        if let Cell::Button(s) | Cell::Link(s) = c {
                            out.push((i + 1, s.clone(), texts.clone()));
                        }
                    }
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screens_serialise_to_json_for_other_drivers() {
        let s = Screen::new("ログイン")
            .field("ユーザID", FieldKind::Text, "KJ131311111111")
            .buttons(&["戻る", "ログイン"]);
        let json = serde_json::to_value(&s).expect("serialises");
        assert_eq!(json["title"], "ログイン");
        assert_eq!(json["blocks"][0]["block"], "field");
        assert_eq!(json["blocks"][0]["kind"], "text");
        assert_eq!(json["blocks"][0]["name"], "ユーザID");
        assert_eq!(json["blocks"][0]["value"], "KJ131311111111");
        assert_eq!(json["buttons"][1], "ログイン");
    }
}
