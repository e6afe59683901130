//! Numbers as the report shows them, the same in every language the UI speaks (English and Japanese both
//! write "12,345" and "$0.0123"), and text made safe to put in HTML.

/// `text` safe inside an HTML element or a double-quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Digits grouped by threes with commas: `12345` → `12,345`.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count of tokens: `12,345`.
pub fn format_count(n: u64) -> String {
    group(&n.to_string())
}

/// How many decimals a dollar amount shows, by the UI's rule: two from ten cents up, otherwise three
/// significant digits (at most six decimals), so a fraction of a cent stays readable.
fn usd_decimals(value: f64) -> usize {
    let magnitude = value.abs();
    if magnitude == 0.0 || magnitude >= 0.1 || !magnitude.is_finite() {
        return 2;
    }
    let first = -magnitude.log10().floor();
    (first as usize + 2).clamp(2, 6)
}

/// US dollars: `$4.07`, `$0.0183`, `$0.000375`, `$12,345.60`, `-$0.0020`.
pub fn format_usd(value: f64) -> String {
    if !value.is_finite() {
        return "—".into();
    }
    let decimals = usd_decimals(value);
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    // A value that rounds to zero is not negative.
    let negative = value < 0.0 && text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let sign = if negative { "-" } else { "" };
    if fraction.is_empty() {
        format!("{sign}${}", group(whole))
    } else {
        format!("{sign}${}.{fraction}", group(whole))
    }
}

/// Money on a chart axis whose ticks are `step` apart: every tick with as few decimals as tell them apart (at
/// least two), `$0.02` rather than `$0.0200`, as the UI's axes read.
pub fn format_usd_tick(value: f64, step: f64) -> String {
    let decimals = if step > 0.0 && step.is_finite() {
        ((-step.log10() - 1e-9).ceil().max(2.0) as usize).min(6)
    } else {
        2
    };
    let text = format!("{:.*}", decimals, value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let sign = if value < 0.0 { "-" } else { "" };
    format!("{sign}${}.{fraction}", group(whole))
}

/// A duration: `850 ms`, `1.25 s`, as the UI shows it.
pub fn format_ms(ms: u64) -> String {
    if ms >= 1000 {
        let seconds = format!("{:.2}", ms as f64 / 1000.0);
        let seconds = seconds.trim_end_matches('0').trim_end_matches('.');
        let (whole, fraction) = seconds.split_once('.').unwrap_or((seconds, ""));
        if fraction.is_empty() {
            format!("{} s", group(whole))
        } else {
            format!("{}.{fraction} s", group(whole))
        }
    } else {
        format!("{ms} ms")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_group_thousands() {
        assert_eq!(format_count(0), "0");
        assert_eq!(format_count(999), "999");
        assert_eq!(format_count(1000), "1,000");
        assert_eq!(format_count(12_345), "12,345");
        assert_eq!(format_count(1_234_567), "1,234,567");
    }

    #[test]
    fn dollars_follow_the_ui_rule() {
        assert_eq!(format_usd(4.07), "$4.07");
        assert_eq!(format_usd(0.4), "$0.40");
        assert_eq!(format_usd(0.0183), "$0.0183");
        assert_eq!(format_usd(0.00505), "$0.00505");
        assert_eq!(format_usd(0.000375), "$0.000375");
        assert_eq!(format_usd(0.0), "$0.00");
        assert_eq!(format_usd(12_345.6), "$12,345.60");
        assert_eq!(format_usd(-0.002), "-$0.00200");
        assert_eq!(format_usd(f64::NAN), "—");
    }

    #[test]
    fn axis_money_has_the_decimals_its_step_needs() {
        assert_eq!(format_usd_tick(0.02, 0.02), "$0.02");
        assert_eq!(format_usd_tick(0.0, 0.005), "$0.000");
        assert_eq!(format_usd_tick(0.015, 0.005), "$0.015");
        assert_eq!(format_usd_tick(1500.0, 500.0), "$1,500.00");
    }

    #[test]
    fn durations_read_like_the_ui() {
        assert_eq!(format_ms(850), "850 ms");
        assert_eq!(format_ms(1250), "1.25 s");
        assert_eq!(format_ms(2000), "2 s");
        assert_eq!(format_ms(1_234_500), "1,234.5 s");
    }

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
