//! Property tests for every rule with a range (proptest; regressions are committed under
//! `proptest-regressions/`).

use eseikyu::domain::codes::{Code, CodeError, Purpose};
use eseikyu::domain::password::{PasswordProblem, check_rule};
use eseikyu::domain::{ClaimMethod, OfficeNumber, UserId};
use eseikyu::mail::catcher;
use eseikyu::profile::Profile;
use eseikyu::screens::Action;
use eseikyu::world::{Driver, OfficeSpec, World};
use jiff::{SignedDuration, Timestamp};
use proptest::prelude::*;
use rand::SeedableRng;

use crate::support;
use support::at;

/// LGN-4, written independently of the implementation: a regular expression per clause.
fn oracle(pw: &str, user_id: &str) -> bool {
    let allowed =
        regex::Regex::new(r"^[A-Za-z0-9!#$%&()*+,\-./:;<=>?@\[\]^_`{|}~]{8,16}$").unwrap();
    allowed.is_match(pw)
        && regex::Regex::new("[A-Za-z]").unwrap().is_match(pw)
        && regex::Regex::new("[0-9]").unwrap().is_match(pw)
        && pw != user_id
}

fn password_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9!#$%&()*+,./:;<=>?@^_`{|}~-]{0,20}",
        "[A-Za-z0-9 '\"\\\\]{6,18}",
        "[a-zA-Zａ-ｚ０-９0-9]{7,17}",
        Just("KJ131311111111".to_string()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// LGN-4: the rule agrees with the oracle on every input.
    #[test]
    fn password_rule_matches_the_oracle(pw in password_strategy()) {
        let ok = check_rule(&pw, "KJ131311111111").is_empty();
        prop_assert_eq!(ok, oracle(&pw, "KJ131311111111"), "password {:?}", pw);
    }

    /// LGN-4: the length problem is reported exactly outside 8..=16 characters.
    #[test]
    fn length_is_reported_exactly(n in 0usize..40) {
        let pw: String = "a1".chars().cycle().take(n).collect();
        let problems = check_rule(&pw, "x");
        prop_assert_eq!(problems.contains(&PasswordProblem::Length), !(8..=16).contains(&n));
    }

    /// MAIL-3, REL-1: the grace period and the release switch at their exact instants.
    #[test]
    fn grace_and_release_switch_at_exact_instants(offset in -86_400i64..86_400) {
        let p = Profile::r2025_12();
        let t = p.grace_end + SignedDuration::from_secs(offset);
        prop_assert_eq!(p.in_grace(t), offset < 0);
        let release = p.release.expect("the release profile has a release instant");
        let t = release + SignedDuration::from_secs(offset);
        prop_assert_eq!(p.released(t), offset >= 0);
        prop_assert!(!Profile::pre_2025_12().released(t));
    }

    /// CODE-1..3: a code is accepted only before issue + 30 minutes, only once, and never
    /// after five wrong entries or a newer code.
    #[test]
    fn codes_expire_are_single_use_and_limit_attempts(
        seed in any::<u64>(),
        wait in 0i64..3_600,
        wrong in 0u32..8,
        purpose in prop_oneof![Just(Purpose::Confirm), Just(Purpose::Otp)],
        voided in any::<bool>(),
    ) {
        let p = Profile::r2025_12();
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let issued = at("2026-01-15T10:00:00+09:00");
        let mut code = Code::issue(purpose, issued, &mut rng);
        prop_assert_eq!(code.digits().len(), purpose.digits());
        prop_assert!(code.digits().bytes().all(|b| b.is_ascii_digit()));
        let right = code.digits().to_string();
        let bad = if right.starts_with('0') { right.replacen('0', "1", 1) } else { right.replacen(&right[..1], "0", 1) };
        let now = issued + SignedDuration::from_secs(wait);
        let mut wrong_seen = 0;
        for _ in 0..wrong {
            let r = code.redeem(&bad, now, p.code_validity, p.code_attempts);
            if wait >= 1800 { prop_assert_eq!(r, Err(CodeError::Expired)); } else { wrong_seen += 1; }
        }
        if voided { code.void(); }
        let r = code.redeem(&right, now, p.code_validity, p.code_attempts);
        let expected = if voided || wrong_seen >= p.code_attempts {
            Err(CodeError::Void)
        } else if wait >= 1800 {
            Err(CodeError::Expired)
        } else {
            Ok(())
        };
        prop_assert_eq!(r, expected);
        if r.is_ok() {
            prop_assert_eq!(code.redeem(&right, now, p.code_validity, p.code_attempts), Err(CodeError::Void));
        }
    }

    /// ACC-1, ACC-2: generated 事業所番号 are valid, and user IDs round-trip.
    #[test]
    fn generated_numbers_and_user_ids_are_valid(seed in any::<u64>(), pref in 1u8..=47) {
        let mut rng = rand_chacha::ChaCha20Rng::seed_from_u64(seed);
        let n = eseikyu::generate::office_number(&mut rng);
        prop_assert!(OfficeNumber::parse(n.as_str()).is_some());
        let id = UserId::new(pref, &n);
        prop_assert_eq!(id.as_str().len(), 14);
        prop_assert_eq!(UserId::parse(id.as_str()), Some(id.clone()));
        prop_assert_eq!(id.office(), n);
    }
}

// ---- "no sequence of actions reaches the main menu without a security address after the
// grace period" (MAIL-1..3), over the real screens.

fn world_after_grace(seed: u64, offset: i64) -> World {
    let c = catcher::shared().expect("catcher starts");
    let p = Profile::r2025_12();
    let t = p.grace_end + SignedDuration::from_secs(offset);
    let mut w = World::new(p, t, seed, c);
    w.register(&OfficeSpec {
        prefectures: vec![26],
        ..OfficeSpec::active("2611111111", "Kyoto2024!", &[])
    })
    .expect("registers");
    w
}

/// One step a wandering visitor takes, by index into what the screen offers.
#[derive(Clone, Debug)]
enum Wander {
    Press(usize),
    Fill(usize, usize),
    Toggle(usize),
    Login,
    Wait(i64),
}

const VALUES: &[&str] = &[
    "sec@example.jp",
    "x",
    "",
    "0000",
    "Kyoto2024!",
    "KJ262611111111",
];

fn wander() -> impl Strategy<Value = Wander> {
    prop_oneof![
        (0usize..12).prop_map(Wander::Press),
        ((0usize..6), (0usize..VALUES.len())).prop_map(|(f, v)| Wander::Fill(f, v)),
        (0usize..4).prop_map(Wander::Toggle),
        Just(Wander::Login),
        (0i64..86_400).prop_map(Wander::Wait),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_path_to_the_main_menu_without_a_security_address(
        seed in any::<u64>(),
        offset in 0i64..86_400,
        steps in proptest::collection::vec(wander(), 1..40),
    ) {
        let mut w = world_after_grace(seed, offset);
        let user = UserId::parse("KJ262611111111").expect("id");
        for step in steps {
            let screen = w.screen().expect("screen");
            let action = match step {
                Wander::Press(i) => {
                    let p = screen.pressables();
                    let rows = screen.row_pressables();
                    let n = p.len() + rows.len();
                    if n == 0 { continue; }
                    let k = i % n;
                    if k < p.len() {
                        Action::Press { name: p[k].clone(), row: None }
                    } else {
                        let (r, name, _) = &rows[k - p.len()];
                        Action::Press { name: name.clone(), row: Some(r.to_string()) }
                    }
                }
                Wander::Fill(f, v) => {
                    let fields: Vec<_> = screen.fields().filter(|f| f.kind.is_fillable()).collect();
                    if fields.is_empty() { continue; }
                    Action::Fill { field: fields[f % fields.len()].name.clone(), value: VALUES[v].into() }
                }
                Wander::Toggle(i) => {
                    let toggles: Vec<_> = screen.fields().filter(|f| f.kind.is_toggle()).collect();
                    if toggles.is_empty() { continue; }
                    Action::Check { field: toggles[i % toggles.len()].name.clone(), on: true }
                }
                Wander::Login => {
                    let _ = w.act(&Action::Open("ログイン".into()));
                    let _ = w.act(&Action::Fill { field: "ユーザID".into(), value: "KJ262611111111".into() });
                    let _ = w.act(&Action::Fill { field: "パスワード".into(), value: "Kyoto2024!".into() });
                    Action::Press { name: "ログイン".into(), row: None }
                }
                Wander::Wait(s) => {
                    w.advance(SignedDuration::from_secs(s)).expect("advances");
                    continue;
                }
            };
            // Refusals (no such button…) are fine; the invariant must hold after every step.
            let _ = w.act(&action);
            let registered = w.system().account(&user).is_some_and(|a| !a.security.is_empty());
            prop_assert!(
                !w.browser().entered() || registered,
                "reached 【{}】 without a security address", w.screen().expect("screen").title
            );
        }
    }
}

// ---- the mailbox never loses or duplicates a message while many scenarios run at once.

proptest! {
    #![proptest_config(ProptestConfig { cases: 8, ..ProptestConfig::default() })]

    #[test]
    fn mailboxes_neither_lose_nor_duplicate_under_parallel_runs(
        jobs in 1usize..6,
        copies in 1usize..12,
        seed in any::<u64>(),
    ) {
        let c = catcher::shared().expect("catcher starts");
        let source = std::fs::read_to_string("scenarios/login/new-office-first-login.yaml").expect("reads");
        let plan = eseikyu::scenario::parse("first-login.yaml", &source).expect("parses");
        let plans = vec![plan; copies];
        let results = eseikyu::cli::run_all(&plans, seed, jobs, eseikyu::cli::System::InProcess { catcher: c, federation: None });
        prop_assert_eq!(results.len(), copies);
        for r in &results {
            prop_assert!(r.passed(), "{}", eseikyu::report::text::failure(r));
            // 3 mails each: メールアドレス登録通知, 確認コード, セキュリティ用メールアドレス登録通知.
            prop_assert_eq!(r.mails.len(), 3);
            let ids: std::collections::BTreeSet<_> = r.mails.iter().map(|m| m.message_id.clone()).collect();
            prop_assert_eq!(ids.len(), 3, "no duplicates within a world");
        }
    }

    /// MAIL-5: however many additions are attempted, an account never holds more than five.
    #[test]
    fn never_more_than_five_security_addresses(seed in any::<u64>(), attempts in 1usize..9) {
        let c = catcher::shared().expect("catcher starts");
        let p = Profile::r2025_12();
        let mut w = World::new(p, at("2026-02-10T09:00:00+09:00"), seed, c);
        w.register(&OfficeSpec {
            prefectures: vec![40],
            ..OfficeSpec::active("4011111111", "Fukuoka2024!", &["a0@example.jp"])
        }).expect("registers");
        let user = UserId::parse("KJ404011111111").expect("id");
        let press = |n: &str| Action::Press { name: n.into(), row: None };
        let fill = |f: &str, v: &str| Action::Fill { field: f.into(), value: v.into() };
        let _ = w.act(&Action::Open("ログイン".into()));
        let _ = w.act(&fill("ユーザID", "KJ404011111111"));
        let _ = w.act(&fill("パスワード", "Fukuoka2024!"));
        let _ = w.act(&press("ログイン"));
        let _ = w.act(&press("ユーザ情報変更"));
        let _ = w.act(&press("セキュリティ用メールアドレス設定"));
        for i in 1..=attempts {
            let addr = format!("a{i}@example.jp");
            if w.act(&press("追加")).is_err() { break; }
            let _ = w.act(&fill("セキュリティ用メールアドレス", &addr));
            let _ = w.act(&fill("セキュリティ用メールアドレス（確認用）", &addr));
            let _ = w.act(&press("次へ"));
            let digits = |w: &World, n: usize| w.mails().last().and_then(|m| {
                m.body.lines().find(|l| l.len() == n && l.bytes().all(|b| b.is_ascii_digit())).map(str::to_string)
            });
            let otp = digits(&w, 6).unwrap_or_default();
            let _ = w.act(&fill("ワンタイムパスワード", &otp));
            let _ = w.act(&press("次へ"));
            let code = digits(&w, 4).unwrap_or_default();
            let _ = w.act(&fill("確認コード", &code));
            let _ = w.act(&press("送信"));
            let _ = w.act(&press("終了"));
            let n = w.system().account(&user).map(|a| a.security.len()).unwrap_or(0);
            prop_assert_eq!(n, (i + 1).min(5));
        }
    }
}

// ---- a scenario file with any mistake gets diagnostics, never a panic.

const FIRST_LOGIN: &str = include_str!("../../scenarios/login/new-office-first-login.yaml");

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parsing_any_text_never_panics(text in "\\PC{0,300}") {
        let _ = eseikyu::scenario::parse("any.yaml", &text);
    }

    #[test]
    fn a_mangled_scenario_is_diagnosed_not_panicked(
        cut in 0usize..4000,
        len in 0usize..60,
        insert in prop_oneof![Just(String::new()), "\\PC{0,6}", Just(": ".to_string()), Just("\n  - ".to_string()), Just("${".to_string())],
    ) {
        let chars: Vec<char> = FIRST_LOGIN.chars().collect();
        let at = cut.min(chars.len());
        let end = (at + len).min(chars.len());
        let mangled: String = chars[..at].iter().chain(insert.chars().collect::<Vec<_>>().iter()).chain(chars[end..].iter()).collect();
        match eseikyu::scenario::parse("mangled.yaml", &mangled) {
            Ok(_) => {}
            Err(diags) => {
                prop_assert!(!diags.is_empty());
                for d in &diags {
                    // Every diagnostic renders, and names the file.
                    prop_assert!(d.render(&mangled).contains("mangled.yaml"));
                }
            }
        }
    }
}

// ---- CERT-12: the advice agrees with the manuals' flow for every combination.

#[test]
fn advice_follows_the_manuals_for_every_combination() {
    use eseikyu::domain::advice::{Advice::*, Situation, advise};
    // The flow of 004 (history → install; none → DX) and 003 (care plan certificate only
    // when claims are delegated, there is no 介護保険証明書, and linkage is used), written
    // out as a table: (claim, history, web service, care plan) → advice.
    type Row = (
        (ClaimMethod, bool, bool, bool),
        &'static [eseikyu::domain::advice::Advice],
    );
    let table: &[Row] = &[
        (
            (ClaimMethod::Internet, false, false, false),
            &[ApplyInsurance],
        ),
        (
            (ClaimMethod::Internet, false, false, true),
            &[ApplyInsurance],
        ),
        (
            (ClaimMethod::Internet, false, true, false),
            &[ApplyInsurance],
        ),
        (
            (ClaimMethod::Internet, false, true, true),
            &[ApplyInsurance],
        ),
        (
            (ClaimMethod::Internet, true, false, false),
            &[InstallInsurance],
        ),
        (
            (ClaimMethod::Internet, true, false, true),
            &[InstallInsurance],
        ),
        (
            (ClaimMethod::Internet, true, true, false),
            &[InstallInsurance],
        ),
        (
            (ClaimMethod::Internet, true, true, true),
            &[InstallInsurance],
        ),
        ((ClaimMethod::Proxy, false, false, false), &[Nothing]),
        ((ClaimMethod::Proxy, false, false, true), &[ApplyCarePlan]),
        ((ClaimMethod::Proxy, false, true, false), &[ApplyDx]),
        (
            (ClaimMethod::Proxy, false, true, true),
            &[ApplyDx, ApplyCarePlan],
        ),
        ((ClaimMethod::Proxy, true, false, false), &[Nothing]),
        ((ClaimMethod::Proxy, true, false, true), &[InstallInsurance]),
        ((ClaimMethod::Proxy, true, true, false), &[InstallInsurance]),
        ((ClaimMethod::Proxy, true, true, true), &[InstallInsurance]),
        ((ClaimMethod::Paper, false, false, false), &[Nothing]),
        ((ClaimMethod::Paper, false, false, true), &[ApplyCarePlan]),
        ((ClaimMethod::Paper, false, true, false), &[ApplyDx]),
        (
            (ClaimMethod::Paper, false, true, true),
            &[ApplyDx, ApplyCarePlan],
        ),
        ((ClaimMethod::Paper, true, false, false), &[Nothing]),
        ((ClaimMethod::Paper, true, false, true), &[InstallInsurance]),
        ((ClaimMethod::Paper, true, true, false), &[InstallInsurance]),
        ((ClaimMethod::Paper, true, true, true), &[InstallInsurance]),
    ];
    assert_eq!(table.len(), 24, "every combination");
    for ((claim, history, web, care), expected) in table {
        let got = advise(Situation {
            claim: *claim,
            insurance_history: *history,
            uses_web_service: *web,
            uses_care_plan: *care,
        });
        assert_eq!(
            &got, expected,
            "{claim:?} history={history} web={web} care={care}"
        );
    }
}

/// CPL-2 and CERT-12 agree: whatever an office's way of claiming and history, the
/// certificate the advice names for the care plan linkage is one the linkage's login takes.
#[test]
fn the_certificate_advised_for_the_linkage_opens_it() {
    use eseikyu::domain::CertKind;
    use eseikyu::domain::advice::{Advice, Situation, advise};
    for profile in [Profile::r2025_12(), Profile::pre_2025_12()] {
        let kinds = eseikyu::domain::System::new(profile).linkage_kinds();
        for claim in [
            ClaimMethod::Internet,
            ClaimMethod::Proxy,
            ClaimMethod::Paper,
        ] {
            for history in [false, true] {
                let advised = advise(Situation {
                    claim,
                    insurance_history: history,
                    uses_web_service: false,
                    uses_care_plan: true,
                });
                let linkage: Vec<CertKind> = advised
                    .iter()
                    .filter_map(|a| match a {
                        Advice::InstallInsurance | Advice::ApplyInsurance => {
                            Some(CertKind::Insurance)
                        }
                        Advice::ApplyCarePlan => Some(CertKind::CarePlan),
                        _ => None,
                    })
                    .collect();
                assert!(
                    !linkage.is_empty() && linkage.iter().all(|k| kinds.contains(k)),
                    "{claim:?} history={history}: advised {advised:?}, the linkage takes {kinds:?}"
                );
            }
        }
    }
}

// ---- CERT-8: the renewal window opens on a JST calendar day.
proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    /// 「有効終了年月日の90日前より」: due exactly when the JST date of `now` is on or after
    /// the date 90 days before the 有効終了年月日, and the certificate has not expired.
    #[test]
    fn renewal_is_due_from_midnight_of_the_ninetieth_day(
        expiry in 1_800_000_000i64..2_100_000_000,
        before in 0i64..(100 * 86_400),
    ) {
        let sys = eseikyu::domain::System::new(Profile::r2025_12());
        let valid_to = Timestamp::from_second(expiry).expect("instant");
        let now = Timestamp::from_second(expiry - before).expect("instant");
        let jst = eseikyu::clock::jst();
        let day = |t: Timestamp| t.to_zoned(jst.clone()).date();
        let opens = day(valid_to) - jiff::Span::new().days(90);
        let oracle = day(now) >= opens && now < valid_to;
        prop_assert_eq!(sys.in_renewal_window(valid_to, now), oracle);
    }
}
