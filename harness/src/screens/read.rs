//! Reading a served page back into a [`Screen`], as a browser without JavaScript reads it
//! (html5ever through scraper): the inverse of [`super::html`], so that
//! `read(page(screen)) == screen` for every screen, and of any other system that serves
//! the same shapes. Besides the screen, what the page lets a visitor do: where its form
//! posts, what its hidden inputs carry, and how each button and link is pressed.

use super::model::{Block, Cell, Field, FieldKind, Header, Screen, StepItem, Table};
use scraper::{ElementRef, Html, Node, Selector};

/// A page as read: the screen, and how to act on it.
#[derive(Clone, Debug, PartialEq)]
pub struct HtmlPage {
    pub screen: Screen,
    /// Where the page's form posts (its `action`).
    pub post: String,
    /// The hidden inputs of the page's form (the anti-forgery token), posted with it.
    pub hidden: Vec<(String, String)>,
    /// Every button and link, by name.
    pub targets: Vec<Target>,
}

/// One button or link of a page and how a browser presses it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    /// The table row it is in (1-based), if any.
    pub row: Option<usize>,
    /// An item of the header menu (rather than of the page).
    pub menu: bool,
    pub press: Press,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Press {
    /// A submit button: the form's fields and `_press=<name>` are posted to this address.
    Post(String),
    /// A link: this address is fetched.
    Get(String),
}

/// Why a page could not be read as a screen.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the page has no {0}")]
    Missing(&'static str),
    #[error("the page has a field without a name: {0}")]
    Unnamed(String),
}

/// Reads a served page.
pub fn read(html: &str) -> Result<HtmlPage, ReadError> {
    let doc = Html::parse_document(html);
    let title = first(&doc.root_element(), "main > h1")
        .map(|e| text(&e))
        .ok_or(ReadError::Missing("title (main > h1)"))?;
    let mut screen = Screen::new(&title);
    let mut targets = Vec::new();
    if let Some(h) = first(&doc.root_element(), "body > header") {
        let label = first(&h, "p.system").map(|e| text(&e)).unwrap_or_default();
        let mut menu = Vec::new();
        for a in all(&h, "nav a") {
            let name = text(&a);
            targets.push(Target {
                menu: true,
                ..get(&name, None, &a)
            });
            menu.push(name);
        }
        screen.header = Some(Header { label, menu });
    }
    let main = first(&doc.root_element(), "main").ok_or(ReadError::Missing("main"))?;
    screen.time = first(&main, "p.time > time").map(|e| text(&e));
    screen.steps = all(&main, "ol.steps > li")
        .iter()
        .enumerate()
        .map(|(i, li)| StepItem {
            number: i + 1,
            label: text(li),
            current: li.value().attr("aria-current") == Some("step"),
        })
        .collect();
    screen.errors = all(&main, "ul.errors > li").iter().map(text).collect();
    let form = first(&main, "form").ok_or(ReadError::Missing("form"))?;
    let post = form.value().attr("action").unwrap_or_default().to_string();
    for child in form.children().filter_map(ElementRef::wrap) {
        block(&child, &post, &mut screen, &mut targets)?;
    }
    Ok(HtmlPage {
        screen,
        post,
        hidden: hidden(&form),
        targets,
    })
}

/// The hidden inputs of a form, as name and value.
fn hidden(form: &ElementRef<'_>) -> Vec<(String, String)> {
    all(form, "input[type=hidden]")
        .iter()
        .filter_map(|i| {
            let name = i.value().attr("name")?;
            Some((
                name.to_string(),
                i.value().attr("value").unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

/// One child of the form: a block, the dialog, or the page's buttons.
fn block(
    e: &ElementRef<'_>,
    post: &str,
    screen: &mut Screen,
    targets: &mut Vec<Target>,
) -> Result<(), ReadError> {
    let class = e.value().attr("class").unwrap_or_default();
    let b = match (e.value().name(), class) {
        ("h2", _) => Block::Heading { text: text(e) },
        ("p", "") => Block::Text { lines: lines(e) },
        ("ul", _) => Block::Bullets {
            items: all(e, "li").iter().map(text).collect(),
        },
        ("p", "field") => Block::Field(toggle_or_input(e)?),
        ("fieldset", _) => Block::Field(choice(e)?),
        ("dl", _) => Block::Field(Field {
            name: first(e, "dt").map(|d| text(&d)).unwrap_or_default(),
            kind: FieldKind::Display,
            value: first(e, "dd").map(|d| text(&d)).unwrap_or_default(),
            options: vec![],
            notes: vec![],
        }),
        ("table", _) => Block::Table(table(e, targets)),
        ("p", "link") => {
            let a = first(e, "a").ok_or(ReadError::Missing("link"))?;
            let name = text(&a);
            targets.push(get(&name, None, &a));
            Block::Link { text: name }
        }
        ("p", "inline") => {
            let name = first(e, "button")
                .map(|b| button_name(&b))
                .unwrap_or_default();
            targets.push(post_to(&name, None, post));
            Block::Button { text: name }
        }
        ("details", _) => Block::Help {
            title: first(e, "summary")
                .map(|s| text(&s))
                .map(|t| t.strip_prefix("[?] ").map(str::to_string).unwrap_or(t))
                .unwrap_or_default(),
            lines: first(e, "p").map(|p| lines(&p)).unwrap_or_default(),
        },
        ("dialog", _) => {
            screen.blocks.push(Block::Dialog {
                lines: first(e, "p").map(|p| lines(&p)).unwrap_or_default(),
            });
            buttons(e, post, screen, targets);
            return Ok(());
        }
        ("p", "buttons") => {
            buttons(e, post, screen, targets);
            return Ok(());
        }
        _ => return Ok(()),
    };
    screen.blocks.push(b);
    Ok(())
}

/// A text or password input after its label, or a checkbox or lone radio before it.
fn toggle_or_input(e: &ElementRef<'_>) -> Result<Field, ReadError> {
    let input = first(e, "input").ok_or(ReadError::Missing("input"))?;
    let name = input
        .value()
        .attr("name")
        .ok_or_else(|| ReadError::Unnamed(e.html()))?
        .to_string();
    let kind = match input.value().attr("type") {
        Some("password") => FieldKind::Password,
        Some("checkbox") => FieldKind::Checkbox,
        Some("radio") => FieldKind::Radio,
        Some("file") => FieldKind::File,
        _ => FieldKind::Text,
    };
    let value = if kind.is_toggle() {
        if input.value().attr("checked").is_some() {
            "on".to_string()
        } else {
            String::new()
        }
    } else {
        input.value().attr("value").unwrap_or_default().to_string()
    };
    Ok(Field {
        name,
        kind,
        value,
        options: vec![],
        notes: vec![],
    })
}

/// A radio group: its legend, its options in order, the checked one, each one's notes.
fn choice(e: &ElementRef<'_>) -> Result<Field, ReadError> {
    let name = first(e, "legend")
        .map(|l| text(&l))
        .ok_or(ReadError::Missing("legend"))?;
    let mut options = Vec::new();
    let mut notes: Vec<Vec<String>> = Vec::new();
    let mut value = String::new();
    for p in e.children().filter_map(ElementRef::wrap) {
        if p.value().name() != "p" {
            continue;
        }
        if p.value().attr("class") == Some("notes") {
            if let Some(last) = notes.last_mut() {
                *last = lines(&p);
            }
            continue;
        }
        if let Some(input) = first(&p, "input") {
            let o = input.value().attr("value").unwrap_or_default().to_string();
            if input.value().attr("checked").is_some() {
                value = o.clone();
            }
            options.push(o);
            notes.push(Vec::new());
        }
    }
    if notes.iter().all(Vec::is_empty) {
        notes.clear();
    }
    Ok(Field {
        name,
        kind: FieldKind::Choice,
        value,
        options,
        notes,
    })
}

fn table(e: &ElementRef<'_>, targets: &mut Vec<Target>) -> Table {
    // A column with no name has a plain cell for its header (a `<th>` is never empty).
    let columns = all(e, "thead th, thead td").iter().map(text).collect();
    let mut rows = Vec::new();
    for (r, tr) in all(e, "tbody > tr").iter().enumerate() {
        let row = r + 1;
        let mut cells = Vec::new();
        for td in tr.children().filter_map(ElementRef::wrap) {
            if let Some(b) = first(&td, "button") {
                let name = button_name(&b);
                let to = b.value().attr("formaction").unwrap_or_default();
                targets.push(post_to(&name, Some(row), to));
                cells.push(Cell::Button(name));
            } else if let Some(a) = first(&td, "a") {
                let name = text(&a);
                targets.push(get(&name, Some(row), &a));
                cells.push(Cell::Link(name));
            } else {
                cells.push(Cell::Text(text(&td)));
            }
        }
        rows.push(cells);
    }
    Table { columns, rows }
}

fn buttons(e: &ElementRef<'_>, post: &str, screen: &mut Screen, targets: &mut Vec<Target>) {
    for b in all(e, "button") {
        let name = button_name(&b);
        targets.push(post_to(&name, None, post));
        screen.buttons.push(name);
    }
}

fn button_name(b: &ElementRef<'_>) -> String {
    b.value()
        .attr("value")
        .map(str::to_string)
        .unwrap_or_else(|| text(b))
}

fn post_to(name: &str, row: Option<usize>, to: &str) -> Target {
    Target {
        name: name.to_string(),
        row,
        menu: false,
        press: Press::Post(to.to_string()),
    }
}

fn get(name: &str, row: Option<usize>, a: &ElementRef<'_>) -> Target {
    Target {
        name: name.to_string(),
        row,
        menu: false,
        press: Press::Get(a.value().attr("href").unwrap_or_default().to_string()),
    }
}

/// The lines of an element whose lines are separated by `<br>`.
fn lines(e: &ElementRef<'_>) -> Vec<String> {
    let mut out = vec![String::new()];
    for node in e.descendants() {
        match node.value() {
            Node::Text(t) => {
                if let Some(last) = out.last_mut() {
                    last.push_str(t);
                }
            }
            Node::Element(el) if el.name() == "br" => out.push(String::new()),
            _ => {}
        }
    }
    out
}

/// All the text of an element, as written.
fn text(e: &ElementRef<'_>) -> String {
    e.text().collect()
}

fn first<'a>(e: &ElementRef<'a>, css: &'static str) -> Option<ElementRef<'a>> {
    selector(css).and_then(|s| e.select(&s).next())
}

fn all<'a>(e: &ElementRef<'a>, css: &'static str) -> Vec<ElementRef<'a>> {
    selector(css)
        .map(|s| e.select(&s).collect())
        .unwrap_or_default()
}

/// The selector `css` (one of this module's own), parsed once per thread: a page is read
/// with the same few dozen selectors, and parsing them took as long as the page.
fn selector(css: &'static str) -> Option<std::rc::Rc<Selector>> {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static PARSED: RefCell<HashMap<&'static str, std::rc::Rc<Selector>>> =
            RefCell::new(HashMap::new());
    }
    PARSED.with(|parsed| {
        if let Some(s) = parsed.borrow().get(css) {
            return Some(s.clone());
        }
        let s = std::rc::Rc::new(Selector::parse(css).ok()?);
        parsed.borrow_mut().insert(css, s.clone());
        Some(s)
    })
}
