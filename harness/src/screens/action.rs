//! What a visitor does on a screen (open, fill, choose or check, press, attach), the
//! browser's own moves (back, reload, an address typed, a form sent again), and why
//! an action is refused: the plain data both the browser in process and the HTTP driver
//! take.

use serde::{Deserialize, Serialize};

/// What a visitor does (DESIGN.md's narrow door: open, fill, choose/check, press).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Opens an entry page by its address: 総合窓口, トップメニュー or ログイン.
    Open(String),
    Fill {
        field: String,
        value: String,
    },
    /// Ticks or clears a checkbox or lone radio button.
    Check {
        field: String,
        on: bool,
    },
    /// Selects an option of a radio group or dropdown.
    Choose {
        field: String,
        option: String,
    },
    /// Presses a button, link or menu item; `row` picks a table row by number (1-based)
    /// or by the text of one of its cells.
    Press {
        name: String,
        row: Option<String>,
    },
    /// Chooses a file for a file field (CPL-4): its name and exact bytes (shared: a
    /// clone of the action does not copy a 10 MiB file).
    Attach {
        field: String,
        name: String,
        bytes: bytes::Bytes,
    },
    /// The browser's Back: the address shown before the current one, asked for again
    /// (pages are not kept by the browser). Nothing happens at the first page.
    Back,
    /// The browser's Reload: the current address asked for again.
    Reload,
    /// An address typed into the browser: a page of the site (`/KShinsei/notices`), or an
    /// entry page by its name.
    Go(String),
    /// The last form sent again, exactly as it was (a double submit; a form on a page the
    /// session has left, or from before a login or logout, is refused as stale).
    Repost,
}

impl Action {
    /// Whether the action asks the site for a page (a press, an address, the browser's
    /// buttons), rather than typing into the page the visitor is on.
    pub fn moves(&self) -> bool {
        !matches!(
            self,
            Action::Fill { .. }
                | Action::Check { .. }
                | Action::Choose { .. }
                | Action::Attach { .. }
        )
    }

    /// Whether the page the action leads to takes the place of the current entry of the
    /// browser's history instead of adding one: after Back, the address the site answered
    /// with replaces the one gone back to (a redirect's); a form sent again (`repost`, a
    /// double submit) makes no second entry.
    pub fn replaces_entry(&self) -> bool {
        matches!(self, Action::Back | Action::Repost)
    }
}

/// Why an action could not be done at all (as opposed to the system refusing it with a
/// message on the screen, which is a normal outcome).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ActError {
    #[error("no {what} named 「{name}」 on 【{screen}】{}", suggestion(.nearest))]
    NotOnScreen {
        what: &'static str,
        name: String,
        screen: String,
        nearest: Option<String>,
        available: Vec<String>,
    },
    #[error("「{name}」 on 【{screen}】 is in several rows; say which with `row:`")]
    Ambiguous { name: String, screen: String },
    #[error("field 「{field}」 is a {kind} field; use {hint}")]
    WrongKind {
        field: String,
        kind: &'static str,
        hint: &'static str,
    },
    #[error("「{option}」 is not an option of 「{field}」 (options: {})", .options.join(", "))]
    NoSuchOption {
        field: String,
        option: String,
        options: Vec<String>,
    },
    #[error(
        "「{0}」 cannot be opened directly; open one of: {entries}",
        entries = super::entries::listed()
    )]
    NotOpenable(String),
    #[error("「{0}」 is not simulated yet")]
    Unsupported(String),
    #[error(
        "`{0}` is not an address of the site: a page's address (`/KShinsei/…`, `/mobile/…`, \
         `/careplan/…`) or an entry page: {entries}",
        entries = super::entries::listed()
    )]
    NoAddress(String),
    #[error("no form has been sent yet, so there is none to send again")]
    NothingPosted,
}

fn suggestion(nearest: &Option<String>) -> String {
    nearest
        .as_ref()
        .map(|n| format!(" (did you mean 「{n}」?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::Action;

    /// A kept world's journal (`serve --data`) holds actions as JSON: a chosen file's bytes
    /// are written as a list of numbers, as they were before the bytes were shared, so a
    /// journal written by an earlier version still replays.
    #[test]
    fn a_chosen_file_is_journaled_as_a_list_of_bytes() {
        let action = Action::Attach {
            field: "file".into(),
            name: "a.csv".into(),
            bytes: bytes::Bytes::from_static(b"1,2\n"),
        };
        let json = serde_json::to_string(&action).expect("serializes");
        assert_eq!(
            json,
            r#"{"attach":{"field":"file","name":"a.csv","bytes":[49,44,50,10]}}"#
        );
        let back: Action = serde_json::from_str(&json).expect("deserializes");
        assert_eq!(back, action);
    }
}
