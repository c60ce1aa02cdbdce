//! The words of the reporting workflow's details: the review queue's period filter, reports
//! linked to their review page, an earlier return note, what the period grid did, and what a
//! tenant reads on an indicator's page. Unlike the older areas, both languages' values sit
//! here beside the shape (`EN`, `ID`), so that `en.rs` and `id.rs` stay short; a value
//! missing in one language is still a compile error. May use nothing but std.

/// The workflow details' strings.
#[derive(Debug)]
pub struct WorkflowStrings {
    /// A period label in the review queue's query that names no period (the label as typed).
    pub unknown_period: fn(&str) -> String,
    /// The column (and link) from a report to its own review page.
    pub review: &'static str,
    /// The link text to a report's review page: approve, return or reopen it there.
    pub open_review: &'static str,
    /// An organisation's latest reports, on its page, for reviewers.
    pub latest_reports: &'static str,
    pub latest_reports_intro: &'static str,
    pub no_reports: &'static str,
    /// A return note kept after the report was corrected and submitted again.
    pub earlier_note: &'static str,
    /// What the period grid did: reports submitted, drafts saved.
    pub reports_submitted: fn(usize) -> String,
    pub drafts_saved: fn(usize) -> String,
    /// A tenant's view of an indicator.
    pub your_reports: &'static str,
    pub your_reports_intro: fn(usize) -> String,
    pub park_series_intro: fn(usize) -> String,
}

/// English.
pub const EN: WorkflowStrings = WorkflowStrings {
    unknown_period: |label| {
        format!(
            "“{label}” is not a period the queue knows; choose one from the list (such as Q2 2026 or Jun 2026). The queue below is not filtered by period."
        )
    },
    review: "Review",
    open_review: "Review page",
    latest_reports: "Latest reports",
    latest_reports_intro: "Each report's review page: approve or return a submitted one, reopen an approved one.",
    no_reports: "No reports yet.",
    earlier_note: "Earlier return note (the report was corrected and submitted again)",
    reports_submitted: |n| {
        if n == 1 {
            "1 report submitted for review.".into()
        } else {
            format!("{n} reports submitted for review.")
        }
    },
    drafts_saved: |n| {
        if n == 1 {
            "1 draft saved.".into()
        } else {
            format!("{n} drafts saved.")
        }
    },
    your_reports: "Your organisation's reports",
    your_reports_intro: |n| {
        format!(
            "Your own figures, period by period, beside the park figure. The park figure is shown only where at least {n} organisations contribute, so that no organisation's figure can be read from it."
        )
    },
    park_series_intro: |n| {
        format!(
            "Approved figures only, for the periods where at least {n} organisations contribute."
        )
    },
};

/// Bahasa Indonesia.
pub const ID: WorkflowStrings = WorkflowStrings {
    unknown_period: |label| {
        format!(
            "“{label}” bukan periode yang dikenal antrean; pilih salah satu dari daftar (misalnya TW II 2026 atau Jun 2026). Antrean di bawah tidak disaring menurut periode."
        )
    },
    review: "Tinjauan",
    open_review: "Halaman tinjauan",
    latest_reports: "Laporan terbaru",
    latest_reports_intro: "Halaman tinjauan setiap laporan: setujui atau kembalikan laporan yang dikirim, buka kembali laporan yang disetujui.",
    no_reports: "Belum ada laporan.",
    earlier_note: "Catatan pengembalian sebelumnya (laporan sudah diperbaiki dan dikirim ulang)",
    reports_submitted: |n| format!("{n} laporan dikirim untuk ditinjau."),
    drafts_saved: |n| format!("{n} draf tersimpan."),
    your_reports: "Laporan organisasi Anda",
    your_reports_intro: |n| {
        format!(
            "Angka Anda sendiri, per periode, di samping angka kawasan. Angka kawasan hanya ditampilkan bila sedikitnya {n} organisasi berkontribusi, agar angka satu organisasi tidak dapat dibaca darinya."
        )
    },
    park_series_intro: |n| {
        format!(
            "Hanya angka yang disetujui, untuk periode dengan sedikitnya {n} organisasi berkontribusi."
        )
    },
};
