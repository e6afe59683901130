//! The report as one HTML document: inline CSS laid out for A4 (the summary and charts first, then a page per
//! session, column or run when printed), charts as
//! inline SVG, no script and nothing to fetch (a Content-Security-Policy says so to any browser that opens it).

use std::fmt::Write;

use super::chart::{Layout, Series, bar_chart};
use super::format::{escape, format_count, format_ms, format_usd, format_usd_tick};
use super::{ReportGroup, ReportInput, ReportKind, ReportLabels, ReportTotals};

const STYLE: &str = r#"
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 720px; padding: 24px 16px; color: #1f2933; background: #fff;
  font: 13px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans", "Noto Sans CJK JP", "Hiragino Sans",
  "Yu Gothic", Meiryo, sans-serif; }
h1 { font-size: 22px; margin: 0 0 4px; overflow-wrap: anywhere; }
h2 { font-size: 17px; margin: 0 0 10px; border-bottom: 2px solid #d8dee4; padding-bottom: 4px; overflow-wrap: anywhere; }
h3 { font-size: 14px; margin: 16px 0 6px; }
header { margin-bottom: 18px; }
.meta { color: #52606d; margin: 0; }
.redacted { margin: 8px 0 0; padding: 6px 10px; border-left: 4px solid #b7791f; background: #fffaf0; }
section { margin: 0 0 22px; }
table { width: 100%; border-collapse: collapse; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 6px; border-bottom: 1px solid #e4e7eb; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
td { white-space: nowrap; }
td:first-child { white-space: normal; min-width: 5.5em; overflow-wrap: anywhere; }
thead th { font-weight: 600; color: #3e4c59; border-bottom: 2px solid #cbd2d9; font-size: 11px; }
tfoot td { font-weight: 600; border-top: 2px solid #cbd2d9; }
tr, tbody.turn { break-inside: avoid; }
td.question { text-align: left; color: #3e4c59; white-space: pre-wrap; overflow-wrap: anywhere; padding-bottom: 8px; }
.saved-negative { color: #b42318; }
dl.target { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 10px; }
dl.target dt { color: #52606d; }
dl.target dd { margin: 0; overflow-wrap: anywhere; }
ul.reasons { margin: 6px 0 0; padding-left: 20px; }
.headline { font-size: 15px; font-weight: 600; margin: 0; }
figure { margin: 0 0 18px; break-inside: avoid; }
figcaption { font-weight: 600; margin-bottom: 4px; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg .grid { stroke: #e4e7eb; stroke-width: 1; }
svg .axis { stroke: #7b8794; stroke-width: 1; }
svg text { font-size: 10px; fill: #52606d; }
.s0 { fill: #2563eb; background: #2563eb; }
.s1 { fill: #9aa5b1; background: #9aa5b1; }
.s2 { fill: #d97706; background: #d97706; }
ul.legend { list-style: none; margin: 4px 0 0; padding: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; vertical-align: baseline; }
.charts.tokens .s0 { fill: #16a34a; background: #16a34a; }
.charts.tokens .s1 { fill: #d97706; background: #d97706; }
.charts.tokens .s2 { fill: #9aa5b1; background: #9aa5b1; }
.source { color: #52606d; overflow-wrap: anywhere; }
@media print {
  body { max-width: none; padding: 0; }
  section.page { break-before: page; }
}
"#;

/// The report as one self-contained HTML document in `labels.lang`.
pub fn render_html(input: &ReportInput, labels: &ReportLabels) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body>",
        lang = escape(&labels.lang),
        title = escape(&input.title),
    );
    header(&mut out, input, labels);
    summary(&mut out, input, labels);
    if let Some(recommendation) = &input.recommendation {
        let _ = write!(
            out,
            r#"<section class="recommendation"><h2>{}</h2><p class="headline">{}</p>"#,
            escape(&labels.recommendation),
            escape(&recommendation.headline)
        );
        if !recommendation.reasons.is_empty() {
            out.push_str(r#"<ul class="reasons">"#);
            for reason in &recommendation.reasons {
                let _ = write!(out, "<li>{}</li>", escape(reason));
            }
            out.push_str("</ul>");
        }
        out.push_str("</section>");
    }
    charts(&mut out, input, labels);
    for group in &input.groups {
        group_section(&mut out, group, labels);
    }
    out.push_str("</body></html>\n");
    out
}

fn header(out: &mut String, input: &ReportInput, labels: &ReportLabels) {
    let _ = write!(
        out,
        r#"<header><h1>{}</h1><p class="meta">{} · {} {}</p>"#,
        escape(&input.title),
        escape(&labels.kind),
        escape(&labels.generated_at),
        escape(&input.generated_at)
    );
    if input.redacted {
        let _ = write!(
            out,
            r#"<p class="redacted">{}</p>"#,
            escape(&labels.redacted_notice)
        );
    }
    out.push_str("</header>");
}

fn saved_cell(saved: f64) -> String {
    let class = if saved < 0.0 {
        r#" class="saved-negative""#
    } else {
        ""
    };
    format!("<td{class}>{}</td>", escape(&format_usd(saved)))
}

fn number_headers(out: &mut String, labels: &ReportLabels) {
    for label in [
        &labels.input_tokens,
        &labels.output_tokens,
        &labels.cache_read_tokens,
        &labels.cache_write_tokens,
        &labels.cost,
        &labels.cost_without_cache,
        &labels.saved,
    ] {
        let _ = write!(out, "<th>{}</th>", escape(label));
    }
}

fn number_cells(out: &mut String, totals: &ReportTotals) {
    let _ = write!(
        out,
        "<td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>{}",
        format_count(totals.input_tokens),
        format_count(totals.output_tokens),
        format_count(totals.cache_read_tokens),
        format_count(totals.cache_write_tokens),
        escape(&format_usd(totals.cost)),
        escape(&format_usd(totals.cost_without_cache)),
        saved_cell(totals.saved)
    );
}

/// A row per group (the session, each column, each run), and their total when there are several.
fn summary(out: &mut String, input: &ReportInput, labels: &ReportLabels) {
    let _ = write!(
        out,
        r#"<section class="summary"><h2>{}</h2><table><thead><tr><th></th>"#,
        escape(&labels.summary)
    );
    number_headers(out, labels);
    out.push_str("</tr></thead><tbody>");
    let mut all = ReportTotals::default();
    for group in &input.groups {
        let totals = group.totals();
        let _ = write!(out, "<tr><td>{}</td>", escape(&group.label));
        number_cells(out, &totals);
        out.push_str("</tr>");
        all += totals;
    }
    out.push_str("</tbody>");
    // Compare columns and bake-off runs answer the same questions side by side: their sum means nothing.
    if input.kind == ReportKind::Session && input.groups.len() > 1 {
        let _ = write!(out, "<tfoot><tr><td>{}</td>", escape(&labels.total));
        number_cells(out, &all);
        out.push_str("</tr></tfoot>");
    }
    out.push_str("</table></section>");
}

fn charts(out: &mut String, input: &ReportInput, labels: &ReportLabels) {
    match input.kind {
        ReportKind::Session => {
            for group in &input.groups {
                let categories: Vec<String> = group.turns.iter().map(|t| t.label.clone()).collect();
                let cost = bar_chart(
                    &labels.chart_cost_per_turn,
                    &categories,
                    &[
                        Series {
                            name: &labels.legend_with_cache,
                            values: group.turns.iter().map(|t| t.cost).collect(),
                        },
                        Series {
                            name: &labels.legend_without_cache,
                            values: group.turns.iter().map(|t| t.cost_without_cache).collect(),
                        },
                    ],
                    Layout::Grouped,
                    format_usd,
                    format_usd_tick,
                );
                let tokens = token_chart(
                    &labels.chart_tokens_per_turn,
                    categories,
                    group
                        .turns
                        .iter()
                        .map(|t| (t.cache_read_tokens, t.cache_write_tokens, t.input_tokens)),
                    labels,
                );
                let _ = write!(
                    out,
                    r#"<section class="charts">{cost}<div class="charts tokens">{tokens}</div></section>"#
                );
            }
        }
        ReportKind::Compare | ReportKind::Bakeoff => {
            let caption = if input.kind == ReportKind::Compare {
                &labels.chart_cost_per_column
            } else {
                &labels.chart_cost_per_run
            };
            let categories: Vec<String> = input.groups.iter().map(|g| g.label.clone()).collect();
            let totals: Vec<ReportTotals> = input.groups.iter().map(ReportGroup::totals).collect();
            let cost = bar_chart(
                caption,
                &categories,
                &[Series {
                    // A run without cache points is no "with caching": each bar is simply what the column or run cost.
                    name: &labels.cost,
                    values: totals.iter().map(|t| t.cost).collect(),
                }],
                Layout::Grouped,
                format_usd,
                format_usd_tick,
            );
            let _ = write!(out, r#"<section class="charts">{cost}</section>"#);
        }
    }
}

/// Cache reads, cache writes and uncached input, stacked.
fn token_chart(
    caption: &str,
    categories: Vec<String>,
    rows: impl Iterator<Item = (u64, u64, u64)>,
    labels: &ReportLabels,
) -> String {
    let (mut read, mut write, mut uncached) = (Vec::new(), Vec::new(), Vec::new());
    for (r, w, u) in rows {
        read.push(r as f64);
        write.push(w as f64);
        uncached.push(u as f64);
    }
    bar_chart(
        caption,
        &categories,
        &[
            Series {
                name: &labels.legend_cache_read,
                values: read,
            },
            Series {
                name: &labels.legend_cache_write,
                values: write,
            },
            Series {
                name: &labels.legend_uncached,
                values: uncached,
            },
        ],
        Layout::Stacked,
        |v| format_count(v.round() as u64),
        |v, _| format_count(v.round() as u64),
    )
}

fn group_section(out: &mut String, group: &ReportGroup, labels: &ReportLabels) {
    let target = &group.target;
    let _ = write!(
        out,
        r#"<section class="group page"><h2>{}</h2><dl class="target">"#,
        escape(&group.label)
    );
    let tier = if target.tier.is_empty() {
        &labels.default_tier
    } else {
        &target.tier
    };
    for (name, value) in [
        (&labels.model_choice, &target.model_choice),
        (&labels.resolved_id, &target.resolved_id),
        (&labels.region, &target.region),
        (&labels.transport, &target.transport),
        (&labels.tier, tier),
    ] {
        if !value.is_empty() {
            let _ = write!(out, "<dt>{}</dt><dd>{}</dd>", escape(name), escape(value));
        }
    }
    let parameters = if target.parameters.is_empty() {
        escape(&labels.default_parameters)
    } else {
        target
            .parameters
            .iter()
            .map(|p| format!("{}: {}", escape(&p.name), escape(&p.value)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let _ = write!(
        out,
        "<dt>{}</dt><dd>{parameters}</dd>",
        escape(&labels.parameters)
    );
    match &group.price {
        Some(price) => {
            let _ = write!(
                out,
                r#"<dt>{}</dt><dd>{} {} · {} <span class="source">{}</span></dd>"#,
                escape(&labels.prices),
                escape(&labels.price_as_of),
                escape(&price.as_of),
                escape(&labels.price_source),
                escape(&price.source)
            );
        }
        None => {
            let _ = write!(
                out,
                "<dt>{}</dt><dd>{}</dd>",
                escape(&labels.prices),
                escape(&labels.no_price)
            );
        }
    }
    out.push_str("</dl>");
    if group.turns.is_empty() {
        let _ = write!(out, "<p>{}</p></section>", escape(&labels.no_turns));
        return;
    }
    let _ = write!(out, "<table><thead><tr><th>{}</th>", escape(&labels.turn));
    number_headers(out, labels);
    let _ = write!(out, "<th>{}</th></tr></thead>", escape(&labels.first_token));
    for turn in &group.turns {
        // A turn's numbers and its question stay on one page.
        let _ = write!(out, r#"<tbody class="turn"><tr><td>{}</td>"#, escape(&turn.label));
        number_cells(
            out,
            &ReportTotals {
                input_tokens: turn.input_tokens,
                output_tokens: turn.output_tokens,
                cache_read_tokens: turn.cache_read_tokens,
                cache_write_tokens: turn.cache_write_tokens,
                cost: turn.cost,
                cost_without_cache: turn.cost_without_cache,
                saved: turn.saved,
            },
        );
        let first = turn
            .first_token_ms
            .map_or_else(|| labels.not_measured.clone(), format_ms);
        let _ = write!(
            out,
            r#"<td>{}</td></tr><tr><td class="question" colspan="9"><strong>{}</strong> {}</td></tr></tbody>"#,
            escape(&first),
            escape(&labels.question),
            escape(&turn.question)
        );
    }
    let _ = write!(out, "<tfoot><tr><td>{}</td>", escape(&labels.total));
    number_cells(out, &group.totals());
    out.push_str("<td></td></tr></tfoot></table></section>");
}
