//! The served page and its reading are inverses: every screen the corpus reaches, rendered
//! as the site serves it and read back as the HTTP driver reads it, is the same screen —
//! except a typed password, which a page never carries.

use eseikyu::scenario;
use eseikyu::screens::html::{Actions, page};
use eseikyu::screens::model::{Cell, Table};
use eseikyu::screens::read::{Press, ReadError, Target};
use eseikyu::screens::{Block, FieldKind, Screen, read};
use std::cell::RefCell;
use std::rc::Rc;

use crate::support;

/// The screen as a page can carry it: password values and chosen files blanked (a page
/// never carries either back).
fn as_served(s: &Screen) -> Screen {
    let mut s = s.clone();
    for b in &mut s.blocks {
        if let Block::Field(f) = b
            && matches!(f.kind, FieldKind::Password | FieldKind::File)
        {
            f.value.clear();
        }
    }
    s
}

#[test]
fn every_screen_of_the_corpus_reads_back_from_its_page() {
    let catcher = eseikyu::mail::catcher::shared().expect("catcher");
    let seen = Rc::new(RefCell::new(0usize));
    let wrong: Rc<RefCell<Vec<String>>> = Rc::default();
    for f in support::scenario_files() {
        let name = f.display().to_string();
        let source = std::fs::read_to_string(&f).expect("reads");
        let plan = scenario::parse(&name, &source).expect("parses");
        for v in 0..plan.variants.len() {
            let (seen, wrong, name) = (seen.clone(), wrong.clone(), name.clone());
            let r = scenario::run(&plan, v, 0, |p, at, s| support::Hooked {
                inner: eseikyu::world::World::new(p, at, s, catcher),
                before: Box::new(|_| {}),
                after: Box::new(move |screen| {
                    *seen.borrow_mut() += 1;
                    let html = page(
                        screen,
                        &Actions {
                            post: "/KShinsei/page",
                            link: "/KShinsei/act",
                            token: "t1",
                        },
                    );
                    let back = read::read(&html).map(|p| p.screen);
                    let want = as_served(screen);
                    if back.as_ref() != Ok(&want) {
                        wrong.borrow_mut().push(format!(
                            "{name}: 【{}】\nwant {want:#?}\ngot  {back:#?}",
                            screen.title
                        ));
                    }
                }),
                secrets_fail: false,
            });
            assert!(r.passed(), "{}", eseikyu::report::text::failure(&r));
        }
    }
    let wrong = wrong.borrow();
    assert!(*seen.borrow() > 500, "the corpus shows many screens");
    assert!(
        wrong.is_empty(),
        "{} of {} screens do not read back:\n{}",
        wrong.len(),
        seen.borrow(),
        wrong.iter().take(3).cloned().collect::<Vec<_>>().join("\n")
    );
}

fn round_trip(s: &Screen) -> Screen {
    let html = page(
        s,
        &Actions {
            post: "/KShinsei/login",
            link: "/KShinsei/act",
            token: "t1",
        },
    );
    read::read(&html).expect("reads").screen
}

#[test]
fn a_screen_reads_back_as_itself_except_passwords() {
    let s = Screen::new("ログイン")
        .heading("介護電子請求受付システム")
        .text(&["一行目 <b>&amp;", "二行目"])
        .bullets(&["a", "b"])
        .field("ユーザID", FieldKind::Text, "KJ131311111111")
        .field("パスワード", FieldKind::Password, "")
        .field("同意する", FieldKind::Checkbox, "on")
        .field("登録しない", FieldKind::Radio, "")
        .choice("メニュー", &["x", "y"], "y")
        .field("事業所番号", FieldKind::Display, "1311111111")
        .table(Table {
            columns: vec!["提示開始日".into(), "タイトル".into()],
            rows: vec![vec![
                Cell::Text("2026/01/01".into()),
                Cell::Link("お知らせ".into()),
                Cell::Button("選択".into()),
            ]],
        })
        .link("はじめての方")
        .inline_button("発行申請を行う前に")
        .help("確認コード", &["1", "2"])
        .buttons(&["戻る", "ログイン"]);
    assert_eq!(round_trip(&s), s);
    let typed = Screen::new("t").field("パスワード", FieldKind::Password, "secret");
    assert_eq!(
        round_trip(&typed),
        Screen::new("t").field("パスワード", FieldKind::Password, ""),
        "a password is never written into a page"
    );
}

#[test]
fn targets_say_how_each_button_and_link_is_pressed() {
    let s = Screen::new("t")
        .link("はじめての方")
        .table(Table {
            columns: vec![],
            rows: vec![vec![Cell::Button("選択".into())]],
        })
        .buttons(&["次へ"]);
    let html = page(
        &s,
        &Actions {
            post: "/KShinsei/t",
            link: "/KShinsei/act",
            token: "t1",
        },
    );
    let p = read::read(&html).expect("reads");
    assert_eq!(p.post, "/KShinsei/t");
    assert_eq!(
        p.hidden,
        vec![("_token".to_string(), "t1".to_string())],
        "the form carries the token"
    );
    assert_eq!(
        p.targets,
        vec![
            Target {
                name: "はじめての方".into(),
                row: None,
                menu: false,
                press: Press::Get(
                    "/KShinsei/act?_press=%E3%81%AF%E3%81%98%E3%82%81%E3%81%A6%E3%81%AE%E6%96%B9&_token=t1"
                        .into()
                ),
            },
            Target {
                name: "選択".into(),
                row: Some(1),
                menu: false,
                press: Press::Post("/KShinsei/t?_row=1".into()),
            },
            Target {
                name: "次へ".into(),
                row: None,
                menu: false,
                press: Press::Post("/KShinsei/t".into()),
            },
        ]
    );
}

#[test]
fn a_page_without_the_shapes_is_refused() {
    assert_eq!(
        read::read("<html><body><p>hello</p></body></html>"),
        Err(ReadError::Missing("title (main > h1)"))
    );
}
