//! Writing messages: a person's pending items become one digest (grouped by what they are
//! about), or an account notice, in the person's language, as plain text and simple HTML.
//! No I/O: the links' secrets come in as arguments.

use std::fmt::Write as _;

use serde_json::Value;

use crate::domain::kinds::NotificationKind;
use crate::domain::notifications::RESET_LINK_LIFETIME;
use crate::i18n::Locale;
use crate::i18n::notifications::{date, flagged_transfer, indicator, period};

/// A message, written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// One item of a digest: its kind and what the store recorded of it.
#[derive(Debug, Clone)]
pub struct DigestItem {
    pub kind: NotificationKind,
    pub payload: Value,
}

/// The one digest of a person's items: sections in a fixed order (returned, late, due,
/// reviews, milestones, flagged transfers, week), each a heading, one line per item and a link to act.
pub fn digest(
    locale: Locale,
    name: &str,
    items: &[DigestItem],
    public_url: &str,
    settings_link: &str,
) -> Written {
    let w = &locale.strings().notifications;
    let of = |kind: NotificationKind, late: Option<bool>| -> Vec<&Value> {
        items
            .iter()
            .filter(|i| i.kind == kind)
            .filter(|i| late.is_none_or(|l| i.payload["late"].as_bool() == Some(l)))
            .map(|i| &i.payload)
            .collect()
    };
    let mut sections: Vec<Section> = Vec::new();
    let report = |p: &Value| (indicator(w, p), period(w, p));
    let returned = of(NotificationKind::ReportReturned, None);
    if !returned.is_empty() {
        sections.push(Section {
            heading: w.returned_heading,
            lines: returned
                .iter()
                .map(|p| {
                    let (i, per) = report(p);
                    (w.returned_line)(&i, &per, p["note"].as_str().unwrap_or(""))
                })
                .collect(),
            link: (w.submit_link, format!("{public_url}/submit")),
        });
    }
    for (late, heading, line) in [
        (true, w.late_heading, w.late_line),
        (false, w.due_heading, w.due_line),
    ] {
        let reports = of(NotificationKind::ReportsDue, Some(late));
        if !reports.is_empty() {
            sections.push(Section {
                heading,
                lines: reports
                    .iter()
                    .map(|p| {
                        let (i, per) = report(p);
                        line(&i, &per, &date(w, p["due"].as_str()))
                    })
                    .collect(),
                link: (w.submit_link, format!("{public_url}/submit")),
            });
        }
    }
    for p in of(NotificationKind::ReviewsWaiting, None) {
        sections.push(Section {
            heading: w.reviews_heading,
            lines: vec![(w.reviews_line)(
                p["reports"].as_i64().unwrap_or(0),
                p["organisations"].as_i64().unwrap_or(0),
                &date(w, p["oldest"].as_str()),
            )],
            link: (w.review_link, format!("{public_url}/review")),
        });
    }
    let milestones = of(NotificationKind::MilestoneOverdue, None);
    if !milestones.is_empty() {
        sections.push(Section {
            heading: w.milestones_heading,
            lines: milestones
                .iter()
                .map(|p| {
                    let title = match locale {
                        Locale::En => p["title_en"].as_str(),
                        Locale::Id => p["title_id"].as_str(),
                    };
                    (w.milestone_line)(
                        p["code"].as_str().unwrap_or(""),
                        title.unwrap_or(""),
                        &date(w, p["due"].as_str()),
                    )
                })
                .collect(),
            link: (w.timeline_link, format!("{public_url}/timeline")),
        });
    }
    let flagged = of(NotificationKind::TransferFlagged, None);
    if !flagged.is_empty() {
        sections.push(Section {
            heading: w.flagged_heading,
            lines: flagged.iter().map(|p| flagged_transfer(w, p)).collect(),
            link: (w.flows_link, format!("{public_url}/flows")),
        });
    }
    for p in of(NotificationKind::WeeklySummary, None) {
        let n = |key: &str| p[key].as_i64().unwrap_or(0);
        sections.push(Section {
            heading: w.weekly_heading,
            lines: (w.weekly_lines)(
                n("received"),
                n("approved"),
                n("returned"),
                n("waiting"),
                n("milestones_due"),
            ),
            link: (w.review_link, format!("{public_url}/review")),
        });
    }
    let subject = (w.digest_subject)(items.len());
    let mut text = format!("{}\n\n{}\n", (w.greeting)(name), w.digest_intro);
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:sans-serif;max-width:40em\">\n<p>{}</p>\n<p>{}</p>\n",
        locale.tag(),
        escape(&subject),
        escape(&(w.greeting)(name)),
        escape(w.digest_intro)
    );
    for section in &sections {
        let _ = write!(text, "\n{}\n", section.heading);
        let _ = write!(html, "<h2>{}</h2>\n<ul>\n", escape(section.heading));
        for line in &section.lines {
            let _ = writeln!(text, "- {line}");
            let _ = writeln!(html, "<li>{}</li>", escape(line));
        }
        let (label, href) = &section.link;
        let _ = writeln!(text, "{label}: {href}");
        let _ = writeln!(
            html,
            "</ul>\n<p><a href=\"{}\">{}</a></p>",
            escape(href),
            escape(label)
        );
    }
    let _ = write!(
        text,
        "\n--\n{}\n{}: {settings_link}\n",
        w.settings_footer, w.settings_link
    );
    let _ = write!(
        html,
        "<hr>\n<p><small>{} <a href=\"{}\">{}</a></small></p>\n</body></html>\n",
        escape(w.settings_footer),
        escape(settings_link),
        escape(w.settings_link)
    );
    Written {
        subject,
        text,
        html,
    }
}

struct Section {
    heading: &'static str,
    lines: Vec<String>,
    link: (&'static str, String),
}

/// The message with a password-reset link.
pub fn reset_link(locale: Locale, name: &str, link: &str) -> Written {
    let w = &locale.strings().notifications;
    let minutes = RESET_LINK_LIFETIME.as_secs() / 60;
    notice(
        locale,
        w.reset_subject,
        &[
            (w.greeting)(name),
            (w.reset_body)(minutes),
            link.to_string(),
            w.reset_ignore.to_string(),
        ],
        Some(link),
    )
}

/// The notice that a password changed.
pub fn password_changed(locale: Locale, name: &str) -> Written {
    let w = &locale.strings().notifications;
    notice(
        locale,
        w.changed_subject,
        &[(w.greeting)(name), w.changed_body.to_string()],
        None,
    )
}

/// A short message of paragraphs; the paragraph equal to `link` becomes a link in HTML.
fn notice(locale: Locale, subject: &str, paragraphs: &[String], link: Option<&str>) -> Written {
    let text = paragraphs.join("\n\n") + "\n";
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
         <body style=\"font-family:sans-serif;max-width:40em\">\n",
        locale.tag(),
        escape(subject)
    );
    for p in paragraphs {
        if Some(p.as_str()) == link {
            let _ = writeln!(html, "<p><a href=\"{0}\">{0}</a></p>", escape(p));
        } else {
            let _ = writeln!(html, "<p>{}</p>", escape(p));
        }
    }
    html.push_str("</body></html>\n");
    Written {
        subject: subject.to_string(),
        text,
        html,
    }
}

/// Text made safe for HTML.
fn escape(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_digest_groups_items_and_escapes_notes() {
        let items = vec![
            DigestItem {
                kind: NotificationKind::ReportsDue,
                payload: json!({"indicator": "CE-01", "name_en": "Slag reused", "name_id": "Terak",
                                "frequency": "monthly", "period_start": "2026-10-01",
                                "due": "2026-11-30", "late": false}),
            },
            DigestItem {
                kind: NotificationKind::ReportReturned,
                payload: json!({"indicator": "SK-02", "name_en": "Trainees", "name_id": "Peserta",
                                "frequency": "quarterly", "period_start": "2026-07-01",
                                "note": "<b>check</b>"}),
            },
        ];
        let en = digest(Locale::En, "Ana", &items, "http://p", "http://p/s?t=1");
        assert_eq!(en.subject, "Pilar: 2 things need your attention");
        assert!(
            en.text
                .contains("CE-01 Slag reused, Oct 2026: due 30 Nov 2026")
        );
        assert!(en.text.contains("SK-02 Trainees, Q3 2026: returned"));
        assert!(en.html.contains("&lt;b&gt;check&lt;/b&gt;"));
        assert!(en.text.contains("http://p/s?t=1"));
        let id = digest(Locale::Id, "Ana", &items, "http://p", "http://p/s?t=1");
        assert!(
            id.text
                .contains("CE-01 Terak, Okt 2026: jatuh tempo 30 Nov 2026")
        );
        assert!(id.text.contains("TW III 2026"));
    }
}
