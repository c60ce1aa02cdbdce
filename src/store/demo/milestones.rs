//! The three-year timeline of §8, as it stands on the demo date (2026-11-29).
//!
//! M01–M03 are reported events. The others are the reference's proposed milestones: their
//! dates follow the reference, their statuses are illustrative.

use super::model::{Milestone, date, tr};
use crate::domain::kinds::MilestoneStatus::{Done, InProgress, Late, Planned};

/// M01 … M15.
pub static MILESTONES: &[Milestone] = &[
    Milestone {
        code: "M01",
        title: tr(
            "Tsingshan–UNIDO Collaboration Conference at IWIP",
            "Konferensi Kolaborasi Tsingshan–UNIDO di IWIP",
        ),
        description: tr(
            "Kick-off of the pilot at the park with the Ministry of Industry, industry and \
             associations.",
            "Peluncuran proyek percontohan di kawasan bersama Kementerian Perindustrian, \
             industri dan asosiasi.",
        ),
        pillar: None,
        owner: Some("IWIP"),
        starts_on: date(2026, 1, 14),
        due_on: date(2026, 1, 15),
        status: Done,
        completed_on: Some(date(2026, 1, 15)),
        evidence_url: None,
    },
    Milestone {
        code: "M02",
        title: tr("UNIDO site visit", "Kunjungan lapangan UNIDO"),
        description: tr(
            "Site visit of the UNIDO delegation led by Ciyong Zou.",
            "Kunjungan lapangan delegasi UNIDO yang dipimpin Ciyong Zou.",
        ),
        pillar: None,
        owner: Some("UNIDO"),
        starts_on: date(2026, 1, 16),
        due_on: date(2026, 1, 16),
        status: Done,
        completed_on: Some(date(2026, 1, 16)),
        evidence_url: None,
    },
    Milestone {
        code: "M03",
        title: tr(
            "Permenperin 26/2025 in force",
            "Permenperin 26/2025 berlaku",
        ),
        description: tr(
            "The industrial-estate standard and accreditation regulation takes effect \
             (infrastructure 50%, environmental management 25%, management and services 25%).",
            "Peraturan standar dan akreditasi kawasan industri mulai berlaku (infrastruktur 50%, \
             pengelolaan lingkungan 25%, manajemen dan layanan 25%).",
        ),
        pillar: None,
        owner: Some("KEMENPERIN"),
        starts_on: date(2026, 1, 23),
        due_on: date(2026, 1, 23),
        status: Done,
        completed_on: Some(date(2026, 1, 23)),
        evidence_url: None,
    },
    Milestone {
        code: "M04",
        title: tr(
            "EIP Framework gap assessment (baseline) of IWIP",
            "Penilaian kesenjangan Kerangka EIP (baseline) IWIP",
        ),
        description: tr(
            "Baseline assessment of the park against the prerequisites and performance \
             requirements of the International EIP Framework v2.0. Proposed milestone; its \
             status in the demo data is illustrative.",
            "Penilaian awal kawasan terhadap prasyarat dan persyaratan kinerja Kerangka \
             Internasional EIP v2.0. Tonggak yang diusulkan; statusnya dalam data demo bersifat \
             ilustratif.",
        ),
        pillar: None,
        owner: Some("UNIDO"),
        starts_on: date(2026, 1, 19),
        due_on: date(2026, 3, 31),
        status: Done,
        completed_on: Some(date(2026, 4, 17)),
        evidence_url: Some("https://example.org/demo/milestones/M04-eip-gap-assessment.pdf"),
    },
    Milestone {
        code: "M05",
        title: tr(
            "REPT Battero cell-plant machine installation complete",
            "Pemasangan mesin pabrik sel baterai REPT Battero selesai",
        ),
        description: tr(
            "Reported target of the cell-plant tenant. Proposed milestone; its status in the \
             demo data is illustrative.",
            "Target yang dilaporkan tenant pabrik sel baterai. Tonggak yang diusulkan; statusnya \
             dalam data demo bersifat ilustratif.",
        ),
        pillar: None,
        owner: None,
        starts_on: date(2026, 1, 1),
        due_on: date(2026, 3, 31),
        status: Done,
        completed_on: Some(date(2026, 3, 27)),
        evidence_url: None,
    },
    Milestone {
        code: "M06",
        title: tr(
            "Indicator catalogue, MRV protocol and tenant data-sharing agreement approved",
            "Katalog indikator, protokol MRV dan perjanjian berbagi data tenant disetujui",
        ),
        description: tr(
            "Approved by the steering committee. Proposed milestone; its status in the demo \
             data is illustrative.",
            "Disetujui komite pengarah. Tonggak yang diusulkan; statusnya dalam data demo \
             bersifat ilustratif.",
        ),
        pillar: None,
        owner: Some("UNIDO"),
        starts_on: date(2026, 2, 2),
        due_on: date(2026, 6, 30),
        status: Done,
        completed_on: Some(date(2026, 6, 24)),
        evidence_url: Some(
            "https://example.org/demo/milestones/M06-steering-committee-minutes.pdf",
        ),
    },
    Milestone {
        code: "M07",
        title: tr(
            "2025 park GHG inventory published",
            "Inventarisasi GRK kawasan 2025 diterbitkan",
        ),
        description: tr(
            "Park inventory under the GHG Protocol, de-duplicated (captive power counted once). \
             Proposed milestone; its status in the demo data is illustrative.",
            "Inventarisasi kawasan menurut GHG Protocol, tanpa penghitungan ganda (pembangkit \
             captive dihitung sekali). Tonggak yang diusulkan; statusnya dalam data demo \
             bersifat ilustratif.",
        ),
        pillar: Some("CE"),
        owner: Some("IWIP"),
        starts_on: date(2026, 4, 1),
        due_on: date(2026, 9, 30),
        status: Late,
        completed_on: None,
        evidence_url: None,
    },
    Milestone {
        code: "M08",
        title: tr(
            "First annual pilot progress report; first PROPER results for the pilot period",
            "Laporan kemajuan tahunan pertama; hasil PROPER pertama untuk periode percontohan",
        ),
        description: tr(
            "GRI-referenced progress report for 2026. Proposed milestone; its status in the demo \
             data is illustrative.",
            "Laporan kemajuan 2026 yang merujuk GRI. Tonggak yang diusulkan; statusnya dalam \
             data demo bersifat ilustratif.",
        ),
        pillar: None,
        owner: Some("UNIDO"),
        starts_on: date(2026, 10, 1),
        due_on: date(2026, 12, 31),
        status: InProgress,
        completed_on: None,
        evidence_url: None,
    },
    Milestone {
        code: "M09",
        title: tr(
            "Slag-aggregate / brick pilot line commissioned",
            "Lini percontohan agregat / batako slag beroperasi",
        ),
        description: tr(
            "Slag use to reach at least 30% by the end of 2027. Proposed milestone; its status \
             in the demo data is illustrative.",
            "Pemanfaatan slag mencapai sedikitnya 30% pada akhir 2027. Tonggak yang diusulkan; \
             statusnya dalam data demo bersifat ilustratif.",
        ),
        pillar: Some("CE"),
        owner: Some("IWIP"),
        starts_on: date(2026, 7, 1),
        due_on: date(2027, 3, 31),
        status: InProgress,
        completed_on: None,
        evidence_url: None,
    },
    Milestone {
        code: "M10",
        title: tr(
            "First solar tranche (~500 MW of the 2 GW plan) connected",
            "Tahap pertama PLTS (~500 MW dari rencana 2 GW) tersambung",
        ),
        description: tr(
            "Part of the USD 2 bn plan for 2 GW solar and 500 MW wind; the tranche size is an \
             estimate. Proposed milestone; its status in the demo data is illustrative.",
            "Bagian dari rencana USD 2 miliar untuk 2 GW surya dan 500 MW angin; besaran tahap \
             ini adalah perkiraan. Tonggak yang diusulkan; statusnya dalam data demo bersifat \
             ilustratif.",
        ),
        pillar: Some("CE"),
        owner: Some("IWIP"),
        starts_on: date(2026, 4, 1),
        due_on: date(2027, 6, 30),
        status: InProgress,
        completed_on: None,
        evidence_url: None,
    },
    Milestone {
        code: "M11",
        title: tr(
            "Mid-term review with UNIDO; EIP re-assessment",
            "Tinjauan paruh waktu bersama UNIDO; penilaian ulang EIP",
        ),
        description: tr(
            "Review of the first half of the phase and a second EIP Framework assessment.",
            "Tinjauan paruh pertama fase dan penilaian Kerangka EIP kedua.",
        ),
        pillar: None,
        owner: Some("UNIDO"),
        starts_on: date(2027, 7, 1),
        due_on: date(2027, 9, 30),
        status: Planned,
        completed_on: None,
        evidence_url: None,
    },
    Milestone {
        code: "M12",
        title: tr(
            "Supplier code of conduct adopted by all tenants; limited assurance of the GHG \
             inventory",
            "Kode etik pemasok diadopsi semua tenant; asurans terbatas inventarisasi GRK",
        ),
        description: tr(
            "ESG screening reaches 75% of new suppliers (100% in 2028).",
            "Penyaringan ESG mencakup 75% pemasok baru (100% pada 2028).",
        ),
        pillar: Some("SC"),
        owner: Some("IWIP"),
        starts_on: date(2027, 1, 1),
        due_on: date(2027, 12, 31),
        status: Planned,
        completed_on: None,
        evidence_url: None,
    },
    Milestone {
        code: "M13",
        title: tr(
            "IRMA audit report for the WBN mine published",
            "Laporan audit IRMA tambang WBN diterbitkan",
        ),
        description: tr("Audit started in 2027.", "Audit dimulai pada 2027."),
        pillar: Some("SC"),
        owner: Some("WBN"),
        starts_on: date(2027, 1, 1),
        due_on: date(2028, 6, 30),
        status: Planned,
        completed_on: None,
        evidence_url: None,
    },
    Milestone {
        code: "M14",
        title: tr("First polytechnic graduates", "Lulusan pertama politeknik"),
        description: tr(
            "D1 programme; first intake in 2027-Q3.",
            "Program D1; penerimaan mahasiswa pertama pada triwulan III 2027.",
        ),
        pillar: Some("SK"),
        owner: Some("IWIP"),
        starts_on: date(2027, 7, 1),
        due_on: date(2028, 9, 30),
        status: Planned,
        completed_on: None,
        evidence_url: None,
    },
    Milestone {
        code: "M15",
        title: tr(
            "End of the initial three-year phase: final evaluation and replication plan",
            "Akhir fase tiga tahun pertama: evaluasi akhir dan rencana replikasi",
        ),
        description: tr(
            "Replication to IMIP and other parks.",
            "Replikasi ke IMIP dan kawasan lain.",
        ),
        pillar: None,
        owner: Some("UNIDO"),
        starts_on: date(2028, 7, 1),
        due_on: date(2028, 11, 24),
        status: Planned,
        completed_on: None,
        evidence_url: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proposed_note_is_used_consistently() {
        // The sentence is spelled out in each description (statics cannot concatenate); this
        // keeps the spelling from drifting.
        const PROPOSED: &str = "Proposed milestone; its status in the demo data is illustrative.";
        let with_note = MILESTONES
            .iter()
            .filter(|m| m.description.en.ends_with(PROPOSED))
            .count();
        assert_eq!(with_note, 7, "M04–M10 carry the note");
    }
}
