//! Coverage you can look at: the screens and the moves between them that explore and the
//! corpus reached (explore's noted as it walks, a run's read from its transcript,
//! [`Reached::read`]) and drawn as an SVG map
//! (layout-rs: a pure-Rust Graphviz layout), each screen and move coloured by who
//! reached it.

use eseikyu_screens::Screen;
use std::collections::BTreeSet;

/// Screens reached, the moves from them: (from, what was pressed — a button or a link —,
/// to), and the messages the screens showed (a refusal's words).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reached {
    pub screens: BTreeSet<String>,
    pub transitions: BTreeSet<(String, String, String)>,
    pub messages: BTreeSet<String>,
}

impl Reached {
    /// Notes a screen shown after a move, with its messages.
    pub fn shown(&mut self, screen: &Screen) {
        self.screens.insert(screen.title.clone());
        self.messages.extend(screen.errors.iter().cloned());
    }

    /// The buttons and links pressed, each with the screen it was pressed on.
    pub fn presses(&self) -> BTreeSet<(String, String)> {
        self.transitions
            .iter()
            .map(|(from, via, _)| (from.clone(), via.clone()))
            .collect()
    }

    /// What a run reached, read from its transcript (`## 3 press: 次へ`, then the screen
    /// it led to, `【…】`, and its messages, `✖ …`), each visitor's screens apart; so the
    /// corpus's coverage reads the same in process and against a `--target`.
    pub fn read(transcript: &str) -> Reached {
        let mut reached = Reached::default();
        let mut on: std::collections::BTreeMap<String, String> = Default::default();
        let mut visitor = String::from("1");
        let mut pressed: Option<String> = None;
        // A screen shown after a step starts on the next line with its title (`【…】`,
        // then the clock when signed in), after the menu's line when signed in (UI-1:
        // `介護保険 | …`); other lines may start with 【 too.
        let mut after_step = false;
        for line in transcript.lines() {
            let first = std::mem::replace(&mut after_step, false);
            if first && line.starts_with("介護保険 |") {
                after_step = true;
            } else if let Some(step) = line.strip_prefix("## ") {
                after_step = true;
                let step = step.split_once(' ').map_or(step, |(_, s)| s);
                pressed = step
                    .strip_prefix("press: ")
                    .map(|p| p.split(" (row ").next().unwrap_or(p).to_string());
                if let Some(v) = step.strip_prefix("as: ") {
                    visitor = v.trim_matches('"').to_string();
                }
            } else if let Some((title, _)) = line
                .strip_prefix('【')
                .and_then(|t| t.split_once('】'))
                .filter(|_| first)
            {
                reached.screens.insert(title.to_string());
                if let (Some(via), Some(from)) = (pressed.take(), on.get(&visitor)) {
                    reached
                        .transitions
                        .insert((from.clone(), via, title.to_string()));
                }
                on.insert(visitor.clone(), title.to_string());
            } else if let Some(message) = line.strip_prefix("✖ ") {
                reached.messages.insert(message.to_string());
            }
        }
        reached
    }

    /// Adds what another recording reached.
    pub fn add(&mut self, other: Reached) {
        self.screens.extend(other.screens);
        self.transitions.extend(other.transitions);
        self.messages.extend(other.messages);
    }

    /// Notes a move from the screen titled `from`, by pressing `via`, to `to`.
    pub fn moved(&mut self, from: &str, via: &str, to: &str) {
        self.screens.insert(from.to_string());
        self.screens.insert(to.to_string());
        self.transitions
            .insert((from.to_string(), via.to_string(), to.to_string()));
    }
}

/// How many of one kind of thing the corpus, explore and both reached.
#[derive(Debug, PartialEq)]
pub struct Compared {
    pub corpus: usize,
    pub explore: usize,
    pub both: usize,
}

impl Compared {
    fn of<T: Ord>(explore: &BTreeSet<T>, corpus: &BTreeSet<T>) -> Compared {
        Compared {
            corpus: corpus.len(),
            explore: explore.len(),
            both: explore.intersection(corpus).count(),
        }
    }
}

/// How many transitions (between two screens) each reached, and both.
pub fn compare(explore: &Reached, corpus: &Reached) -> Compared {
    Compared::of(&between(explore), &between(corpus))
}

/// The coverage of each kind, compared: screens, presses (a button or link on a screen),
/// messages shown, and transitions between two screens.
pub fn coverage(explore: &Reached, corpus: &Reached) -> [(&'static str, Compared); 4] {
    [
        ("screens", Compared::of(&explore.screens, &corpus.screens)),
        (
            "presses",
            Compared::of(&explore.presses(), &corpus.presses()),
        ),
        (
            "messages",
            Compared::of(&explore.messages, &corpus.messages),
        ),
        ("moves between screens", compare(explore, corpus)),
    ]
}

/// The pairs of two screens a press moved between.
fn between(r: &Reached) -> BTreeSet<(String, String)> {
    r.transitions
        .iter()
        .filter(|(a, _, b)| a != b)
        .map(|(a, _, b)| (a.clone(), b.clone()))
        .collect()
}

/// The map: a box per screen, an arrow per pair of screens a press moved between;
/// green reached by both, blue by explore only, yellow by the corpus only.
pub fn svg(explore: &Reached, corpus: &Reached) -> String {
    use layout::backends::svg::SVGWriter;
    use layout::core::base::Orientation;
    use layout::core::color::Color;
    use layout::core::geometry::Point;
    use layout::core::style::{LineStyleKind, StyleAttr};
    use layout::std_shapes::shapes::{Arrow, Element, LineEndKind, ShapeKind};
    use layout::topo::layout::VisualGraph;
    use std::collections::BTreeMap;

    const BOTH: u32 = 0xc8e6c9ff;
    const EXPLORE: u32 = 0xbbdefbff;
    const CORPUS: u32 = 0xfff9c4ff;
    let colour = |in_e: bool, in_c: bool| match (in_e, in_c) {
        (true, true) => BOTH,
        (true, false) => EXPLORE,
        _ => CORPUS,
    };
    let mut graph = VisualGraph::new(Orientation::TopToBottom);
    let screens: BTreeSet<&String> = explore.screens.iter().chain(&corpus.screens).collect();
    let mut nodes = BTreeMap::new();
    for s in screens {
        let fill = colour(explore.screens.contains(s), corpus.screens.contains(s));
        let look = StyleAttr::new(Color::fast("black"), 1, Some(Color::new(fill)), 4, 13);
        let width = 24.0 + 14.0 * s.chars().count() as f64;
        let size = Point::new(width, 36.0);
        let node = Element::create(ShapeKind::new_box(s), look, Orientation::TopToBottom, size);
        nodes.insert(s.clone(), graph.add_node(node));
    }
    let (e, c) = (between(explore), between(corpus));
    for (a, b) in e.union(&c) {
        let line = match (
            e.contains(&(a.clone(), b.clone())),
            c.contains(&(a.clone(), b.clone())),
        ) {
            (true, true) => "#2e7d32",
            (true, false) => "#1565c0",
            _ => "#f9a825",
        };
        let look = StyleAttr::new(Color::fast(line), 1, None, 0, 10);
        let arrow = Arrow::new(
            LineEndKind::None,
            LineEndKind::Arrow,
            LineStyleKind::Normal,
            "",
            &look,
            &None,
            &None,
        );
        if let (Some(from), Some(to)) = (nodes.get(a), nodes.get(b)) {
            graph.add_edge(arrow, *from, *to);
        }
    }
    let mut writer = SVGWriter::new();
    graph.do_it(false, false, false, &mut writer);
    writer.finalize()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_transcript_tells_the_screens_presses_and_messages_a_run_reached() {
        let transcript = "# t\n## 1 open: ログイン\n【ログイン】\n[ログイン]\n\
            ## 2 fill: {…}\n## 3 press: ログイン\n【ログイン】\n✖ だめ\n\
            ## 4 as: \"2\"\n## 5 open: 総合窓口\n【総合窓口】\n\
            ## 6 as: \"1\"\n## 7 press: 削除 (row a@b.jp)\n介護保険 | お知らせ\n【一覧】 時刻 10:00:00\n\
            【次へ】ボタンを押してください。\n";
        let r = Reached::read(transcript);
        assert_eq!(r.screens.len(), 3);
        let t: Vec<_> = r
            .transitions
            .iter()
            .map(|(a, v, b)| format!("{a}-{v}-{b}"))
            .collect();
        // Visitor 1 went on from ログイン, whatever visitor 2 opened meanwhile.
        assert_eq!(t, ["ログイン-ログイン-ログイン", "ログイン-削除-一覧"]);
        assert_eq!(r.messages.iter().collect::<Vec<_>>(), ["だめ"]);
    }

    #[test]
    fn the_map_colours_each_screen_and_move_by_who_reached_it() {
        let mut explore = Reached::default();
        explore.moved("A", "next", "B");
        explore.moved("B", "back", "A");
        let mut corpus = Reached::default();
        corpus.moved("A", "next", "B");
        corpus.moved("B", "on", "C");
        let c = compare(&explore, &corpus);
        assert_eq!((c.explore, c.corpus, c.both), (2, 2, 1));
        let mut refused = Screen::new("B");
        refused.errors.push("no".into());
        corpus.shown(&refused);
        let kinds = coverage(&explore, &corpus);
        let count = |k: &str| {
            kinds
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, c)| (c.explore, c.corpus, c.both))
        };
        assert_eq!(count("screens"), Some((2, 3, 2)));
        // (A, next) both; (B, back) explore only; (B, on) the corpus only.
        assert_eq!(count("presses"), Some((2, 2, 1)));
        assert_eq!(count("messages"), Some((0, 1, 0)));
        let svg = svg(&explore, &corpus);
        assert!(svg.starts_with("<?xml"), "{svg}");
        for title in ["A", "B", "C"] {
            assert!(svg.contains(&format!(">{title}<")), "{title} in {svg}");
        }
        // Both (green), explore only (blue), corpus only (yellow), for screens and moves.
        for colour in ["#2e7d32", "#1565c0", "#f9a825"] {
            assert!(svg.contains(colour), "{colour}");
        }
    }
}
