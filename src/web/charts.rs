//! The geometry of the charts drawn as SVG on the server: scales, tick values, the
//! coordinates of lines and points, sparklines and the chart over time of an indicator page.
//! Pure and unit-tested; the handlers decide and label what is drawn and the templates draw
//! it. Coordinates are written with a dot whatever the language: they are SVG, not text for
//! people. No store, no domain rule, no strings of the page's language here.

use chrono::{Datelike, NaiveDate};

use super::format::fixed;

/// Maps a range of values onto a range of pixels (either may be reversed).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearScale {
    domain: (f64, f64),
    range: (f64, f64),
}

impl LinearScale {
    pub fn new(domain: (f64, f64), range: (f64, f64)) -> LinearScale {
        LinearScale { domain, range }
    }

    /// The pixel of `value`; the middle of the range when the domain is a single value.
    pub fn at(&self, value: f64) -> f64 {
        let (d0, d1) = self.domain;
        let (r0, r1) = self.range;
        if d1 == d0 {
            return (r0 + r1) / 2.0;
        }
        r0 + (value - d0) / (d1 - d0) * (r1 - r0)
    }
}

/// Maps a span of days onto a range of pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DateScale {
    from: NaiveDate,
    to: NaiveDate,
    range: (f64, f64),
}

impl DateScale {
    pub fn new(from: NaiveDate, to: NaiveDate, range: (f64, f64)) -> DateScale {
        DateScale { from, to, range }
    }

    pub fn at(&self, date: NaiveDate) -> f64 {
        let span = (self.to - self.from).num_days() as f64;
        let offset = (date - self.from).num_days() as f64;
        LinearScale::new((0.0, span), self.range).at(offset)
    }

    /// The first of January of every year that starts within the span.
    pub fn year_starts(&self) -> Vec<NaiveDate> {
        (self.from.year()..=self.to.year())
            .filter_map(|y| NaiveDate::from_ymd_opt(y, 1, 1))
            .filter(|d| self.from <= *d && *d <= self.to)
            .collect()
    }
}

/// "Nice" tick values (steps of 1, 2, 2.5 or 5 × 10ⁿ) covering `min..=max` with about
/// `count` intervals, and how many decimals their labels need. A single value gets a small
/// band around it.
pub fn nice_ticks(min: f64, max: f64, count: usize) -> (Vec<f64>, u8) {
    let (mut lo, mut hi) = if min <= max { (min, max) } else { (max, min) };
    if !lo.is_finite() || !hi.is_finite() {
        return (vec![0.0, 1.0], 0);
    }
    if hi == lo {
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() * 0.1 };
        lo -= pad;
        hi += pad;
    }
    let raw = (hi - lo) / count.max(1) as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor() * step;
    let last = (hi / step).ceil() * step;
    let n = ((last - first) / step).round() as usize;
    // Labels need as many decimals as the step has (2.5 → 1, 0.25 → 2, 50 → 0).
    let decimals = (0..=6u8)
        .find(|d| {
            let scaled = step * 10f64.powi(i32::from(*d));
            (scaled - scaled.round()).abs() < 1e-6
        })
        .unwrap_or(6);
    let ticks = (0..=n)
        .map(|i| {
            let v = first + i as f64 * step;
            // Snap floating noise (0.30000000000000004) to the step's precision.
            let p = 10f64.powi(i32::from(decimals));
            (v * p).round() / p
        })
        .collect();
    (ticks, decimals)
}

/// The `points` attribute of an SVG polyline.
pub fn polyline(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|&(x, y)| format!("{},{}", fixed(x, 1), fixed(y, 1)))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A small trend line with no axes.
#[derive(Debug, Clone, PartialEq)]
pub struct Sparkline {
    pub width: u32,
    pub height: u32,
    /// The polyline's points (empty with a single value).
    pub points: String,
    /// Where the last value is drawn, as a dot.
    pub last_x: String,
    pub last_y: String,
}

/// A sparkline of `values` (oldest first) in a `width` × `height` box; `None` without values.
/// Higher values are drawn higher whatever the indicator's direction.
pub fn sparkline(values: &[f64], width: u32, height: u32) -> Option<Sparkline> {
    let values: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
    let last = *values.last()?;
    let pad = 3.0;
    let (w, h) = (f64::from(width), f64::from(height));
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let x = LinearScale::new((0.0, (values.len() - 1) as f64), (pad, w - pad));
    let y = LinearScale::new((min, max), (h - pad, pad));
    let coordinates: Vec<(f64, f64)> = values
        .iter()
        .enumerate()
        .map(|(i, v)| (x.at(i as f64), y.at(*v)))
        .collect();
    let (lx, ly) = if values.len() == 1 {
        (w / 2.0, y.at(last))
    } else {
        (x.at((values.len() - 1) as f64), y.at(last))
    };
    Some(Sparkline {
        width,
        height,
        points: if values.len() > 1 {
            polyline(&coordinates)
        } else {
            String::new()
        },
        last_x: fixed(lx, 1),
        last_y: fixed(ly, 1),
    })
}

/// Size and margins of a time chart, in SVG units (the chart scales to the page's width).
const CHART_WIDTH: u32 = 720;
const CHART_HEIGHT: u32 = 280;
const MARGIN_LEFT: f64 = 64.0;
const MARGIN_RIGHT: f64 = 16.0;
const MARGIN_TOP: f64 = 12.0;
const MARGIN_BOTTOM: f64 = 32.0;

/// What a chart over time shows, in dates and values; the page decides them and labels them.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeSeries {
    /// The span of the x axis.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The corners of the target path.
    pub path: Vec<(NaiveDate, f64)>,
    /// The points joined by the official line, oldest first.
    pub line: Vec<(NaiveDate, f64)>,
    /// Every point drawn as a dot, in drawing order.
    pub marks: Vec<Mark>,
    pub today: NaiveDate,
}

/// A dot of a chart over time.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    pub date: NaiveDate,
    pub value: f64,
    /// How it is drawn (`official`, `provisional`).
    pub class: &'static str,
    /// What it says on hover.
    pub title: String,
}

/// A chart over time as the template draws it: coordinates written as text.
#[derive(Debug, Clone, PartialEq)]
pub struct TimeChart {
    pub width: u32,
    pub height: u32,
    pub aria: String,
    pub left: String,
    pub right: String,
    pub top: String,
    pub bottom: String,
    /// A grid line per tick: (y, label).
    pub y_ticks: Vec<(String, String)>,
    /// A band per year: (x of its first day, x of its middle, the year).
    pub years: Vec<(String, String, String)>,
    pub target_path: String,
    pub official_line: String,
    pub points: Vec<ChartPoint>,
    /// Where today is, when it lies in the span.
    pub today_x: Option<String>,
}

/// A dot, placed.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartPoint {
    pub cx: String,
    pub cy: String,
    pub class: &'static str,
    pub title: String,
}

/// Places `series` in a frame of [`CHART_WIDTH`] × [`CHART_HEIGHT`]: the y axis covers every
/// value drawn with a little room above and below, in nice ticks labelled by `tick_label`
/// (value, decimals the step needs); the x axis runs from `from` to `to` with a band per year.
/// `None` when there is nothing to scale.
pub fn time_chart(
    series: TimeSeries,
    aria: String,
    tick_label: impl Fn(f64, u8) -> String,
) -> Option<TimeChart> {
    let TimeSeries {
        from,
        to,
        path,
        line,
        marks,
        today,
    } = series;
    let values = path
        .iter()
        .map(|(_, v)| *v)
        .chain(marks.iter().map(|m| m.value));
    let min = values.clone().fold(f64::INFINITY, f64::min);
    let max = values.fold(f64::NEG_INFINITY, f64::max);
    // A little room above and below, so no point sits on the frame.
    let pad = (max - min) * 0.05;
    let (ticks, tick_decimals) = nice_ticks(min - pad, max + pad, 5);
    let (w, h) = (f64::from(CHART_WIDTH), f64::from(CHART_HEIGHT));
    let (left, right, top, bottom) = (MARGIN_LEFT, w - MARGIN_RIGHT, MARGIN_TOP, h - MARGIN_BOTTOM);
    let x = DateScale::new(from, to, (left, right));
    let y = LinearScale::new((*ticks.first()?, *ticks.last()?), (bottom, top));
    let coordinate = |v: f64| fixed(v, 1);
    let placed = |points: &[(NaiveDate, f64)]| {
        polyline(
            &points
                .iter()
                .map(|(d, v)| (x.at(*d), y.at(*v)))
                .collect::<Vec<_>>(),
        )
    };
    let years = x
        .year_starts()
        .into_iter()
        .map(|start| {
            let end = NaiveDate::from_ymd_opt(start.year(), 12, 31)
                .unwrap_or(to)
                .min(to);
            let middle = (x.at(start) + x.at(end)) / 2.0;
            (
                coordinate(x.at(start)),
                coordinate(middle),
                start.year().to_string(),
            )
        })
        .collect();
    Some(TimeChart {
        width: CHART_WIDTH,
        height: CHART_HEIGHT,
        aria,
        left: coordinate(left),
        right: coordinate(right),
        top: coordinate(top),
        bottom: coordinate(bottom),
        y_ticks: ticks
            .iter()
            .map(|v| (coordinate(y.at(*v)), tick_label(*v, tick_decimals)))
            .collect(),
        years,
        target_path: placed(&path),
        official_line: placed(&line),
        points: marks
            .into_iter()
            .map(|m| ChartPoint {
                cx: coordinate(x.at(m.date)),
                cy: coordinate(y.at(m.value)),
                class: m.class,
                title: m.title,
            })
            .collect(),
        today_x: (from..=to)
            .contains(&today)
            .then(|| coordinate(x.at(today))),
    })
}

/// One part of a bar split by counts: where it starts and how wide it is, and which of the
/// counts it draws (`class` is the caller's name for it, e.g. a status).
#[derive(Debug, Clone, PartialEq)]
pub struct BarSegment {
    pub class: &'static str,
    pub x: String,
    pub width: String,
}

/// A horizontal bar `width` long split in proportion to `counts` (named by their classes),
/// left to right; counts of zero draw nothing, and no counts at all draw no bar.
pub fn stacked_bar(counts: &[(&'static str, usize)], width: f64) -> Vec<BarSegment> {
    let total: usize = counts.iter().map(|(_, n)| n).sum();
    if total == 0 {
        return Vec::new();
    }
    let scale = LinearScale::new((0.0, total as f64), (0.0, width));
    let mut start = 0usize;
    counts
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(class, n)| {
            let x = scale.at(start as f64);
            start += n;
            BarSegment {
                class,
                x: format!("{x:.1}"),
                width: format!("{:.1}", scale.at(start as f64) - x),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stacked_bar_splits_its_width_by_the_counts() {
        let bar = stacked_bar(
            &[
                ("on_track", 2),
                ("at_risk", 0),
                ("off_track", 1),
                ("no_data", 1),
            ],
            240.0,
        );
        let parts: Vec<(&str, &str, &str)> = bar
            .iter()
            .map(|s| (s.class, s.x.as_str(), s.width.as_str()))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("on_track", "0.0", "120.0"),
                ("off_track", "120.0", "60.0"),
                ("no_data", "180.0", "60.0")
            ]
        );
        assert!(stacked_bar(&[("on_track", 0)], 240.0).is_empty());
        assert!(stacked_bar(&[], 240.0).is_empty());
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn linear_and_date_scales_map_ends_and_middles() {
        let s = LinearScale::new((0.0, 10.0), (100.0, 0.0));
        assert_eq!(s.at(0.0), 100.0);
        assert_eq!(s.at(10.0), 0.0);
        assert_eq!(s.at(2.5), 75.0);
        assert_eq!(LinearScale::new((3.0, 3.0), (0.0, 50.0)).at(3.0), 25.0);
        let t = DateScale::new(d(2026, 1, 1), d(2026, 1, 11), (0.0, 100.0));
        assert_eq!(t.at(d(2026, 1, 6)), 50.0);
        let years = DateScale::new(d(2025, 12, 31), d(2028, 12, 31), (0.0, 1.0)).year_starts();
        assert_eq!(years, vec![d(2026, 1, 1), d(2027, 1, 1), d(2028, 1, 1)]);
    }

    #[test]
    fn nice_ticks_cover_the_range_with_round_steps() {
        // (58.6 − 48) ÷ 5 = 2.12 → a step of 2.5.
        assert_eq!(
            nice_ticks(48.0, 58.6, 5),
            (vec![47.5, 50.0, 52.5, 55.0, 57.5, 60.0], 1)
        );
        assert_eq!(
            nice_ticks(48.0, 58.0, 5),
            (vec![48.0, 50.0, 52.0, 54.0, 56.0, 58.0], 0)
        );
        assert_eq!(
            nice_ticks(0.0, 1.0, 4),
            (vec![0.0, 0.25, 0.5, 0.75, 1.0], 2)
        );
        assert_eq!(
            nice_ticks(0.5, 12.0, 5),
            (vec![0.0, 2.5, 5.0, 7.5, 10.0, 12.5], 1)
        );
        // One value: a band around it.
        let (ticks, _) = nice_ticks(30.0, 30.0, 4);
        assert!(ticks.first().unwrap() <= &27.0 && ticks.last().unwrap() >= &33.0);
        assert_eq!(nice_ticks(0.0, 0.0, 4).0.first(), Some(&-1.0));
        assert_eq!(nice_ticks(f64::NAN, 1.0, 4), (vec![0.0, 1.0], 0));
        // Float noise is snapped away.
        assert!(nice_ticks(0.1, 0.7, 6).0.contains(&0.3));
    }

    #[test]
    fn a_time_chart_places_path_line_marks_years_and_today() {
        // 365 days over 640 units; values 0 to 10 padded to ticks −2.5 to 12.5 over 236.
        let series = TimeSeries {
            from: d(2025, 12, 31),
            to: d(2026, 12, 31),
            path: vec![(d(2025, 12, 31), 0.0), (d(2026, 12, 31), 10.0)],
            line: vec![(d(2026, 7, 2), 5.0)],
            marks: vec![Mark {
                date: d(2026, 7, 2),
                value: 5.0,
                class: "official",
                title: "Q2".into(),
            }],
            today: d(2026, 11, 29),
        };
        let chart = time_chart(series, "CE-01".into(), |v, n| {
            format!("{v:.n$}", n = n as usize)
        })
        .unwrap();
        assert_eq!(
            (chart.left.as_str(), chart.right.as_str()),
            ("64.0", "704.0")
        );
        assert_eq!(
            (chart.top.as_str(), chart.bottom.as_str()),
            ("12.0", "248.0")
        );
        assert_eq!(chart.y_ticks.len(), 7);
        assert_eq!(chart.y_ticks[0], ("248.0".to_string(), "-2.5".to_string()));
        assert_eq!(chart.y_ticks[6], ("12.0".to_string(), "12.5".to_string()));
        // 0 sits 2.5 of 15 up the axis: 248 − 236 / 6 = 208.7; 10 at 248 − 236 × 5 / 6 = 51.3.
        assert_eq!(chart.target_path, "64.0,208.7 704.0,51.3");
        // 2 July is day 183: 64 + 640 × 183 / 365 = 384.9; 5 is halfway up: 130.
        assert_eq!(chart.official_line, "384.9,130.0");
        assert_eq!(
            (chart.points[0].cx.as_str(), chart.points[0].cy.as_str()),
            ("384.9", "130.0")
        );
        // 2026 starts on day 1 (65.8) and its middle is halfway to 704.
        assert_eq!(
            chart.years,
            [("65.8".to_string(), "384.9".to_string(), "2026".to_string())]
        );
        // 29 November is day 333: 64 + 640 × 333 / 365 = 647.9.
        assert_eq!(chart.today_x.as_deref(), Some("647.9"));
    }

    #[test]
    fn sparkline_draws_higher_values_higher() {
        let s = sparkline(&[1.0, 3.0, 2.0], 80, 20).unwrap();
        assert_eq!(s.points, "3.0,17.0 40.0,3.0 77.0,10.0");
        assert_eq!((s.last_x.as_str(), s.last_y.as_str()), ("77.0", "10.0"));
        let one = sparkline(&[5.0], 80, 20).unwrap();
        assert_eq!(one.points, "");
        assert_eq!((one.last_x.as_str(), one.last_y.as_str()), ("40.0", "10.0"));
        assert_eq!(sparkline(&[], 80, 20), None);
        assert_eq!(sparkline(&[f64::NAN], 80, 20), None);
    }
}
