#!/usr/bin/env python3
"""Folds `perf script -F comm,tid,ip,sym` output (DWARF call graphs) into the share of
samples each part of eseikyu takes: each sample goes to the first category met from its
innermost frame outwards, the rest to `other` (by the innermost eseikyu function)."""
import collections
import sys

CATEGORIES = [
    ("argon2id", ["argon2", "blake2", "PasswordHash"]),
    ("YAML (serde-saphyr)", ["serde_saphyr", "granit_parser"]),
    ("SMTP catcher thread", ["smtp-catcher"]),
    ("mail sent (lettre, outbound)", ["lettre", "Outbound::send"]),
    ("mail built", ["message::build", "mail_builder"]),
    ("mail read (mail-parser)", ["mail_parser", "message::decode"]),
    ("HTML read (html5ever, scraper)", ["html5ever", "scraper", "markup5ever", "screens::read"]),
    ("names", ["names::"]),
    ("screens and their text", ["askama", "screens::render", "Browser::view", "Browser::page",
                                "Browser::screen", "Screen::text", "with_steps", "screens::html"]),
    ("secrets hidden", ["redact", "Redaction"]),
    ("PKCS#12, TLS", ["pkcs12", "rustls", "aws_lc", "p256"]),
    ("care plan files (CSV checks)", ["linkage::check_file", "csv"]),
    ("the simulator's acts (browser, world)", ["Browser::act", "World::act", "Served>::act",
                                               "control::commands"]),
    ("sessions and the site's guard", ["sessions::", "guard::"]),
    ("Mailpit API", ["mailpit::"]),
    # Last: what runs inside the HTTP stacks is counted above, their own work here.
    ("HTTP client (ureq)", ["ureq"]),
    ("HTTP server (hyper, axum, tokio)", ["hyper", "axum", "tokio"]),
]


def samples(path):
    cur = None
    for line in open(path, encoding="utf-8", errors="replace"):
        if not line.strip():
            if cur:
                yield cur
            cur = None
        elif not line.startswith("\t"):
            parts = line.split()
            cur = (parts[0], [])
        else:
            frame = line.strip().split(None, 1)
            cur[1].append(frame[1] if len(frame) > 1 else "?")
    if cur:
        yield cur


def category(comm, stack):
    if comm == "smtp-catcher":
        return "SMTP catcher thread"
    for frame in stack:
        for name, keys in CATEGORIES:
            if any(k in frame for k in keys):
                return name
    ours = [f for f in stack if "eseikyu" in f and "{" not in f]
    return "other: " + (ours[0][:70] if ours else (stack[0][:50] if stack else "?"))


def main():
    counts = collections.Counter(category(c, s) for c, s in samples(sys.argv[1]))
    total = sum(counts.values())
    other = sum(v for k, v in counts.items() if k.startswith("other: "))
    print(f"{total} samples")
    for name, v in counts.most_common():
        if not name.startswith("other: "):
            print(f"{100 * v / total:5.1f} %  {name}")
    print(f"{100 * other / total:5.1f} %  other, of which:")
    for name, v in [kv for kv in counts.most_common() if kv[0].startswith("other: ")][:12]:
        print(f"        {100 * v / total:5.1f} %  {name[7:]}")


main()
