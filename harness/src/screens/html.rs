//! Renders a [`Screen`] to an HTML page (askama, escaped): the same model the text
//! transcript comes from, as semantic HTML a browser without JavaScript can use and
//! automation finds by name — a `<label for>` for every field, real `<button>`s and links,
//! `<th>` headers, `lang="ja"`.
//!
//! The shapes are fixed so the page reads back to the same screen (the conformance
//! driver's reader): a text block is one `<p>` (its lines split by `<br>`), bullets a
//! `<ul>`, a field a `<p>` with its label and input, a choice a `<fieldset>`, a read-only
//! field a `<dl>`, help a `<details>`, a dialog an open `<dialog>`, the step list an `<ol>`
//! with `aria-current="step"`, messages a `role="alert"` list, the page's own buttons the
//! form's last `<p>`. A password is never written back into a page.
//!
//! The server's anti-forgery token for the session, when it gives one, is a hidden
//! `_token` in the form and a `_token` parameter of every link: a page of another site
//! cannot know it, so it can neither post a form nor press a link (ログアウト) for a visitor.

use super::model::{Block, Cell, FieldKind, Screen};
use askama::Template;

/// How the page's buttons and links reach the server.
pub struct Actions<'a> {
    /// Where the form posts (the page's address).
    pub post: &'a str,
    /// The address links go to (`?_press=…&_row=…&_token=…` is added).
    pub link: &'a str,
    /// The session's anti-forgery token (none if empty).
    pub token: &'a str,
}

/// The screen as a whole HTML page.
pub fn page(screen: &Screen, actions: &Actions<'_>) -> String {
    view(screen, actions)
        .render()
        .unwrap_or_else(|e| format!("<!DOCTYPE html><p>{e}</p>"))
}

/// The name of the field that carries a pressed button's name.
/// The address a link asks for, with what it presses in its query.
pub const LINK_ADDRESS: &str = "/KShinsei/act";
pub const PRESS: &str = "_press";
/// The name of the query parameter that carries a table row (1-based).
pub const ROW: &str = "_row";
/// The name of the hidden field (and link parameter) that carries the session's
/// anti-forgery token.
pub const TOKEN: &str = "_token";

#[derive(Template)]
#[template(path = "screen.html")]
struct PageView {
    title: String,
    header: Option<String>,
    menu: Vec<LinkView>,
    time: Option<String>,
    steps: Vec<(String, bool)>,
    errors: Vec<String>,
    blocks: Vec<View>,
    buttons: Vec<String>,
    dialog: Option<Vec<String>>,
    post: String,
    token: String,
    /// The form has a file field: it posts as multipart/form-data.
    multipart: bool,
}

struct LinkView {
    text: String,
    href: String,
}

enum View {
    Heading(String),
    Text(Vec<String>),
    Bullets(Vec<String>),
    Input {
        id: String,
        name: String,
        kind: &'static str,
        value: String,
    },
    Toggle {
        id: String,
        name: String,
        kind: &'static str,
        checked: bool,
    },
    Choice {
        name: String,
        options: Vec<OptionView>,
    },
    Display {
        name: String,
        value: String,
    },
    Table {
        columns: Vec<String>,
        rows: Vec<Vec<CellView>>,
    },
    Link(LinkView),
    Button(String),
    Help {
        title: String,
        lines: Vec<String>,
    },
}

struct OptionView {
    id: String,
    value: String,
    checked: bool,
    notes: Vec<String>,
}

enum CellView {
    Text(String),
    Button { text: String, formaction: String },
    Link(LinkView),
}

fn view(screen: &Screen, actions: &Actions<'_>) -> PageView {
    let link = |text: &str, row: Option<usize>| LinkView {
        text: text.to_string(),
        href: press_href(actions, text, row),
    };
    let mut blocks = Vec::new();
    let mut dialog = None;
    for (i, b) in screen.blocks.iter().enumerate() {
        let id = format!("f{}", i + 1);
        let v = match b {
            Block::Heading { text } => View::Heading(text.clone()),
            Block::Text { lines } => View::Text(lines.clone()),
            Block::Bullets { items } => View::Bullets(items.clone()),
            Block::Field(f) => match f.kind {
                FieldKind::Text => View::Input {
                    id,
                    name: f.name.clone(),
                    kind: "text",
                    value: f.value.clone(),
                },
                FieldKind::Password => View::Input {
                    id,
                    name: f.name.clone(),
                    kind: "password",
                    value: String::new(),
                },
                FieldKind::Checkbox | FieldKind::Radio => View::Toggle {
                    id,
                    name: f.name.clone(),
                    kind: if f.kind == FieldKind::Checkbox {
                        "checkbox"
                    } else {
                        "radio"
                    },
                    checked: !f.value.is_empty(),
                },
                FieldKind::Choice => View::Choice {
                    name: f.name.clone(),
                    options: f
                        .options
                        .iter()
                        .enumerate()
                        .map(|(j, o)| OptionView {
                            id: format!("{id}-{}", j + 1),
                            value: o.clone(),
                            checked: *o == f.value,
                            notes: f.notes.get(j).cloned().unwrap_or_default(),
                        })
                        .collect(),
                },
                FieldKind::Display => View::Display {
                    name: f.name.clone(),
                    value: f.value.clone(),
                },
                FieldKind::File => View::Input {
                    id,
                    name: f.name.clone(),
                    kind: "file",
                    value: String::new(),
                },
            },
            Block::Table(t) => View::Table {
                columns: t.columns.clone(),
                rows: t
                    .rows
                    .iter()
                    .enumerate()
                    .map(|(r, row)| {
                        row.iter()
                            .map(|c| match c {
                                Cell::Text(s) => CellView::Text(s.clone()),
                                Cell::Button(s) => CellView::Button {
                                    text: s.clone(),
                                    formaction: format!("{}?{ROW}={}", actions.post, r + 1),
                                },
                                Cell::Link(s) => CellView::Link(link(s, Some(r + 1))),
                            })
                            .collect()
                    })
                    .collect(),
            },
            Block::Link { text } => View::Link(link(text, None)),
            Block::Button { text } => View::Button(text.clone()),
            Block::Help { title, lines } => View::Help {
                title: title.clone(),
                lines: lines.clone(),
            },
            Block::Dialog { lines } => {
                dialog = Some(lines.clone());
                continue;
            }
        };
        blocks.push(v);
    }
    let header = screen.header.as_ref();
    PageView {
        title: screen.title.clone(),
        header: header.map(|h| h.label.clone()),
        menu: header
            .map(|h| h.menu.iter().map(|m| link(m, None)).collect())
            .unwrap_or_default(),
        time: screen.time.clone(),
        steps: screen
            .steps
            .iter()
            .map(|s| (s.label.clone(), s.current))
            .collect(),
        errors: screen.errors.clone(),
        blocks,
        buttons: screen.buttons.clone(),
        dialog,
        post: actions.post.to_string(),
        token: actions.token.to_string(),
        multipart: screen.fields().any(|f| f.kind == FieldKind::File),
    }
}

/// The address of a link that presses `name` (in row `row`).
fn press_href(actions: &Actions<'_>, name: &str, row: Option<usize>) -> String {
    let mut href = format!("{}?{PRESS}={}", actions.link, percent(name));
    if let Some(r) = row {
        href.push_str(&format!("&{ROW}={r}"));
    }
    if !actions.token.is_empty() {
        href.push_str(&format!("&{TOKEN}={}", percent(actions.token)));
    }
    href
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub fn percent(text: &str) -> String {
    use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
    const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
        .remove(b'-')
        .remove(b'_')
        .remove(b'.')
        .remove(b'~');
    utf8_percent_encode(text, RESERVED).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_have_labels_and_values_are_escaped() {
        let s = Screen::new("ログイン")
            .field("ユーザID", FieldKind::Text, "<script>alert(1)</script>")
            .field("パスワード", FieldKind::Password, "secret")
            .buttons(&["ログイン"]);
        let html = page(
            &s,
            &Actions {
                post: "/KShinsei/login",
                link: "/KShinsei/act",
                token: "t0",
            },
        );
        assert!(html.contains(r#"<html lang="ja">"#), "{html}");
        assert!(
            html.contains(r#"<label for="f1">ユーザID</label>"#),
            "{html}"
        );
        assert!(!html.contains("<script>"), "escaped: {html}");
        assert!(!html.contains("secret"), "a password is never written back");
        assert!(
            html.contains(
                r#"<button type="submit" name="_press" value="ログイン">ログイン</button>"#
            ),
            "{html}"
        );
        assert!(
            html.contains(r#"<input type="hidden" name="_token" value="t0">"#),
            "the form carries the token: {html}"
        );
    }

    #[test]
    fn query_values_are_percent_encoded() {
        assert_eq!(percent("a b&c"), "a%20b%26c");
        assert_eq!(percent("次へ"), "%E6%AC%A1%E3%81%B8");
    }
}
