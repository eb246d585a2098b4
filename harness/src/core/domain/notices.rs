//! お知らせ: the standing notices of the reception system and the query behind
//! 【お知らせ一覧】 (NOTICE-1, NOTICE-3).

use super::ids::UserId;
use jiff::{SignedDuration, Timestamp};
use serde::{Deserialize, Serialize};

/// One お知らせ.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Notice {
    pub title: String,
    /// スケジュール, 証明書, 参考資料 or システム関連 (NOTICE-1).
    pub category: String,
    /// 提示開始日.
    pub start: Timestamp,
    /// End of the 提示期間 (exclusive); none: shown until withdrawn.
    #[serde(default)]
    pub end: Option<Timestamp>,
    pub body: String,
    /// Only this account sees it; none: every visitor.
    #[serde(skip)]
    pub to: Option<UserId>,
    /// NOTICE-4: attached files (name, size in bytes once the file is made).
    #[serde(skip)]
    pub attachments: Vec<(String, Option<u64>)>,
    /// The category the notice itself shows, where it differs from the list's (NOTICE-4:
    /// 「証明書 (パスワード再発行通知)」 under 「証明書」).
    #[serde(default)]
    pub detail_category: Option<String>,
}

/// NOTICE-1: which notices 【お知らせ一覧】 lists.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scope {
    /// 提示期間内のお知らせ (the default).
    #[default]
    Current,
    /// 新着のお知らせ.
    New,
    /// 未読のお知らせ.
    Unread,
    /// 全てのお知らせ.
    All,
}

/// A search on 【お知らせ一覧】.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub scope: Scope,
    pub keyword: String,
    /// 提示開始日 range, inclusive, as JST dates.
    pub from: Option<jiff::civil::Date>,
    pub to: Option<jiff::civil::Date>,
}

/// The standing notices shipped in `fixtures/notices.yaml` (parsed once per process).
pub fn standing() -> Vec<Notice> {
    static SOURCE: &str = include_str!("../../../../fixtures/notices.yaml");
    static PARSED: std::sync::OnceLock<Vec<Notice>> = std::sync::OnceLock::new();
    PARSED
        .get_or_init(|| serde_saphyr::from_str(SOURCE).unwrap_or_default())
        .clone()
}

impl Notice {
    pub fn visible_to(&self, viewer: Option<&UserId>) -> bool {
        match &self.to {
            None => true,
            Some(u) => viewer == Some(u),
        }
    }
    pub fn is_new(&self, now: Timestamp, window: SignedDuration) -> bool {
        self.start <= now && now.duration_since(self.start) < window
    }
}

/// Indices of the notices a query lists, newest 提示開始日 first (NOTICE-1).
pub fn select(
    notices: &[Notice],
    viewer: Option<&UserId>,
    read: &dyn Fn(usize) -> bool,
    query: &Query,
    now: Timestamp,
    new_window: SignedDuration,
) -> Vec<usize> {
    let mut hits: Vec<usize> = notices
        .iter()
        .enumerate()
        .filter(|(_, n)| n.visible_to(viewer) && n.start <= now)
        .filter(|(i, n)| match query.scope {
            Scope::Current => n.end.is_none_or(|e| now < e),
            Scope::New => n.is_new(now, new_window),
            Scope::Unread => !read(*i),
            Scope::All => true,
        })
        .filter(|(_, n)| {
            let k = query.keyword.trim();
            k.is_empty() || n.title.contains(k) || n.body.contains(k)
        })
        .filter(|(_, n)| {
            let day = n.start.to_zoned(crate::clock::jst()).date();
            query.from.is_none_or(|f| day >= f) && query.to.is_none_or(|t| day <= t)
        })
        .map(|(i, _)| i)
        .collect();
    hits.sort_by(|a, b| notices[*b].start.cmp(&notices[*a].start).then(a.cmp(b)));
    hits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fixture_parses() {
        let n = standing();
        assert!(
            n.len() >= 6,
            "fixtures/notices.yaml holds the standing notices"
        );
    }
}
