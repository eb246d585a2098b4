//! What an action means on a screen, decided from the screen alone: which entry page an
//! `open:` names, which field a fill names and what it stores, which button, link or menu
//! item a press names. The in-process browser and the HTTP driver both decide this way, so
//! a scenario's mistakes read the same against any system.

use super::action::{ActError, Action};
use super::model::{Block, Cell, FieldKind, Screen};
use super::names;

/// How a field is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Setter {
    Fill,
    Check,
    Choose,
    /// Chooses a file for a file field; the value is its name.
    Attach,
}

/// What a press names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Pressed {
    /// A button or link of the page itself (or of its dialog).
    Page(String),
    /// A button or link in a table row (1-based).
    Row(String, usize),
    /// An item of the header menu.
    Menu(String),
}

/// The address of the entry page `open:` names: 総合窓口, トップメニュー, ログイン or
/// モバイル窓口 (UI-3: the same site, opened from a phone or tablet).
pub fn entry_address(target: &str) -> Result<&'static str, ActError> {
    super::entries::named(target)
        .map(|e| e.address)
        .ok_or_else(|| ActError::NotOpenable(target.to_string()))
}

/// The field `name` names on `screen` (its name as shown) and the value setting it
/// stores: the text as typed, the option as the screen spells it, `on` or nothing.
pub fn field(
    screen: &Screen,
    name: &str,
    value: String,
    setter: Setter,
) -> Result<(String, String), ActError> {
    let Some(field) = screen.fields().find(|f| names::same(&f.name, name)) else {
        let available: Vec<String> = screen.fields().map(|f| f.name.clone()).collect();
        return Err(ActError::NotOnScreen {
            what: "field",
            name: name.to_string(),
            screen: screen.title.clone(),
            nearest: names::nearest(name, available.iter().map(String::as_str)),
            available,
        });
    };
    let wrong = |kind: &'static str, hint: &'static str| ActError::WrongKind {
        field: field.name.clone(),
        kind,
        hint,
    };
    match (setter, field.kind) {
        (Setter::Attach, FieldKind::File) => Ok((field.name.clone(), value)),
        (Setter::Attach, _) => Err(wrong("non-file", "fill:, check: or choose:")),
        (_, FieldKind::File) => Err(wrong("file", "attach:")),
        (Setter::Fill, k) if k.is_fillable() => Ok((field.name.clone(), value)),
        (Setter::Fill, FieldKind::Choice) => Err(wrong("choice", "choose:")),
        (Setter::Fill, k) if k.is_toggle() => Err(wrong("checkbox", "check:")),
        (Setter::Fill, _) => Err(wrong("read-only", "see:")),
        (Setter::Check, k) if k.is_toggle() => Ok((field.name.clone(), value)),
        (Setter::Check, _) => Err(wrong("non-checkbox", "fill: or choose:")),
        (Setter::Choose, FieldKind::Choice) => {
            match field.options.iter().find(|o| names::same(o, &value)) {
                Some(opt) => Ok((field.name.clone(), opt.clone())),
                None => Err(ActError::NoSuchOption {
                    field: field.name.clone(),
                    option: value,
                    options: field.options.clone(),
                }),
            }
        }
        (Setter::Choose, k) if k.is_toggle() => Ok((field.name.clone(), "on".into())),
        (Setter::Choose, _) => Err(wrong("text", "fill:")),
    }
}

/// What pressing `name` (in the row `row`: its number or a cell's text) means on
/// `screen`: the page's own buttons and links first, then table rows, then the menu.
pub fn press(screen: &Screen, name: &str, row: Option<&str>) -> Result<Pressed, ActError> {
    let rows = screen.row_pressables();
    if let Some(row) = row {
        let hit = rows.iter().find(|(i, n, cells)| {
            names::same(n, name)
                && (row.parse::<usize>().ok() == Some(*i)
                    || cells.iter().any(|c| names::same(c, row)))
        });
        return match hit {
            Some((i, n, _)) => Ok(Pressed::Row(n.clone(), *i)),
            None => Err(not_on_screen(screen, "row button", name)),
        };
    }
    if let Some(p) = screen
        .page_pressables()
        .into_iter()
        .find(|p| names::same(p, name))
    {
        return Ok(Pressed::Page(p));
    }
    let in_rows: Vec<_> = rows
        .iter()
        .filter(|(_, n, _)| names::same(n, name))
        .collect();
    let menu = if screen.has_dialog() {
        vec![]
    } else {
        screen.menu_items()
    };
    match in_rows.as_slice() {
        [] => match menu.into_iter().find(|m| names::same(m, name)) {
            Some(m) => Ok(Pressed::Menu(m)),
            None => Err(not_on_screen(screen, "button or link", name)),
        },
        [(i, n, _)] => Ok(Pressed::Row(n.clone(), *i)),
        _ => Err(ActError::Ambiguous {
            name: name.to_string(),
            screen: screen.title.clone(),
        }),
    }
}

/// The address `go:` asks for: an entry page by its name or address, or a page of the
/// site (`/KShinsei/<page>`, `/mobile/<page>`, `/careplan/<page>`). Anything else, or the
/// link address (`/KShinsei/act`, which only a pressed link asks for), is refused.
pub fn go_address(target: &str) -> Result<String, ActError> {
    if let Some(e) = super::entries::named(target).or_else(|| super::entries::at(target)) {
        return Ok(e.address.to_string());
    }
    let page = ["/KShinsei/", "/mobile/", "/careplan/"]
        .iter()
        .find_map(|prefix| target.strip_prefix(prefix));
    match page {
        Some(p) if !p.is_empty() && target != super::html::LINK_ADDRESS && is_segment(p) => {
            Ok(target.to_string())
        }
        _ => Err(ActError::NoAddress(target.to_string())),
    }
}

fn is_segment(p: &str) -> bool {
    p.bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// What a browser sends of a page's form: each text and password field as shown, each
/// ticked box as `on`, each chosen option (hidden inputs and the button are the page's).
pub fn form_values(screen: &Screen) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for f in screen.fields() {
        match f.kind {
            FieldKind::Text | FieldKind::Password => pairs.push((f.name.clone(), f.value.clone())),
            FieldKind::Checkbox | FieldKind::Radio | FieldKind::Choice => {
                if !f.value.is_empty() {
                    let v = if f.kind == FieldKind::Choice {
                        f.value.clone()
                    } else {
                        "on".into()
                    };
                    pairs.push((f.name.clone(), v));
                }
            }
            FieldKind::Display | FieldKind::File => {}
        }
    }
    pairs
}

/// The fills a posted form makes on `screen`, as the site takes it: text as entered,
/// toggles on or off, the chosen option. Fields the form does not name are left as they
/// are.
pub fn form_fills(screen: &Screen, pairs: &[(String, String)]) -> Vec<Action> {
    let given = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let mut out = Vec::new();
    for f in screen.fields() {
        let value = given(&f.name);
        match f.kind {
            FieldKind::Text | FieldKind::Password => {
                if let Some(v) = value {
                    out.push(Action::Fill {
                        field: f.name.clone(),
                        value: v,
                    });
                }
            }
            FieldKind::Checkbox | FieldKind::Radio => out.push(Action::Check {
                field: f.name.clone(),
                on: value.is_some(),
            }),
            FieldKind::Choice => {
                if let Some(v) = value {
                    out.push(Action::Choose {
                        field: f.name.clone(),
                        option: v,
                    });
                }
            }
            FieldKind::Display | FieldKind::File => {}
        }
    }
    out
}

/// Whether what `pressed` names is a form's button (sent with the form), not a link.
pub fn is_button(screen: &Screen, pressed: &Pressed) -> bool {
    match pressed {
        Pressed::Page(n) => {
            screen.buttons.contains(n)
                || screen
                    .blocks
                    .iter()
                    .any(|b| matches!(b, Block::Button { text } if text == n))
        }
        Pressed::Row(n, i) => screen.blocks.iter().any(|b| match b {
            Block::Table(t) => t.rows.get(i - 1).is_some_and(|cells| {
                cells
                    .iter()
                    .any(|c| matches!(c, Cell::Button(text) if text == n))
            }),
            _ => false,
        }),
        Pressed::Menu(_) => false,
    }
}

fn not_on_screen(screen: &Screen, what: &'static str, name: &str) -> ActError {
    let mut available = screen.pressables();
    available.extend(screen.row_pressables().into_iter().map(|(_, n, _)| n));
    available.dedup();
    ActError::NotOnScreen {
        what,
        name: name.to_string(),
        screen: screen.title.clone(),
        nearest: names::nearest(name, available.iter().map(String::as_str)),
        available,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_takes_the_sites_pages_and_entry_names_only() {
        assert_eq!(
            go_address("/KShinsei/notices").as_deref(),
            Ok("/KShinsei/notices")
        );
        assert_eq!(go_address("ログイン").as_deref(), Ok("/KShinsei/login"));
        assert_eq!(go_address("/careplan").as_deref(), Ok("/careplan"));
        for wrong in [
            "/foo",
            "/KShinsei/act",
            "/KShinsei/",
            "/KShinsei/../x",
            "https://x/",
        ] {
            assert_eq!(
                go_address(wrong),
                Err(ActError::NoAddress(wrong.into())),
                "{wrong}"
            );
        }
    }

    #[test]
    fn a_form_sent_again_fills_what_it_held() {
        let screen = Screen::new("t")
            .field("ユーザID", FieldKind::Text, "KJ1")
            .field("同意", FieldKind::Checkbox, "on");
        let sent = form_values(&screen);
        assert_eq!(
            sent,
            vec![
                ("ユーザID".into(), "KJ1".into()),
                ("同意".into(), "on".into())
            ]
        );
        let blank = Screen::new("t")
            .field("ユーザID", FieldKind::Text, "")
            .field("同意", FieldKind::Checkbox, "");
        assert_eq!(
            form_fills(&blank, &sent),
            vec![
                Action::Fill {
                    field: "ユーザID".into(),
                    value: "KJ1".into()
                },
                Action::Check {
                    field: "同意".into(),
                    on: true
                },
            ]
        );
    }
}
