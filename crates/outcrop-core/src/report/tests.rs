//! Golden-ish tests: hand-built reports render the right totals, bars, words and escapes.

use super::*;

fn labels(lang: &str) -> ReportLabels {
    let word = |en: &str, ja: &str| {
        if lang == "ja" {
            ja.to_owned()
        } else {
            en.to_owned()
        }
    };
    ReportLabels {
        lang: lang.into(),
        kind: word("Playground session", "プレイグラウンドのセッション"),
        generated_at: word("Generated", "作成日時"),
        redacted_notice: word(
            "Account identifiers are hidden.",
            "アカウントの識別子は伏せてあります。",
        ),
        summary: word("Summary", "概要"),
        model_choice: word("Model", "モデル"),
        resolved_id: word("Sent to", "送信先"),
        region: word("Region", "リージョン"),
        transport: word("Transport", "送信方法"),
        tier: word("Tier", "ティア"),
        default_tier: word("Standard", "標準"),
        parameters: word("Parameters", "パラメーター"),
        default_parameters: word("The model's defaults", "モデルの既定値"),
        turn: word("Turn", "ターン"),
        question: word("Question:", "質問:"),
        input_tokens: word("Input", "入力"),
        output_tokens: word("Output", "出力"),
        cache_read_tokens: word("Cache read", "キャッシュ読み取り"),
        cache_write_tokens: word("Cache write", "キャッシュ書き込み"),
        cost: word("Cost", "コスト"),
        cost_without_cache: word("Without caching", "キャッシュなし"),
        saved: word("Saved", "節約"),
        first_token: word("First token", "最初のトークン"),
        not_measured: word("—", "—"),
        total: word("Total", "合計"),
        chart_cost_per_turn: word("Cost per turn", "ターンごとのコスト"),
        chart_tokens_per_turn: word("Tokens per turn", "ターンごとのトークン"),
        chart_cost_per_column: word("Cost per column", "列ごとのコスト"),
        chart_cost_per_run: word("Cost per run", "実行ごとのコスト"),
        legend_with_cache: word("With caching", "キャッシュあり"),
        legend_without_cache: word("Without caching", "キャッシュなし"),
        legend_cache_read: word("Cache read", "キャッシュ読み取り"),
        legend_cache_write: word("Cache write", "キャッシュ書き込み"),
        legend_uncached: word("Uncached input", "キャッシュされない入力"),
        recommendation: word("Recommendation", "推奨"),
        prices: word("Prices", "価格"),
        price_as_of: word("as of", "時点"),
        price_source: word("source", "出典"),
        no_price: word("No price entry", "価格の登録なし"),
        no_turns: word("Nothing was sent.", "まだ何も送信していません。"),
    }
}

fn turn(n: u32, question: &str, read: u64, write: u64, cost: f64, without: f64) -> ReportTurn {
    ReportTurn {
        label: format!("Turn {n}"),
        question: question.into(),
        input_tokens: 1_000,
        output_tokens: 250,
        cache_read_tokens: read,
        cache_write_tokens: write,
        cost,
        cost_without_cache: without,
        saved: without - cost,
        first_token_ms: (n != 2).then_some(640 + u64::from(n)),
    }
}

fn target() -> ReportTarget {
    ReportTarget {
        model_choice: "us.anthropic.claude-sonnet-4-5-20250929-v1:0".into(),
        resolved_id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0".into(),
        region: "us-east-1".into(),
        transport: "Converse".into(),
        tier: String::new(),
        parameters: vec![ReportPair {
            name: "Temperature".into(),
            value: "0.2".into(),
        }],
    }
}

fn session() -> ReportInput {
    ReportInput {
        kind: ReportKind::Session,
        title: "Field guide Q&A".into(),
        generated_at: "2026-12-01 18:30".into(),
        redacted: false,
        groups: vec![ReportGroup {
            label: "Field guide Q&A".into(),
            target: target(),
            turns: vec![
                turn(1, "What is in chapter 2?", 0, 12_000, 0.0525, 0.0435),
                turn(2, "<script>alert('x')</script> & more", 12_000, 0, 0.0111, 0.0435),
                turn(3, "Summarise", 12_000, 500, 0.0130, 0.0450),
            ],
            price: Some(ReportPriceSource {
                as_of: "2026-11-01".into(),
                source: "https://aws.amazon.com/bedrock/pricing/".into(),
            }),
        }],
        recommendation: None,
    }
}

fn bars(html: &str) -> usize {
    html.matches(r#"<rect class="bar "#).count()
}

#[test]
fn a_session_shows_its_totals_and_a_bar_per_turn_and_series() {
    let html = render_html(&session(), &labels("en"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(r#"<html lang="en">"#));
    // Totals: 3,000 input, 750 output, 24,000 read, 12,500 written, $0.0766 against $0.132 (shown as $0.13),
    // $0.0554 saved.
    assert!(html.contains("<td>3,000</td><td>750</td><td>24,000</td><td>12,500</td><td>$0.0766</td><td>$0.13</td><td>$0.0554</td>"), "{html}");
    // Cost: two bars a turn; tokens: three stacked a turn.
    assert_eq!(bars(&html), 3 * 2 + 3 * 3);
    // The first turn's writes cost more than they saved.
    assert!(
        html.contains(r#"<td class="saved-negative">-$0.00900</td>"#),
        "{html}"
    );
    assert!(html.contains("<td>641 ms</td>") && html.contains("<td>—</td>"));
    assert!(html.contains("Temperature: 0.2"));
    // The money axis reads in as few decimals as tell its ticks apart.
    assert!(html.contains(">$0.02<") && html.contains(">$0.06<"), "{html}");
    assert!(html.contains("2026-11-01"));
    assert!(
        !html.contains("Account identifiers are hidden."),
        "not redacted, not said"
    );
}

#[test]
fn text_is_escaped_and_nothing_runs_or_is_fetched() {
    let mut input = session();
    input.title = "<img src=x onerror=alert(1)>".into();
    input.groups[0].target.parameters.push(ReportPair {
        name: "\"quoted\"".into(),
        value: "<b>".into(),
    });
    let html = render_html(&input, &labels("en"));
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more"));
    assert!(!html.contains("<img"), "{html}");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("&quot;quoted&quot;: &lt;b&gt;"));
    for attribute in ["src=\"", "href=\"", "src='", "href='", "url("] {
        assert!(!html.contains(attribute), "{attribute} in {html}");
    }
    // The price source is text, never a link.
    assert!(html.contains(r#"<span class="source">https://aws.amazon.com/bedrock/pricing/</span>"#));
    assert!(html.contains("default-src 'none'"));
}

#[test]
fn a_redacted_report_says_so() {
    let mut input = session();
    input.redacted = true;
    let html = render_html(&input, &labels("en"));
    assert!(html.contains(r#"<p class="redacted">Account identifiers are hidden.</p>"#));
}

#[test]
fn a_japanese_report_is_in_japanese() {
    let html = render_html(&session(), &labels("ja"));
    assert!(html.contains(r#"<html lang="ja">"#));
    for word in [
        "概要",
        "ターンごとのコスト",
        "キャッシュあり",
        "標準",
        "出典",
        "合計",
    ] {
        assert!(html.contains(word), "{word}");
    }
    for english in [
        "Summary",
        "Cost per turn",
        "With caching",
        "Total",
        "Recommendation",
    ] {
        assert!(!html.contains(english), "{english} in a Japanese report");
    }
    // Numbers read the same in both languages.
    assert!(html.contains("$0.0766") && html.contains("24,000"));
}

#[test]
fn a_compare_has_a_bar_per_column_and_no_sum_of_columns() {
    let mut second = session().groups[0].clone();
    second.label = "Haiku".into();
    second.turns.truncate(1);
    second.price = None;
    let mut first = session().groups[0].clone();
    first.label = "Sonnet".into();
    let mut third = first.clone();
    third.label = "Sonnet, temperature 1".into();
    third.turns.clear();
    let input = ReportInput {
        kind: ReportKind::Compare,
        groups: vec![first, second, third],
        ..session()
    };
    let html = render_html(&input, &labels("en"));
    assert_eq!(bars(&html), 3);
    assert!(
        html.contains("<td>Haiku</td><td>1,000</td><td>250</td><td>0</td><td>12,000</td><td>$0.0525</td>"),
        "{html}"
    );
    assert!(html.contains("No price entry"));
    assert!(html.contains("Nothing was sent."));
    assert!(
        !html.contains("<tfoot><tr><td>Total</td><td>7,000"),
        "columns are not added up"
    );
}

#[test]
fn a_bakeoff_has_a_bar_per_run_and_its_recommendation() {
    let runs = [
        "No cache points",
        "System only",
        "Per document",
        "System + last user turn",
    ];
    let input = ReportInput {
        kind: ReportKind::Bakeoff,
        groups: runs
            .iter()
            .map(|label| ReportGroup {
                label: (*label).into(),
                ..session().groups[0].clone()
            })
            .collect(),
        recommendation: Some(ReportRecommendation {
            headline: "Use system only".into(),
            reasons: vec![
                "It saved 58% <over> no cache points".into(),
                "Reads began on turn 2".into(),
            ],
        }),
        ..session()
    };
    let html = render_html(&input, &labels("en"));
    assert_eq!(bars(&html), 4);
    assert!(html.contains(r#"<p class="headline">Use system only</p>"#));
    assert!(
        html.contains("<li>It saved 58% &lt;over&gt; no cache points</li><li>Reads began on turn 2</li>")
    );
    assert!(html.contains("Cost per run"));
    // One series, named for what it is: "No cache points" is not a cost "with caching".
    assert!(
        html.contains(r#"<span class="swatch s0"></span>Cost</li>"#),
        "{html}"
    );
    assert!(!html.contains(r#"<span class="swatch s0"></span>With caching</li>"#));
    assert_eq!(html.matches(r#"<section class="group page">"#).count(), 4);
}
