//! The served page and its reading are inverses: every screen the corpus reaches, rendered
//! as the site serves it and read back as the HTTP driver reads it, is the same screen —
//! except a typed password, which a page never carries.

use eseikyu::scenario;
use eseikyu::screens::html::{Actions, page};
use eseikyu::screens::{Block, FieldKind, Screen, read};
use std::cell::RefCell;
use std::rc::Rc;

mod support;

/// The screen as a page can carry it: password values blanked.
fn as_served(s: &Screen) -> Screen {
    let mut s = s.clone();
    for b in &mut s.blocks {
        if let Block::Field(f) = b
            && f.kind == FieldKind::Password
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
            });
            assert!(r.passed(), "{}", scenario::report::failure(&r));
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
