//! 【お知らせ一覧】 (the main menu after login) and 【お知らせ表示】 (NOTICE-1, NOTICE-3, NOTICE-4).

use super::browser::{ActError, Browser, Ctx, Page};
use super::model::{Cell, FieldKind, Screen, Table};
use eseikyu_core::clock;
use eseikyu_core::domain::System;
use eseikyu_core::domain::notices::Scope;
use eseikyu_core::text;
use jiff::Timestamp;

impl Browser {
    pub(super) fn view_notices(&self, sys: &System, now: Timestamp) -> Screen {
        if let Page::Notice(i) = self.page {
            return view_notice(sys, i);
        }
        let hits = sys.query_notices(self.user.as_ref(), &self.notice_query, now);
        let per = sys.profile.notices_per_page.max(1);
        let pages = hits.len().div_ceil(per).max(1);
        let page = self.notice_page.min(pages - 1);
        let mut table = Table {
            columns: vec![
                String::new(),
                text::COL_NOTICE_START.into(),
                text::COL_NOTICE_CATEGORY.into(),
                text::COL_NOTICE_TITLE.into(),
            ],
            rows: vec![],
        };
        for &i in hits.iter().skip(page * per).take(per) {
            let n = &sys.notices()[i];
            let new = if n.is_new(now, sys.profile.new_notice_window) {
                text::NOTICE_NEW
            } else {
                ""
            };
            table.rows.push(vec![
                Cell::Text(new.into()),
                Cell::Text(clock::screen_date(n.start)),
                Cell::Text(n.category.clone()),
                Cell::Link(n.title.clone()),
            ]);
        }
        let scope = text::NOTICE_SCOPES[scope_index(self.notice_query.scope)];
        let mut buttons = vec![text::B_SEARCH, text::B_CLEAR];
        if page > 0 {
            buttons.push(text::B_PREV_PAGE);
        }
        if page + 1 < pages {
            buttons.push(text::B_NEXT_PAGE);
        }
        Screen::new(text::T_NOTICES)
            // CERT-11 ASSUMPTION: the care plan certificate is reached from the main menu.
            .link(text::T_CARE_PLAN)
            .choice(text::F_NOTICE_SCOPE, text::NOTICE_SCOPES, scope)
            .field(
                text::F_FROM,
                FieldKind::Text,
                &date_text(self.notice_query.from),
            )
            .field(
                text::F_TO,
                FieldKind::Text,
                &date_text(self.notice_query.to),
            )
            .field(text::F_KEYWORD, FieldKind::Text, &self.notice_query.keyword)
            .text(&[text::notice_count(hits.len())])
            .table(table)
            .text(&[format!("{} / {}", page + 1, pages)])
            .buttons(&buttons)
    }

    pub(super) fn press_notices(
        &mut self,
        ctx: &mut Ctx<'_>,
        name: &str,
        row: Option<usize>,
    ) -> Result<(), ActError> {
        match (&self.page, name) {
            (Page::Notice(_), text::B_BACK) if self.user.is_none() => self.goto(Page::TopMenu),
            (Page::Notice(_), text::B_BACK) => self.goto(Page::Notices),
            (Page::Notices, text::T_CARE_PLAN) => self.goto(Page::CarePlan),
            // NOTICE-4: an attachment's name downloads it.
            (Page::Notice(i), _) if row.is_some() => {
                if let Some(user) = self.user.clone() {
                    ctx.sys.download_attachment(&user, *i);
                }
            }
            (Page::Notices, text::B_SEARCH) => {
                // The form shows the current search; what was not changed is sent as shown.
                let shown = self.view_notices(ctx.sys, ctx.now);
                for f in shown.fields() {
                    let key = crate::names::normalize(&f.name);
                    self.form.entry(key).or_insert_with(|| f.value.clone());
                }
                let scope = self.value(text::F_NOTICE_SCOPE);
                self.notice_query.scope = text::NOTICE_SCOPES
                    .iter()
                    .position(|s| *s == scope)
                    .map(scope_of)
                    .unwrap_or(self.notice_query.scope);
                self.notice_query.keyword = self.value(text::F_KEYWORD);
                self.notice_query.from = parse_date(&self.value(text::F_FROM));
                self.notice_query.to = parse_date(&self.value(text::F_TO));
                self.notice_page = 0;
                self.form.clear();
            }
            (Page::Notices, text::B_CLEAR) => {
                self.notice_query = Default::default();
                self.notice_page = 0;
                self.form.clear();
            }
            (Page::Notices, text::B_NEXT_PAGE) => self.notice_page += 1,
            (Page::Notices, text::B_PREV_PAGE) => {
                self.notice_page = self.notice_page.saturating_sub(1)
            }
            (Page::Notices, _) if row.is_some() => {
                let hits = ctx
                    .sys
                    .query_notices(self.user.as_ref(), &self.notice_query, ctx.now);
                let per = ctx.sys.profile.notices_per_page.max(1);
                let index = self.notice_page * per + row.unwrap_or(0);
                if let (Some(&i), Some(user)) = (hits.get(index), self.user.clone()) {
                    ctx.sys.mark_read(&user, i);
                    self.goto(Page::Notice(i));
                }
            }
            (_, other) => return Err(ActError::Unsupported(other.to_string())),
        }
        Ok(())
    }
}

/// NOTICE-4: one お知らせ.
fn view_notice(sys: &System, i: usize) -> Screen {
    let Some(n) = sys.notices().get(i) else {
        return Screen::new(text::T_NOTICE).buttons(&[text::B_BACK]);
    };
    let period = match n.end {
        Some(e) => format!("{}～{}", clock::screen_date(n.start), clock::screen_date(e)),
        None => format!("{}～", clock::screen_date(n.start)),
    };
    let s = Screen::new(text::T_NOTICE)
        .heading(&n.title)
        .field(
            text::COL_NOTICE_CATEGORY,
            FieldKind::Display,
            n.detail_category.as_deref().unwrap_or(&n.category),
        )
        .field(text::NOTICE_PERIOD, FieldKind::Display, &period)
        .field(
            text::NOTICE_UPDATED,
            FieldKind::Display,
            &format!(
                "{} {}",
                clock::screen_date(n.start),
                clock::time_of_day(n.start)
            ),
        )
        .text(&n.body.lines().collect::<Vec<_>>());
    let mut s = s;
    if !n.attachments.is_empty() {
        let rows = n
            .attachments
            .iter()
            .map(|(name, size)| {
                let size = size
                    .map(|b| {
                        format!(
                            "{}Byte",
                            eseikyu_core::domain::certs::yen(b as u32).trim_end_matches('円')
                        )
                    })
                    .unwrap_or_default();
                vec![Cell::Link(name.clone()), Cell::Text(size)]
            })
            .collect();
        s = s.table(Table {
            columns: vec![text::COL_ATTACHMENT.into(), text::COL_SIZE.into()],
            rows,
        });
    }
    s.buttons(&[text::B_BACK])
}

fn scope_index(s: Scope) -> usize {
    match s {
        Scope::Current => 0,
        Scope::New => 1,
        Scope::Unread => 2,
        Scope::All => 3,
    }
}

fn scope_of(i: usize) -> Scope {
    match i {
        1 => Scope::New,
        2 => Scope::Unread,
        3 => Scope::All,
        _ => Scope::Current,
    }
}

/// ASSUMPTION: the 年 月 日 selectors are entered as one `YYYY/MM/DD` text.
fn parse_date(s: &str) -> Option<jiff::civil::Date> {
    let s = s.trim().replace('/', "-");
    s.parse().ok()
}

fn date_text(d: Option<jiff::civil::Date>) -> String {
    d.map(|d| d.strftime("%Y/%m/%d").to_string())
        .unwrap_or_default()
}
