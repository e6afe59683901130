//! Bar charts drawn as inline SVG: they print as sharp as the text, and need no script to appear.

use std::fmt::Write;

use super::format::escape;

/// One series of bars, drawn in the colour of its CSS class (`s0`, `s1`, …).
#[derive(Debug)]
pub(super) struct Series<'a> {
    pub name: &'a str,
    pub values: Vec<f64>,
}

/// How several series share a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// Side by side.
    Grouped,
    /// On top of each other.
    Stacked,
}

const WIDTH: f64 = 680.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 78.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 10.0;
const BOTTOM: f64 = 34.0;
const TICKS: usize = 4;
/// The widest a bar is drawn.
const MAX_BAR: f64 = 64.0;
/// The longest category name written under its bars (a longer one is cut, and whole in the bar's tooltip).
const CATEGORY_CHARS: usize = 18;

/// A tick step of 1, 2 or 5 times a power of ten, so the axis reads in round numbers.
fn nice_step(max: f64) -> f64 {
    let raw = max / TICKS as f64;
    let power = 10f64.powf(raw.log10().floor());
    let fraction = raw / power;
    let nice = if fraction <= 1.0 {
        1.0
    } else if fraction <= 2.0 {
        2.0
    } else if fraction <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * power
}

fn cut(text: &str) -> String {
    if text.chars().count() <= CATEGORY_CHARS {
        text.to_owned()
    } else {
        let mut cut: String = text.chars().take(CATEGORY_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}

/// A figure: its caption, the chart (one `rect.bar` per value of every series) and the legend.
pub(super) fn bar_chart(
    caption: &str,
    categories: &[String],
    series: &[Series<'_>],
    layout: Layout,
    format: fn(f64) -> String,
    tick_format: fn(f64, f64) -> String,
) -> String {
    let height_of = |i: usize| -> f64 {
        let values = series
            .iter()
            .map(|s| s.values.get(i).copied().unwrap_or(0.0).max(0.0));
        match layout {
            Layout::Grouped => values.fold(0.0, f64::max),
            Layout::Stacked => values.sum(),
        }
    };
    let max = (0..categories.len()).map(height_of).fold(0.0, f64::max);
    let step = if max > 0.0 && max.is_finite() {
        nice_step(max)
    } else {
        1.0
    };
    let top_value = (max / step).ceil().max(1.0) * step;
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let y = |v: f64| TOP + plot_h - v / top_value * plot_h;

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" role="img" aria-label="{}">"#,
        escape(caption)
    );
    // The axis: gridlines with their values.
    let ticks = (top_value / step).round() as usize;
    for t in 0..=ticks {
        let value = t as f64 * step;
        let at = y(value);
        let _ = write!(
            svg,
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{at:.1}" y2="{at:.1}"/><text class="tick" x="{}" y="{:.1}" text-anchor="end">{}</text>"#,
            WIDTH - RIGHT,
            LEFT - 6.0,
            at + 4.0,
            escape(&tick_format(value, step))
        );
    }
    let slot = if categories.is_empty() {
        plot_w
    } else {
        plot_w / categories.len() as f64
    };
    let gap = (slot * 0.2).min(24.0);
    let bars = match layout {
        Layout::Grouped => series.len().max(1) as f64,
        Layout::Stacked => 1.0,
    };
    // Bars stay bar-shaped when there are few: at most MAX_BAR wide, centred in their slot.
    let bar_w = ((slot - gap) / bars).clamp(1.0, MAX_BAR);
    let inset = (slot - bar_w * bars) / 2.0;
    // Name every category while they fit; past that, every n-th.
    let label_every =
        ((categories.len() as f64 * 7.0 * CATEGORY_CHARS as f64 / plot_w).ceil() as usize).max(1);
    for (i, category) in categories.iter().enumerate() {
        let x0 = LEFT + slot * i as f64 + inset;
        let mut base = 0.0;
        for (s, one) in series.iter().enumerate() {
            let value = one.values.get(i).copied().unwrap_or(0.0).max(0.0);
            let (x, bottom) = match layout {
                Layout::Grouped => (x0 + bar_w * s as f64, 0.0),
                Layout::Stacked => (x0, base),
            };
            let top = y(bottom + value);
            let h = y(bottom) - top;
            let _ = write!(
                svg,
                r#"<rect class="bar s{s}" x="{x:.1}" y="{top:.1}" width="{bar_w:.1}" height="{h:.1}"><title>{} · {}: {}</title></rect>"#,
                escape(category),
                escape(one.name),
                escape(&format(value))
            );
            base += value;
        }
        if i.is_multiple_of(label_every) {
            let _ = write!(
                svg,
                r#"<text class="category" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                LEFT + slot * (i as f64 + 0.5),
                HEIGHT - BOTTOM + 16.0,
                escape(&cut(category))
            );
        }
    }
    let _ = write!(
        svg,
        r#"<line class="axis" x1="{LEFT}" x2="{}" y1="{:.1}" y2="{:.1}"/></svg>"#,
        WIDTH - RIGHT,
        y(0.0),
        y(0.0)
    );

    let mut legend = String::from(r#"<ul class="legend">"#);
    for (s, one) in series.iter().enumerate() {
        let _ = write!(
            legend,
            r#"<li><span class="swatch s{s}"></span>{}</li>"#,
            escape(one.name)
        );
    }
    legend.push_str("</ul>");
    format!(
        r#"<figure class="figure"><figcaption>{}</figcaption>{svg}{legend}</figure>"#,
        escape(caption)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(100.0), 50.0);
        assert_eq!(nice_step(4.0), 1.0);
        assert!((nice_step(0.03) - 0.01).abs() < 1e-12);
    }

    #[test]
    fn every_value_of_every_series_is_a_bar() {
        let chart = bar_chart(
            "Cost",
            &["one".into(), "two".into(), "three".into()],
            &[
                Series {
                    name: "a",
                    values: vec![1.0, 2.0, 0.0],
                },
                Series {
                    name: "b",
                    values: vec![3.0, 0.5, 0.25],
                },
            ],
            Layout::Stacked,
            |v| format!("{v}"),
            |v, _| format!("{v}"),
        );
        assert_eq!(chart.matches(r#"class="bar "#).count(), 6);
        assert!(!chart.contains("NaN"), "{chart}");
    }

    #[test]
    fn an_empty_chart_still_draws_an_axis() {
        let chart = bar_chart(
            "Nothing",
            &[],
            &[],
            Layout::Grouped,
            |v| format!("{v}"),
            |v, _| format!("{v}"),
        );
        assert_eq!(chart.matches(r#"class="bar "#).count(), 0);
        assert!(chart.contains(r#"class="axis""#));
        assert!(!chart.contains("NaN") && !chart.contains("inf"), "{chart}");
    }
}
