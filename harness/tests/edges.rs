//! The dated rules are read from the profile: moving the grace period's end or the code
//! validity by one second makes the edge scenarios fail (MAIL-3, CODE-1, CODE-3).

use eseikyu::mail::catcher;
use eseikyu::scenario::{self, Scenario};
use eseikyu::world::World;
use jiff::SignedDuration;

fn load(path: &str) -> Scenario {
    let source = std::fs::read_to_string(path).expect("scenario reads");
    scenario::parse(path, &source).unwrap_or_else(|d| panic!("{d:?}"))
}

#[track_caller]
fn check(plan: &Scenario, passes: bool) {
    let c = catcher::shared().expect("catcher starts");
    let r = scenario::run(plan, 0, 0, |p, at, seed| World::new(p, at, seed, c));
    assert_eq!(
        r.passed(),
        passes,
        "{} expected to {}: {}",
        plan.id,
        if passes { "pass" } else { "fail" },
        eseikyu::report::text::failure(&r)
    );
}

fn shifted(path: &str, f: impl Fn(&mut Scenario)) -> Scenario {
    let mut plan = load(path);
    f(&mut plan);
    plan
}

const ONE: SignedDuration = SignedDuration::from_secs(1);

#[test]
fn grace_edges_follow_the_profile_to_the_second() {
    let last = "scenarios/mail/grace-last-second.yaml";
    let over = "scenarios/mail/grace-over.yaml";
    check(&load(last), true);
    check(&load(over), true);
    check(
        &shifted(last, |p| {
            std::sync::Arc::make_mut(&mut p.profile).grace_end -= ONE
        }),
        false,
    );
    check(
        &shifted(over, |p| {
            std::sync::Arc::make_mut(&mut p.profile).grace_end += ONE
        }),
        false,
    );
}

#[test]
fn code_expiry_follows_the_profile_to_the_second() {
    let at_29_59 = "scenarios/codes/code-at-29m59s.yaml";
    let at_30 = "scenarios/codes/code-at-30m.yaml";
    check(&load(at_29_59), true);
    check(&load(at_30), true);
    check(
        &shifted(at_29_59, |p| {
            std::sync::Arc::make_mut(&mut p.profile).code_validity -= ONE
        }),
        false,
    );
    check(
        &shifted(at_30, |p| {
            std::sync::Arc::make_mut(&mut p.profile).code_validity += ONE
        }),
        false,
    );
}

#[test]
fn the_release_instant_switches_the_rules() {
    // The same first login one second before the release is the old behaviour (REL-1).
    let first = "scenarios/login/new-office-first-login.yaml";
    check(&load(first), true);
    check(
        &shifted(first, |p| {
            std::sync::Arc::make_mut(&mut p.profile).release = Some(p.at + ONE);
        }),
        false,
    );
}
