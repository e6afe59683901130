//! The report printed to PDF by WebKitGTK, as the app does it (needs a display: run it under Xvfb with
//! `xvfb-run -a cargo test -p outcrop --test report_pdf -- --ignored`; the end-to-end tests print through the app).

#![cfg(target_os = "linux")]
#![allow(clippy::unwrap_used)]

use std::cell::RefCell;

use outcrop_core::report::*;
use std::rc::Rc;

#[test]
#[ignore = "needs a display (xvfb-run)"]
fn a_report_prints_to_an_a4_pdf() {
    gtk::init().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("report.pdf");
    let html = render_html(&report(), &labels());
    let result = Rc::new(RefCell::new(None));
    {
        let result = result.clone();
        outcrop_app::report_pdf::print_on_gtk_thread(html, to.clone(), move |r| {
            *result.borrow_mut() = Some(r);
        });
    }
    let started = std::time::Instant::now();
    while result.borrow().is_none() && started.elapsed() < outcrop_app::report_pdf::PRINT_TIMEOUT {
        gtk::main_iteration_do(false);
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert_eq!(result.borrow().clone(), Some(Ok(())));
    let pdf = std::fs::read(&to).unwrap();
    assert!(pdf.starts_with(b"%PDF-"), "a PDF");
    assert!(pdf.len() > 1000, "{} bytes", pdf.len());
    // Kept where it can be looked at (converted to PNG, say).
    let _ = std::fs::write(
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("report.pdf"),
        &pdf,
    );
    // A4 is 595 × 842 points.
    let text = String::from_utf8_lossy(&pdf);
    assert!(text.contains("595") && text.contains("842"), "an A4 page");
}

fn labels() -> ReportLabels {
    let text = |s: &str| s.to_owned();
    ReportLabels {
        lang: text("ja"),
        kind: text("プレイグラウンドのセッション"),
        generated_at: text("作成日時"),
        redacted_notice: text("アカウントの識別子は伏せてあります。"),
        summary: text("概要"),
        model_choice: text("モデル"),
        resolved_id: text("送信先"),
        region: text("リージョン"),
        transport: text("送信方法"),
        tier: text("ティア"),
        default_tier: text("標準"),
        parameters: text("パラメーター"),
        default_parameters: text("モデルの既定値"),
        turn: text("ターン"),
        question: text("質問:"),
        input_tokens: text("入力"),
        output_tokens: text("出力"),
        cache_read_tokens: text("キャッシュ読み取り"),
        cache_write_tokens: text("キャッシュ書き込み"),
        cost: text("コスト"),
        cost_without_cache: text("キャッシュなし"),
        saved: text("節約"),
        first_token: text("最初のトークン"),
        not_measured: text("—"),
        total: text("合計"),
        chart_cost_per_turn: text("ターンごとのコスト"),
        chart_tokens_per_turn: text("ターンごとのトークン"),
        chart_cost_per_column: text("列ごとのコスト"),
        chart_cost_per_run: text("実行ごとのコスト"),
        legend_with_cache: text("キャッシュあり"),
        legend_without_cache: text("キャッシュなし"),
        legend_cache_read: text("キャッシュ読み取り"),
        legend_cache_write: text("キャッシュ書き込み"),
        legend_uncached: text("キャッシュされない入力"),
        recommendation: text("推奨"),
        prices: text("価格"),
        price_as_of: text("時点"),
        price_source: text("出典"),
        no_price: text("価格の登録なし"),
        no_turns: text("まだ何も送信していません。"),
    }
}

fn report() -> ReportInput {
    let turn = |n: u64, read: u64, write: u64, cost: f64, without: f64| ReportTurn {
        label: format!("ターン {n}"),
        question: format!("第{n}章には何が書いてありますか？ <script>"),
        input_tokens: 1_200,
        output_tokens: 340,
        cache_read_tokens: read,
        cache_write_tokens: write,
        cost,
        cost_without_cache: without,
        saved: without - cost,
        first_token_ms: Some(600 + n * 10),
    };
    ReportInput {
        kind: ReportKind::Session,
        title: "フィールドガイドの質問".into(),
        generated_at: "2026-12-01 18:30".into(),
        redacted: true,
        groups: vec![ReportGroup {
            label: "フィールドガイドの質問".into(),
            target: ReportTarget {
                model_choice: "us.anthropic.claude-sonnet-4-5-20250929-v1:0".into(),
                resolved_id: "us.anthropic.claude-sonnet-4-5-20250929-v1:0".into(),
                region: "us-east-1".into(),
                transport: "Converse".into(),
                tier: String::new(),
                parameters: vec![ReportPair {
                    name: "温度".into(),
                    value: "0.2".into(),
                }],
            },
            turns: vec![
                turn(1, 0, 12_000, 0.0525, 0.0435),
                turn(2, 12_000, 0, 0.0111, 0.0435),
                turn(3, 12_000, 500, 0.0130, 0.0450),
                turn(4, 12_500, 0, 0.0112, 0.0452),
            ],
            price: Some(ReportPriceSource {
                as_of: "2026-11-01".into(),
                source: "https://aws.amazon.com/bedrock/pricing/".into(),
            }),
        }],
        recommendation: None,
    }
}
