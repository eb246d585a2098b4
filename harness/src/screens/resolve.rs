//! What an action means on a screen, decided from the screen alone: which entry page an
//! `open:` names, which field a fill names and what it stores, which button, link or menu
//! item a press names. The in-process browser and the HTTP driver both decide this way, so
//! a scenario's mistakes read the same against any system.

use super::browser::ActError;
use super::model::{FieldKind, Screen};
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
