//! The engine on hand-made trees: one test per change kind and per corner that published
//! tree differs get wrong. Trees are written as outlines (`[Title](target)` for pages).

use super::*;
use crate::formats;
use crate::model::Node;
use crate::model::{NavFormat, SourceInfo};

fn tree(outline: &str) -> NavTree {
    let (roots, _) = formats::read(
        NavFormat::Outline,
        &formats::ReadContext::alone("fixture"),
        outline,
    )
    .expect("valid outline");
    NavTree::new(SourceInfo::default(), roots)
}

/// The changes, one a line, after checking that the edit script rebuilds `new`.
fn check_with(old: &str, new: &str, opts: &DiffOptions) -> String {
    let (old, new) = (tree(old), tree(new));
    let d = diff(&old, &new, opts);
    let rebuilt = apply(&old, &d).expect("script fits");
    assert_eq!(
        rebuilt.roots, new.roots,
        "apply(old, diff) must rebuild new"
    );
    render(&d)
}

fn check(old: &str, new: &str) -> String {
    check_with(old, new, &DiffOptions::default())
}

fn render(d: &Diff) -> String {
    let mut out = String::new();
    for c in &d.changes {
        let path = |p: &Option<Vec<String>>| p.as_ref().map(|p| p.join(" › ")).unwrap_or_default();
        let by = c
            .matched_by
            .map(|m| {
                format!(
                    " by {}",
                    serde_json::to_value(m)
                        .expect("json")
                        .as_str()
                        .expect("str")
                )
            })
            .unwrap_or_default();
        let line = match c.kind {
            ChangeKind::Added => format!("added {} ({} nodes)", path(&c.new_path), c.nodes),
            ChangeKind::Removed => format!("removed {} ({} nodes)", path(&c.old_path), c.nodes),
            ChangeKind::Moved => format!(
                "moved {} → {} ({} nodes){by}",
                path(&c.old_path),
                path(&c.new_path),
                c.nodes
            ),
            ChangeKind::Renamed if c.also.contains(&ChangeKind::Relinked) => format!(
                "renamed and relinked {} → {}: {} → {}{by}",
                path(&c.old_path),
                path(&c.new_path),
                c.old_target
                    .clone()
                    .flatten()
                    .unwrap_or_else(|| "none".into()),
                c.target.clone().unwrap_or_else(|| "none".into())
            ),
            ChangeKind::Renamed => {
                format!("renamed {} → {}{by}", path(&c.old_path), path(&c.new_path))
            }
            ChangeKind::Relinked => format!(
                "relinked {}: {} → {}{by}",
                path(&c.new_path),
                c.old_target
                    .clone()
                    .flatten()
                    .unwrap_or_else(|| "none".into()),
                c.target.clone().unwrap_or_else(|| "none".into())
            ),
            ChangeKind::Reordered => format!(
                "reordered {}: {} → {}",
                path(&c.new_path),
                c.old_position.expect("old position"),
                c.new_position.expect("new position")
            ),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn identical_trees_have_no_changes() {
    let t = "Guide\n  [Install](install.md)\n  [Use](use.md)\n[FAQ](faq.md)\n";
    assert_eq!(check(t, t), "");
    assert_eq!(check("", ""), "");
}

#[test]
fn added_and_removed_subtrees_are_collapsed() {
    insta::assert_snapshot!(check(
        "Guide\n  [Install](install.md)\nOld section\n  [A](a.md)\n  [B](b.md)\n",
        "Guide\n  [Install](install.md)\n  Deploy\n    [Containers](c.md)\n    [Bare metal](bm.md)\n",
    ), @r"
    added Guide › Deploy (3 nodes)
    removed Old section (3 nodes)
    ");
}

#[test]
fn a_moved_section_is_one_change() {
    insta::assert_snapshot!(check(
        "Guide\n  Deploy\n    [Containers](c.md)\n    [Bare metal](bm.md)\nOperations\n  [Monitoring](mon.md)\n",
        "Guide\nOperations\n  [Monitoring](mon.md)\n  Deploy\n    [Containers](c.md)\n    [Bare metal](bm.md)\n",
    ), @"moved Guide › Deploy → Operations › Deploy (3 nodes) by identical-subtree");
}

#[test]
fn renamed_relinked_and_both() {
    insta::assert_snapshot!(check(
        "[Setup](install.md)\n[Usage](use.md)\n[FAQ](faq.md)\n[Team](team.md)\n",
        "[Installation](install.md)\n[Usage](usage.md)\n[FAQs](faqs.md)\n[About us](about.md)\n",
    ), @r"
    added About us (1 nodes)
    removed Team (1 nodes)
    renamed Setup → Installation by target
    renamed and relinked FAQ → FAQs: faq.md → faqs.md by similar-title
    relinked Usage: use.md → usage.md by title
    ");
}

#[test]
fn target_spelling_is_not_a_relink_but_is_rebuilt() {
    // `./guide/index.md` and `guide/` are one page: no change, yet apply restores the spelling.
    assert_eq!(
        check("[Guide](./guide/index.md)\n", "[Guide](guide/)\n"),
        ""
    );
}

#[test]
fn minimal_reorder_reports_only_the_node_that_moved() {
    insta::assert_snapshot!(check(
        "[A](a.md)\n[B](b.md)\n[C](c.md)\n[D](d.md)\n[E](e.md)\n",
        "[B](b.md)\n[C](c.md)\n[D](d.md)\n[E](e.md)\n[A](a.md)\n",
    ), @"reordered A: 0 → 4");
}

#[test]
fn a_big_section_stays_and_the_small_page_moves() {
    insta::assert_snapshot!(check(
        "Big\n  [1](1.md)\n  [2](2.md)\n  [3](3.md)\n[Small](s.md)\n",
        "[Small](s.md)\nBig\n  [1](1.md)\n  [2](2.md)\n  [3](3.md)\n",
    ), @"reordered Small: 1 → 0");
}

#[test]
fn reorders_can_be_ignored() {
    let opts = DiffOptions {
        ignore_reorders: true,
        ..DiffOptions::default()
    };
    assert_eq!(
        check_with("[A](a.md)\n[B](b.md)\n", "[B](b.md)\n[A](a.md)\n", &opts),
        ""
    );
}

#[test]
fn duplicate_targets_pair_by_parent() {
    // The same external link in two sections; one section drops it.
    insta::assert_snapshot!(check(
        "Guide\n  [GitHub](https://github.com/x)\nAbout\n  [GitHub](https://github.com/x)\n  [Team](team.md)\n",
        "Guide\n  [GitHub](https://github.com/x)\nAbout\n  [Team](team.md)\n",
    ), @"removed About › GitHub (1 nodes)");
}

#[test]
fn one_title_under_many_parents() {
    // LivePerson-style: no targets, "Overview" and "Methods" everywhere.
    insta::assert_snapshot!(check(
        "APIs\n  Chat API\n    Overview\n    Methods\n      Start\n  Messaging API\n    Overview\n    Methods\n      Send\n",
        "APIs\n  Messaging API\n    Overview\n    Methods\n      Send\n      Close\n  Chat API\n    Overview\n    Methods\n      Start\n",
    ), @r"
    added APIs › Messaging API › Methods › Close (1 nodes)
    reordered APIs › Chat API: 0 → 1
    ");
}

#[test]
fn a_section_renamed_with_the_same_children() {
    insta::assert_snapshot!(check(
        "Deploying\n  [Containers](c.md)\n  [Bare metal](bm.md)\n  [Cloud](cloud.md)\n",
        "Shipping\n  [Containers](c.md)\n  [Bare metal](bm.md)\n  [Cloud](cloud.md)\n",
    ), @"renamed Deploying → Shipping by children");
}

#[test]
fn a_section_split_in_two() {
    insta::assert_snapshot!(check(
        "Reference\n  [A](a.md)\n  [B](b.md)\n  [C](c.md)\n  [D](d.md)\n",
        "API reference\n  [A](a.md)\n  [B](b.md)\nCLI reference\n  [C](c.md)\n  [D](d.md)\n",
    ), @r"
    added CLI reference (1 nodes)
    moved Reference › C → CLI reference › C (1 nodes) by target
    moved Reference › D → CLI reference › D (1 nodes) by target
    renamed Reference → API reference by children
    ");
}

#[test]
fn a_section_dissolved_and_its_pages_rehomed() {
    insta::assert_snapshot!(check(
        "Guide\n  Advanced\n    [Plugins](p.md)\n    [Hooks](h.md)\n  [Intro](i.md)\n",
        "Guide\n  [Intro](i.md)\n  [Plugins](p.md)\n  [Hooks](h.md)\n",
    ), @r"
    removed Guide › Advanced (1 nodes)
    moved Guide › Advanced › Plugins → Guide › Plugins (1 nodes) by target
    moved Guide › Advanced › Hooks → Guide › Hooks (1 nodes) by target
    ");
}

#[test]
fn a_new_section_wrapping_existing_pages() {
    insta::assert_snapshot!(check(
        "Guide\n  [Intro](i.md)\n  [Plugins](p.md)\n  [Hooks](h.md)\n",
        "Guide\n  [Intro](i.md)\n  Advanced\n    [Plugins](p.md)\n    [Hooks](h.md)\n",
    ), @r"
    added Guide › Advanced (1 nodes)
    moved Guide › Plugins → Guide › Advanced › Plugins (1 nodes) by target
    moved Guide › Hooks → Guide › Advanced › Hooks (1 nodes) by target
    ");
}

#[test]
fn a_page_moved_and_renamed() {
    insta::assert_snapshot!(check(
        "Guide\n  [Deploying to prod](deploy.md)\nOperations\n  [Monitoring](mon.md)\n",
        "Guide\nOperations\n  [Monitoring](mon.md)\n  [Production deploys](deploy.md)\n",
    ), @r"
    moved Guide › Deploying to prod → Operations › Production deploys (1 nodes) by target
    renamed Guide › Deploying to prod → Operations › Production deploys by target
    ");
}

#[test]
fn a_page_moved_far_away_is_found_by_its_unique_title() {
    insta::assert_snapshot!(check(
        "A\n  B\n    Tide tables\n  C\n",
        "A\n  B\n  C\n    D\n      Tide tables\n",
    ), @r"
    added A › C › D (1 nodes)
    moved A › B › Tide tables → A › C › D › Tide tables (1 nodes) by unique-title
    ");
}

#[test]
fn a_generic_title_unique_on_both_sides_does_not_pair_unrelated_parents() {
    // One "FAQ" in each tree, the kayak guide's and the canoe guide's: two pages.
    insta::assert_snapshot!(check(
        "Kayak guide\n  Paddles\n  FAQ\nCanoe guide\n  Portage\n",
        "Kayak guide\n  Paddles\nCanoe guide\n  Portage\n  Extras\n    FAQ\n",
    ), @r"
    added Canoe guide › Extras (2 nodes)
    removed Kayak guide › FAQ (1 nodes)
    ");
    // The same with targets that have nothing in common, and for another listed title.
    insta::assert_snapshot!(check(
        "Kayak guide\n  [Overview](kayak/intro.md)\nCanoe guide\n  [Portage](canoe/portage.md)\n",
        "Kayak guide\nCanoe guide\n  [Portage](canoe/portage.md)\n  [Overview](canoe/start.md)\n",
    ), @r"
    added Canoe guide › Overview (1 nodes)
    removed Kayak guide › Overview (1 nodes)
    ");
}

#[test]
fn a_generic_title_pairs_with_alike_targets_or_once_its_parents_pair() {
    // Alike targets corroborate the title.
    insta::assert_snapshot!(check(
        "Kayak guide\n  [FAQ](kayak/faq-kayak.md)\nCanoe guide\n  [Portage](canoe/portage.md)\n",
        "Kayak guide\nCanoe guide\n  [Portage](canoe/portage.md)\n  [FAQ](canoe/faq-kayaks.md)\n",
    ), @r"
    moved Kayak guide › FAQ → Canoe guide › FAQ (1 nodes) by unique-title
    relinked Canoe guide › FAQ: kayak/faq-kayak.md → canoe/faq-kayaks.md by unique-title
    ");
    // A section that moved with its "FAQ": the section pairs by its distinctive title, then
    // the FAQ under it pairs as a child of a matched pair.
    insta::assert_snapshot!(check(
        "Boats\n  Kayak guide\n    Paddles\n    FAQ\nGear\n",
        "Boats\nGear\n  Kayak guide\n    Paddles\n    FAQ\n",
    ), @"moved Boats › Kayak guide → Gear › Kayak guide (3 nodes) by identical-subtree");
    insta::assert_snapshot!(check(
        "Boats\n  Kayak guide\n    Paddles\n    FAQ\nGear\n",
        "Boats\nGear\n  Kayak guide\n    Paddles\n    Blades\n    FAQ\n",
    ), @r"
    added Gear › Kayak guide › Blades (1 nodes)
    moved Boats › Kayak guide → Gear › Kayak guide (4 nodes) by unique-title
    ");
}

#[test]
fn titles_the_tree_uses_as_a_kind_are_generic() {
    // "Sample Apps" ends titles under three parents: the Android one is not the iOS one.
    let old =
        "Android\n  Sample Apps\n  Voice sample apps\niOS\n  Setup\nWeb\n  Widget sample apps\n";
    let new =
        "Android\n  Voice sample apps\niOS\n  Setup\n  Sample Apps\nWeb\n  Widget sample apps\n";
    insta::assert_snapshot!(check(old, new), @r"
    added iOS › Sample Apps (1 nodes)
    removed Android › Sample Apps (1 nodes)
    ");
    // One word that begins or ends other titles is not a kind: "Send" is one page.
    let old = "Chat API\n  Send\n  Send a file\nMail API\n  Send mail\nSMS API\n  Send SMS\n";
    let new = "Chat API\n  Send a file\nMail API\n  Send mail\n  Send\nSMS API\n  Send SMS\n";
    insta::assert_snapshot!(check(old, new), @"moved Chat API › Send → Mail API › Send (1 nodes) by unique-title");
}

#[test]
fn case_only_renames() {
    assert_eq!(
        check("[Getting started](gs.md)\n", "[Getting Started](gs.md)\n"),
        "renamed Getting started → Getting Started by target\n"
    );
    let opts = DiffOptions {
        ignore_case: true,
        ..DiffOptions::default()
    };
    assert_eq!(
        check_with(
            "[Getting started](gs.md)\n",
            "[Getting Started](gs.md)\n",
            &opts
        ),
        ""
    );
}

#[test]
fn a_draft_chapter_that_gains_a_target() {
    insta::assert_snapshot!(check(
        "Guide\n  [Intro](intro.md)\n  Plugins\n",
        "Guide\n  [Intro](intro.md)\n  [Plugins](plugins.md)\n",
    ), @"relinked Guide › Plugins: none → plugins.md by title");
}

#[test]
fn renames_carry_a_word_diff() {
    let d = diff(
        &tree("[Deploy to production](d.md)\n"),
        &tree("[Deploy to staging](d.md)\n"),
        &DiffOptions::default(),
    );
    assert_eq!(
        d.changes[0].title_diff,
        [
            WordChange::Same("Deploy to ".into()),
            WordChange::Removed("production".into()),
            WordChange::Added("staging".into()),
        ]
    );
}

#[test]
fn renames_read_as_a_word_diff_unless_the_words_mostly_changed_or_changed_in_places() {
    let renamed = |old: &str, new: &str| {
        let d = diff(&tree(old), &tree(new), &DiffOptions::default());
        let mut out = Vec::new();
        crate::report::markdown::write_sections(&d, "###", &mut out).expect("Vec write");
        String::from_utf8(out).expect("UTF-8")
    };
    // One word changed: the words struck out and added, in place.
    assert_eq!(
        renamed(
            "[Deploy to production](d.md)\n",
            "[Deploy to staging](d.md)\n"
        ),
        "\n### Renamed\n\n- Deploy to ~~production~~ **staging**\n"
    );
    // Mostly changed: the two titles whole.
    assert_eq!(
        renamed("[Quick Start](q.md)\n", "[Quick Starts](q.md)\n"),
        "\n### Renamed\n\n- ~~Quick Start~~ → **Quick Starts**\n"
    );
    // Changed in two places: whole, not `~~Comparing~~ **Performance** ~~Performance:~~ **in**`.
    assert_eq!(
        renamed(
            "[Comparing Performance: Loops vs. Iterators](p.md)\n",
            "[Performance in Loops vs. Iterators](p.md)\n"
        ),
        "\n### Renamed\n\n- ~~Comparing Performance: Loops vs. Iterators~~ → **Performance in Loops vs. Iterators**\n"
    );
}

#[test]
fn change_ids_are_stable_and_distinct() {
    let old = "Guide\n  [A](a.md)\n  [B](b.md)\n";
    let new_1 = "Ops\n  [A](a.md)\nGuide\n  [B](b.md)\n";
    let new_2 = "Ops\n  [A](a.md)\n  [C](c.md)\nGuide\n  [B](b.md)\n";
    let ids = |new: &str| -> Vec<(ChangeKind, String)> {
        diff(&tree(old), &tree(new), &DiffOptions::default())
            .changes
            .into_iter()
            .map(|c| (c.kind, c.id))
            .collect()
    };
    let first = ids(new_1);
    let second = ids(new_2);
    let moved_1 = first
        .iter()
        .find(|(k, _)| *k == ChangeKind::Moved)
        .expect("moved");
    let moved_2 = second
        .iter()
        .find(|(k, _)| *k == ChangeKind::Moved)
        .expect("moved");
    assert_eq!(
        moved_1, moved_2,
        "a reviewed change keeps its id when the PR grows"
    );
    let mut all: Vec<&String> = second.iter().map(|(_, id)| id).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), second.len());
    assert!(
        second
            .iter()
            .all(|(_, id)| id.len() == 12 && id.chars().all(|c| c.is_ascii_hexdigit()))
    );
}

#[test]
fn summary_counts_and_node_counts_reconcile() {
    let (old, new) = (
        tree("Guide\n  [A](a.md)\n  Old\n    [X](x.md)\n    [Y](y.md)\n"),
        tree(
            "Guide\n  [A](a.md)\n  New\n    [P](p.md)\n    [Q](q.md)\n    [R](r.md)\n  [X](x.md)\n",
        ),
    );
    let d = diff(&old, &new, &DiffOptions::default());
    let sum = |kind| {
        d.changes
            .iter()
            .filter(|c| c.kind == kind)
            .map(|c| c.nodes)
            .sum::<usize>()
    };
    assert_eq!(
        d.new.nodes,
        d.old.nodes - sum(ChangeKind::Removed) + sum(ChangeKind::Added)
    );
    assert_eq!(d.summary.total(), d.changes.len());
}

#[test]
fn tied_section_votes_pair_the_same_way_in_both_directions() {
    // Two old sections each hold half of one new section's pages: their dice scores tie.
    let (a, b) = (
        tree("Left\n  [A](a.md)\n  [B](b.md)\nRight\n  [C](c.md)\n  [D](d.md)\n"),
        tree("Merged\n  [A](a.md)\n  [B](b.md)\n  [C](c.md)\n  [D](d.md)\n"),
    );
    let forward = diff(&a, &b, &DiffOptions::default());
    let backward = diff(&b, &a, &DiffOptions::default());
    let pairs = |d: &Diff| -> Vec<(usize, usize)> {
        d.matches
            .iter()
            .enumerate()
            .filter_map(|(o, n)| n.map(|n| (o, n)))
            .collect()
    };
    let mut reversed: Vec<(usize, usize)> =
        pairs(&backward).into_iter().map(|(o, n)| (n, o)).collect();
    reversed.sort_unstable();
    assert_eq!(
        pairs(&forward),
        reversed,
        "the same pairs whichever side is old"
    );
    insta::assert_snapshot!(render(&forward), @"
    removed Right (1 nodes)
    moved Right › C → Merged › C (1 nodes) by target
    moved Right › D → Merged › D (1 nodes) by target
    renamed Left → Merged by children
    ");
}

#[test]
fn moves_between_the_same_parents_read_as_one_item() {
    let d = diff(
        &tree(
            "Guide\n  [Plugins](p.md)\n  [Hooks](h.md)\n  Themes\n    [Dark](d.md)\n  [Intro](i.md)\nAdvanced\n",
        ),
        &tree(
            "Guide\n  [Intro](i.md)\nAdvanced\n  [Plugins](p.md)\n  [Hooks](h.md)\n  Themes\n    [Dark](d.md)\n[Hooks v2](h2.md)\n",
        ),
        &DiffOptions::default(),
    );
    let mut out = Vec::new();
    crate::report::markdown::write_sections(&d, "###", &mut out).expect("Vec write");
    insta::assert_snapshot!(String::from_utf8(out).expect("UTF-8"), @"

    ### Added

    - Hooks v2 `h2.md`

    ### Moved

    - 1 section, 2 pages moved from Guide to Advanced: Plugins, Hooks, Themes (section with 1 page)
    ");
}

#[test]
fn relinks_that_rewrite_the_same_prefix_read_as_one_item() {
    let d = diff(
        &tree(
            "Topics\n  [A](topics/a.md)\n  [B](topics/b.md)\n  [C](topics/c.md)\n  [D](d.md)\n  [E](e.md)\n",
        ),
        &tree(
            "Topics\n  [A](community/a.md)\n  [B](community/b.md)\n  [C](community/c.md)\n  [D](old/d.md)\n  [E](e2.md)\n",
        ),
        &DiffOptions::default(),
    );
    let mut out = Vec::new();
    crate::report::markdown::write_sections(&d, "###", &mut out).expect("Vec write");
    insta::assert_snapshot!(String::from_utf8(out).expect("UTF-8"), @"

    ### Relinked

    - 3 relinked from `topics` to `community`: A, B, C
    - Topics › D: `d.md` → `old/d.md`
    - Topics › E: `e.md` → `e2.md`
    ");
}

// --- The identity rule (#12) -----------------------------------------------------------

#[test]
fn a_page_replaced_by_another_in_the_same_folder_is_removed_and_added() {
    // Title and target both changed, and nothing says the file moved: three pages removed
    // and three added, however much the folder and the extension have in common.
    insta::assert_snapshot!(check(
        "Reference\n  [API reference](reference/api.md)\nSDKs\n  [Python SDK](sdk/python.md)\n[FAQ](faq.md)\n",
        "Reference\n  [Glossary reference](reference/glossary.md)\nSDKs\n  [Go SDK](sdk/go.md)\n[Tips](tips.md)\n",
    ), @r"
    added Reference › Glossary reference (1 nodes)
    added SDKs › Go SDK (1 nodes)
    added Tips (1 nodes)
    removed Reference › API reference (1 nodes)
    removed SDKs › Python SDK (1 nodes)
    removed FAQ (1 nodes)
    ");
}

#[test]
fn a_near_equal_title_with_an_alike_target_is_one_page() {
    // `FAQ faq.md` → `FAQs faqs.md`: the differing parts are alike and the titles near-equal.
    insta::assert_snapshot!(check(
        "Help\n  [FAQ](help/faq.md)\n  [Contact](help/contact.md)\n",
        "Help\n  [FAQs](help/faqs.md)\n  [Contact](help/contact.md)\n",
    ), @"renamed and relinked Help › FAQ → Help › FAQs: help/faq.md → help/faqs.md by similar-title");
}

#[test]
fn a_file_rename_pairs_pages_whose_title_and_target_both_changed() {
    let (old, new) = (
        tree("Usage\n  [Usage with devtools](usage/devtools.md)\n"),
        tree(
            "Usage\n  [Fields](usage/fields.md)\nIntegrations\n  [devtools](integrations/devtools.md)\n",
        ),
    );
    // Without evidence, `devtools` is one file name in each tree: moved, renamed, relinked.
    let plain = diff(&old, &new, &DiffOptions::default());
    insta::assert_snapshot!(render(&plain), @r"
    added Usage › Fields (1 nodes)
    added Integrations (1 nodes)
    moved Usage › Usage with devtools → Integrations › devtools (1 nodes) by file-name
    renamed and relinked Usage › Usage with devtools → Integrations › devtools: usage/devtools.md → integrations/devtools.md by file-name
    ");
    // Git saw `usage/devtools.md` become `usage/fields.md`: then that is the page.
    let mut evidence = FileEvidence::new(EvidenceSource::Git);
    evidence.add_page("usage/devtools.md", true, false);
    evidence.add_page("usage/fields.md", false, false);
    evidence.add_page("integrations/devtools.md", false, false);
    evidence.add_rename("usage/devtools.md", "usage/fields.md");
    let d = diff_with(&old, &new, &DiffOptions::default(), &evidence);
    assert_eq!(d.file_evidence, EvidenceSource::Git);
    insta::assert_snapshot!(render(&d), @r"
    added Integrations (2 nodes)
    renamed and relinked Usage › Usage with devtools → Usage › Fields: usage/devtools.md → usage/fields.md by file-rename
    ");
}

#[test]
fn the_same_file_name_in_another_folder_is_the_page_moved() {
    // `releases/changelog.md` → `changelog.md`, titled differently: one page (rule c).
    insta::assert_snapshot!(check(
        "Releases\n  [Changelog](releases/changelog.md)\n  [Roadmap](releases/roadmap.md)\nAbout\n",
        "Releases\n  [Roadmap](releases/roadmap.md)\nAbout\n  [Release notes](changelog.md)\n",
    ), @r"
    moved Releases › Changelog → About › Release notes (1 nodes) by file-name
    renamed and relinked Releases › Changelog → About › Release notes: releases/changelog.md → changelog.md by file-name
    ");
}

#[test]
fn a_file_that_stayed_is_not_the_file_another_page_moved_to() {
    let (old, new) = (
        tree("Guide\n  [Overview](guide/overview.md)\nReference\n"),
        tree("Guide\nReference\n  [Reference overview](reference/overview.md)\n"),
    );
    let mut evidence = FileEvidence::new(EvidenceSource::Git);
    // The old file is still there: the guide's overview left the nav; a new page arrived.
    evidence.add_page("guide/overview.md", true, true);
    evidence.add_page("reference/overview.md", false, false);
    let d = diff_with(&old, &new, &DiffOptions::default(), &evidence);
    insta::assert_snapshot!(render(&d), @r"
    added Reference › Reference overview (1 nodes)
    removed Guide › Overview (1 nodes)
    ");
    // Two files compared and found unrelated are two documents, too.
    let mut evidence = FileEvidence::new(EvidenceSource::Content);
    evidence.add_page("guide/overview.md", true, false);
    evidence.add_page("reference/overview.md", false, false);
    let d = diff_with(&old, &new, &DiffOptions::default(), &evidence);
    assert_eq!(d.summary.count(ChangeKind::Moved), 0, "{}", render(&d));
    // …unless they share some text: then the file name decides.
    evidence.add_related("guide/overview.md", "reference/overview.md");
    let d = diff_with(&old, &new, &DiffOptions::default(), &evidence);
    assert_eq!(d.summary.count(ChangeKind::Moved), 1, "{}", render(&d));
}

#[test]
fn repeated_titles_pair_by_the_most_alike_target_then_the_nearest_position() {
    // Two "Overview" pages in one folder: the first removed, the second relinked.
    insta::assert_snapshot!(check(
        "Guide\n  [Overview](guide/overview-install.md)\n  [Overview](guide/overview-deploy.md)\n  [Next](guide/next.md)\n",
        "Guide\n  [Overview](guide/overview-deploying.md)\n  [Next](guide/next.md)\n",
    ), @r"
    removed Guide › Overview (1 nodes)
    relinked Guide › Overview: guide/overview-deploy.md → guide/overview-deploying.md by title
    ");
    // Targets equally alike (none): the nearest position, then document order.
    insta::assert_snapshot!(check(
        "S\n  Overview\n  [A](a.md)\n  Overview\n",
        "S\n  [A](a.md)\n  Overview\n",
    ), @"removed S › Overview (1 nodes)");
}

#[test]
fn a_page_moved_keeping_title_and_file_name_while_the_title_exists_elsewhere() {
    // "Fields" is also an API page, so its title is no key; its file name is.
    insta::assert_snapshot!(check(
        "Usage\n  [Models](usage/models.md)\n  [Fields](usage/fields.md)\nAPI\n  [Fields](api/fields.md)\n",
        "Usage\n  [Models](usage/models.md)\nConcepts\n  [Fields](concepts/fields.md)\nAPI\n  [Fields](api/fields.md)\n",
    ), @r"
    added Concepts (1 nodes)
    moved Usage › Fields → Concepts › Fields (1 nodes) by file-name
    relinked Concepts › Fields: usage/fields.md → concepts/fields.md by file-name
    ");
}

#[test]
fn a_page_that_becomes_a_section_pairs_with_the_page_holding_its_file() {
    insta::assert_snapshot!(check(
        "Releases\n  [Changelog](releases/changelog.md)\n  [Upgrading](releases/upgrading.md)\n",
        "Releases\n  Changelog\n    [Release notes](changelog.md)\n  [Upgrading](releases/upgrading.md)\n",
    ), @r"
    added Releases › Changelog (1 nodes)
    moved Releases › Changelog → Releases › Changelog › Release notes (1 nodes) by file-name
    renamed and relinked Releases › Changelog → Releases › Changelog › Release notes: releases/changelog.md → changelog.md by file-name
    ");
    // Without such a page, the page is removed and the section added (no "relinked to none").
    insta::assert_snapshot!(check(
        "Usage\n  [Field Types](usage/types.md)\n",
        "Usage\n  Field Types\n    [Types Overview](usage/types/overview.md)\n",
    ), @r"
    added Usage › Field Types (2 nodes)
    removed Usage › Field Types (1 nodes)
    ");
}

#[test]
fn similar_section_titles_without_a_distinctive_shared_child_are_two_sections() {
    // LivePerson v4 → v5: "Conversational AI" (NLU pages) is not "Conversation Orchestrator"
    // (routing pages), though the titles are 0.6 alike and both hold an "Overview".
    let old = "Conversational AI\n  Conversational AI\n    Overview\n    Intents\n    Entities\n  Bots\n    Overview\n  Tools\n    Overview\n";
    let new = "Conversational AI\n  Conversation Orchestrator\n    Overview\n    Dynamic Routing\n  Bots\n    Overview\n  Tools\n    Overview\n";
    insta::assert_snapshot!(check(old, new), @r"
    added Conversational AI › Conversation Orchestrator (3 nodes)
    removed Conversational AI › Conversational AI (4 nodes)
    ");
    // A distinctive child found in both makes them one section renamed.
    let old = "Conversational AI\n  Conversational AI\n    Overview\n    Intents\n    Entities\n    Slots\n  Bots\n    Overview\n";
    let new = "Conversational AI\n  Conversation Orchestrator\n    Overview\n    Intents\n    Routing\n    Rules\n    Queues\n  Bots\n    Overview\n";
    insta::assert_snapshot!(check(old, new), @r"
    added Conversational AI › Conversation Orchestrator › Routing (1 nodes)
    added Conversational AI › Conversation Orchestrator › Rules (1 nodes)
    added Conversational AI › Conversation Orchestrator › Queues (1 nodes)
    removed Conversational AI › Conversational AI › Entities (1 nodes)
    removed Conversational AI › Conversational AI › Slots (1 nodes)
    renamed Conversational AI › Conversational AI → Conversational AI › Conversation Orchestrator by similar-title
    ");
}

#[test]
fn targetless_pages_with_similar_titles_pair() {
    // LivePerson's pages have no targets: similar titles are all there is.
    insta::assert_snapshot!(check(
        "SDK\n  Quick Start\n  Methods\n",
        "SDK\n  Quick Starts\n  Methods\n",
    ), @"renamed SDK › Quick Start → SDK › Quick Starts by similar-title");
}

#[test]
fn two_long_titles_cost_little() {
    // #11: two 600,000-character titles, and a 20 × 20 parent of 2,000-character titles.
    let long = |c: char, n: usize| std::iter::repeat_n(c, n).collect::<String>();
    let start = std::time::Instant::now();
    let old = NavTree::new(
        SourceInfo::default(),
        vec![Node::section(
            long('a', 600_000),
            vec![Node::page("x", "x.md")],
        )],
    );
    let new = NavTree::new(
        SourceInfo::default(),
        vec![Node::section(
            long('b', 600_000),
            vec![Node::page("y", "y.md")],
        )],
    );
    let _ = diff(&old, &new, &DiffOptions::default());
    let titles = |seed: char| -> Vec<Node> {
        (0..20)
            .map(|i| {
                let t: String = (0..2_000)
                    .map(|j| {
                        char::from(
                            b'a' + u8::try_from((i * 7 + j * 13 + seed as usize) % 26)
                                .expect("small"),
                        )
                    })
                    .collect();
                Node::new(t, None, Vec::new())
            })
            .collect()
    };
    let old = NavTree::new(SourceInfo::default(), vec![Node::section("S", titles('a'))]);
    let new = NavTree::new(SourceInfo::default(), vec![Node::section("S", titles('q'))]);
    let d = diff(&old, &new, &DiffOptions::default());
    assert!(d.stats.similarity_checks <= 400);
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        start.elapsed()
    );
}

/// `tree(outline)` with its top-level sections marked as keys (sidebars) and the pages whose
/// title equals their target marked as stand-ins for unknown titles.
fn keyed(outline: &str) -> NavTree {
    use crate::model::TitleStatus;
    fn mark(node: &mut Node) {
        if node.target.as_deref() == Some(node.title.as_str()) {
            node.title_status = Some(TitleStatus::Broken);
        }
        node.children.iter_mut().for_each(mark);
    }
    let mut t = tree(outline);
    for root in &mut t.roots {
        root.title_status = Some(TitleStatus::Key);
        root.children.iter_mut().for_each(mark);
    }
    t
}

fn check_keyed(old: &str, new: &str) -> (String, Diff) {
    let (old, new) = (keyed(old), keyed(new));
    let d = diff(&old, &new, &DiffOptions::default());
    let rebuilt = apply(&old, &d).expect("script fits");
    assert_eq!(
        rebuilt.roots, new.roots,
        "apply(old, diff) must rebuild new"
    );
    (render(&d), d)
}

#[test]
fn a_category_that_became_a_sidebar_is_not_the_sidebar_renamed() {
    let (changes, _) = check_keyed(
        "docs\n  [Intro](intro)\n  API Reference\n    [Client](api/client)\n    [Server](api/server)\n",
        "docs\n  [Intro](intro)\napi\n  [Client](api/client)\n  [Server](api/server)\n",
    );
    assert_eq!(
        changes,
        "added (sidebar api) (1 nodes)\n\
         removed (sidebar docs) › API Reference (1 nodes)\n\
         moved (sidebar docs) › API Reference › Client → (sidebar api) › Client (1 nodes) by target\n\
         moved (sidebar docs) › API Reference › Server → (sidebar api) › Server (1 nodes) by target\n"
    );
}

#[test]
fn a_sidebar_key_changed_alone_is_no_change_the_site_shows() {
    let (changes, _) = check_keyed(
        "tutorialSidebar\n  [Intro](intro)\n  [Setup](setup)\n",
        "docs\n  [Intro](intro)\n  [Setup](setup)\n",
    );
    assert_eq!(changes, "");
}

#[test]
fn no_rename_from_or_to_an_unknown_title() {
    let (changes, d) = check_keyed(
        "docs\n  [guides/deploy](guides/deploy)\n  [old/scale](old/scale)\n  [Tuning](tuning)\n",
        "docs\n  [Deploying](guides/deploy)\n  [Scaling out](new/scale)\n  [Tuning well](tuning)\n",
    );
    // The known title's change is a rename; the stand-ins' are not (a page that moved is
    // relinked, not renamed).
    assert_eq!(
        changes,
        "renamed (sidebar docs) › Tuning → (sidebar docs) › Tuning well by target\n\
         relinked (sidebar docs) › Scaling out: old/scale → new/scale by file-name\n"
    );
    assert_eq!((d.old.unknown_titles, d.old.missing_pages), (2, 2));
    assert_eq!((d.new.unknown_titles, d.new.missing_pages), (0, 0));
    let (changes, _) = check_keyed(
        "docs\n  [Deploying](guides/deploy)\n",
        "docs\n  [guides/deploy](guides/deploy)\n",
    );
    assert_eq!(changes, "");
}

#[test]
fn changes_stand_where_their_entries_are_written() {
    use crate::model::Location;
    let at = |line| Location::new(line, 3);
    let page = |title: &str| Node::page(title, format!("{}.md", title.to_lowercase()));
    let placed = |node: Node, line: Option<usize>| match line {
        Some(line) => node.located(at(line)),
        None => node,
    };
    let source = |path: &str| SourceInfo::new(NavFormat::Mkdocs, Some(path.to_owned()));
    let old = NavTree::new(
        source("old/mkdocs.yml"),
        vec![
            placed(
                Node::section(
                    "Guide",
                    vec![
                        placed(page("Deploy"), Some(2)),
                        placed(
                            Node::section("Legacy", vec![placed(page("Gone"), Some(4))]),
                            Some(3),
                        ),
                    ],
                ),
                Some(1),
            ),
            placed(Node::section("Ops", vec![]), Some(5)),
            placed(page("Top"), Some(6)),
        ],
    );
    // `Legacy` stays, written nowhere (as an entry a reader cannot place); `Ops` is written
    // in an included file.
    let new = NavTree::new(
        source("mkdocs.yml"),
        vec![
            placed(
                Node::section("Guide", vec![placed(Node::section("Legacy", vec![]), None)]),
                Some(10),
            ),
            Node::section(
                "Ops",
                vec![page("Deploy").located(Location::in_file("ops.yml", 2, 5))],
            )
            .located(Location::in_file("ops.yml", 1, 1)),
        ],
    );
    let d = diff(&old, &new, &DiffOptions::default());
    let show = |l: &Option<Location>| match l {
        Some(l) => format!(
            "{}:{}:{}",
            l.file.as_deref().unwrap_or("?"),
            l.line,
            l.column
        ),
        None => "-".into(),
    };
    let got: Vec<String> = d
        .changes
        .iter()
        .map(|c| {
            format!(
                "{} {}: at {}, was {}",
                c.kind,
                c.title,
                show(&c.at),
                show(&c.old_at)
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            // Under a parent written nowhere: on the nearest ancestor that is.
            "removed Gone: at mkdocs.yml:10:3, was old/mkdocs.yml:4:3",
            // At the top level: the nav file's first line.
            "removed Top: at mkdocs.yml:1:1, was old/mkdocs.yml:6:3",
            "moved Deploy: at ops.yml:2:5, was old/mkdocs.yml:2:3",
        ]
    );
}
