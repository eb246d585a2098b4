//! The entry pages: what `open:` names (and its other name), and each one's address on the
//! served site (UI-3) — one table that opening, serving, the static check, the schema and
//! the refusal message all read.

use eseikyu_core::text;

/// An entry page.
pub struct Entry {
    /// The name `open:` uses.
    pub name: &'static str,
    /// Its title, when `open:` may use that too.
    pub also: Option<&'static str>,
    /// Its address on the served site.
    pub address: &'static str,
}

/// Every entry page, in the order the docs name them.
pub const ENTRIES: &[Entry] = &[
    Entry {
        name: text::O_PORTAL,
        also: Some(text::T_PORTAL),
        address: "/",
    },
    Entry {
        name: text::T_TOP_MENU,
        also: None,
        address: "/KShinsei/main",
    },
    Entry {
        name: text::T_LOGIN,
        also: None,
        address: "/KShinsei/login",
    },
    Entry {
        name: text::O_MOBILE_PORTAL,
        also: Some(text::T_MOBILE_PORTAL),
        address: "/mobile",
    },
    Entry {
        name: text::T_CPL_LOGIN,
        also: None,
        address: "/careplan",
    },
];

/// The entry page `open:` names (by name or title).
pub fn named(target: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| {
        super::names::same(target, e.name) || e.also.is_some_and(|t| super::names::same(target, t))
    })
}

/// The entry page at an address of the served site.
pub fn at(address: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.address == address)
}

/// Every name `open:` takes: each entry's name and title.
pub fn names() -> Vec<String> {
    ENTRIES
        .iter()
        .flat_map(|e| std::iter::once(e.name).chain(e.also))
        .map(str::to_string)
        .collect()
}

/// The entry pages' names, as a refusal lists them.
pub fn listed() -> String {
    ENTRIES
        .iter()
        .map(|e| e.name)
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_entry_opens_at_its_address_by_either_name() {
        for e in ENTRIES {
            assert_eq!(at(e.address).map(|x| x.name), Some(e.name));
            assert_eq!(named(e.name).map(|x| x.address), Some(e.address));
            if let Some(t) = e.also {
                assert_eq!(named(t).map(|x| x.address), Some(e.address));
            }
            assert!(listed().contains(e.name), "the refusal names {}", e.name);
        }
        assert!(
            named(eseikyu_core::text::T_CPL_LOGIN).is_some(),
            "the care plan login too"
        );
        assert!(at("/KShinsei/notices").is_none());
    }
}
