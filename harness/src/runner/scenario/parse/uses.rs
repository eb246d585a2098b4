//! The names a scenario uses: its variants' values, field and capture names, and every
//! `${name}` checked to be defined before the step that uses it.

use super::*;

impl Validator<'_> {
    pub(super) fn variants(&mut self, vary: &[Spanned<Pairs>]) -> Vec<Variant> {
        if vary.is_empty() {
            return vec![Variant::default()];
        }
        let mut out = Vec::new();
        for (i, entry) in vary.iter().enumerate() {
            let mut v = Variant {
                label: (i + 1).to_string(),
                ..Variant::default()
            };
            for (k, value) in &entry.value.0 {
                match k.value.as_str() {
                    "at" => match clock::parse_instant(value) {
                        Ok(t) => v.at = Some(t),
                        Err(e) => self.error(k, e, None),
                    },
                    "profile" => match Profile::shared(value) {
                        Some(p) => v.profile = Some(p),
                        None => self.error(
                            k,
                            format!("unknown profile `{value}`"),
                            Some(format!("profiles: {}", PROFILE_NAMES.join(", "))),
                        ),
                    },
                    "label" => {
                        if let Err(e) = check_label(value) {
                            self.error(k, e, Some(LABEL_HELP.into()));
                        }
                        v.label = value.clone();
                    }
                    name => {
                        self.defined.insert(name.to_string());
                        v.vars.insert(name.to_string(), value.clone());
                    }
                }
            }
            out.push(v);
        }
        // Every entry must give the same names, or some run would miss a value.
        if let Some(first) = out.first() {
            let names: Vec<&String> = first.vars.keys().collect();
            for (entry, v) in vary.iter().zip(&out).skip(1) {
                if v.vars.keys().collect::<Vec<_>>() != names {
                    let help = Some(format!(
                        "the first entry gives: {}",
                        names
                            .iter()
                            .map(|n| n.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ));
                    self.error(
                        entry,
                        "this `vary:` entry gives other names than the first",
                        help,
                    );
                }
            }
        }
        out
    }

    pub(super) fn names(&mut self, pairs: Pairs, kind: Kind) -> Vec<(String, String)> {
        own_size(pairs.0.into_iter().map(|(k, v)| {
            self.known(&k.referenced_as(()), &k.value, kind);
            (k.value, v)
        }))
    }

    pub(super) fn captures(&mut self, pairs: Pairs) -> Vec<(String, Arc<Regex>)> {
        let mut out = Vec::new();
        for (k, pattern) in pairs.0 {
            match compiled(&pattern) {
                Ok(re) if re.captures_len() >= 2 => {
                    self.defined.insert(k.value.clone());
                    out.push((k.value, re));
                }
                Ok(_) => self.error(
                    &k,
                    format!("capture `{}` needs a group: `(…)`", k.value),
                    None,
                ),
                Err(e) => self.error(
                    &k,
                    format!("capture `{}` is not a regular expression: {e}", k.value),
                    None,
                ),
            }
        }
        out
    }

    /// Checks a name against the catalogue of the screens.
    pub(super) fn known(&mut self, at: &Spanned<()>, name: &str, kind: Kind) {
        if name.contains("${") {
            return;
        }
        let (list, what) = match kind {
            Kind::Field => (&self.catalogue.fields, "field"),
            Kind::Pressable => (&self.catalogue.pressables, "button, link or menu item"),
            Kind::Title => (&self.catalogue.titles, "screen"),
        };
        if list.has(name) {
            return;
        }
        let help = names::nearest(name, list.iter()).map(|n| format!("did you mean 「{n}」?"));
        self.error(at, format!("no {what} is named 「{name}」"), help);
    }

    pub(super) fn uses_all<'t>(
        &mut self,
        at: &Spanned<()>,
        texts: impl Iterator<Item = &'t String>,
    ) {
        for t in texts {
            self.uses(at, t);
        }
    }

    /// Checks that every `${…}` in a text is closed and defined by then.
    pub(super) fn uses(&mut self, at: &Spanned<()>, text: &str) {
        if let Some(start) = super::super::interpolate::unclosed(text) {
            self.error(
                at,
                format!("`${{` without its `}}` in {:?}", &text[start..]),
                Some("write `${name}`".into()),
            );
        }
        for name in super::super::interpolate::placeholders(text) {
            self.uses_ca |= name == "ca.thumbprint";
            if !self.defined.contains(&name) {
                let help = names::nearest(&name, self.defined.iter().map(String::as_str))
                    .map(|n| format!("did you mean `${{{n}}}`?"));
                self.error(
                    at,
                    format!("`${{{name}}}` is not defined before this step"),
                    help,
                );
            }
        }
    }
}
