//! The stakeholders of §7 (real organisations: public roles and descriptions only, never a
//! figure), the fictional demo tenants that report figures, their roles in the program, and
//! who reports which indicator.

use std::collections::BTreeSet;

use super::catalogue::indicator;
use super::model::{Assignment, Bilingual, Organisation, Role, date, tr};
use crate::domain::kinds::OrganisationKind::{
    Academia, Association, CommunityOrganisation, FinancialInstitution, Government, ParkOperator,
    Tenant, UnAgency,
};
use crate::domain::kinds::ProcessRoute;
use crate::domain::kinds::ProgramRole::{
    Beneficiary, ImplementingPartner, Lead, Observer, PilotSite, ReportingTenant, Signatory,
    Verifier,
};

const fn real(
    code: &'static str,
    name: &'static str,
    short_name: &'static str,
    kind: crate::domain::kinds::OrganisationKind,
    description: Bilingual,
) -> Organisation {
    Organisation {
        code,
        name,
        short_name,
        kind,
        process_route: None,
        park: None,
        description,
        website: None,
        contact_name: None,
        contact_email: None,
        is_demo: false,
    }
}

/// Optional attributes of the stakeholder table, chained after [`real`].
impl Organisation {
    const fn route(self, process_route: ProcessRoute) -> Self {
        Organisation {
            process_route: Some(process_route),
            ..self
        }
    }

    const fn in_park(self, park: &'static str) -> Self {
        Organisation {
            park: Some(park),
            ..self
        }
    }

    const fn website(self, url: &'static str) -> Self {
        Organisation {
            website: Some(url),
            ..self
        }
    }
}

const fn demo(
    code: &'static str,
    name: &'static str,
    short_name: &'static str,
    process_route: Option<ProcessRoute>,
    description: Bilingual,
    contact_email: &'static str,
) -> Organisation {
    Organisation {
        code,
        name,
        short_name,
        kind: if process_route.is_some() {
            Tenant
        } else {
            ParkOperator
        },
        process_route,
        park: Some("IWIP"),
        description,
        website: None,
        contact_name: Some("Demo data officer"),
        contact_email: Some(contact_email),
        is_demo: true,
    }
}

/// The 14 stakeholders of §7, then the nine fictional demo organisations.
pub static ORGANISATIONS: &[Organisation] = &[
    real(
        "UNIDO",
        "UNIDO, Directorate of Technical Cooperation and Sustainable Industrial Development",
        "UNIDO",
        UnAgency,
        tr(
            "United Nations Industrial Development Organization. Co-signed the Joint Declaration \
             on 24 November 2025 in Riyadh (Ciyong Zou, Deputy to the Director General) and is \
             the pilot's technical lead.",
            "Organisasi Pembangunan Industri Perserikatan Bangsa-Bangsa. Turut menandatangani \
             Deklarasi Bersama pada 24 November 2025 di Riyadh (Ciyong Zou, Wakil Direktur \
             Jenderal) dan menjadi pemimpin teknis proyek percontohan.",
        ),
    )
    .website("https://www.unido.org"),
    real(
        "TSINGSHAN",
        "Tsingshan Holding Group",
        "Tsingshan",
        Tenant,
        tr(
            "Nickel and stainless-steel group. Co-signed the Joint Declaration (Sider Xu, \
             General Manager) and owns 40% of PT IWIP.",
            "Grup nikel dan baja nirkarat. Turut menandatangani Deklarasi Bersama (Sider Xu, \
             General Manager) dan memiliki 40% saham PT IWIP.",
        ),
    ),
    real(
        "IWIP",
        "PT Indonesia Weda Bay Industrial Park",
        "IWIP",
        ParkOperator,
        tr(
            "The park's management company (Kevin He, President Director), established in 2018 \
             at Lelilef, Weda; a National Strategic Project. Owner of the pilot site.",
            "Perusahaan pengelola kawasan (Kevin He, Presiden Direktur), didirikan pada 2018 di \
             Lelilef, Weda; Proyek Strategis Nasional. Pemilik lokasi proyek percontohan.",
        ),
    )
    .in_park("IWIP")
    .website("https://www.iwip.co.id"),
    real(
        "KEMENPERIN",
        "Ministry of Industry (Kemenperin), DG KPAII: Directorate of Industrial Resource Access \
         and International Promotion",
        "Kemenperin",
        Government,
        tr(
            "Sets eco-industrial park policy and the industrial-estate standard (Permenperin \
             26/2025); runs the Kemenperin–UNIDO EIP Centre under GEIPP Indonesia Phase II.",
            "Menetapkan kebijakan kawasan industri berwawasan lingkungan dan standar kawasan \
             industri (Permenperin 26/2025); mengelola EIP Centre Kemenperin–UNIDO dalam GEIPP \
             Indonesia Fase II.",
        ),
    )
    .website("https://www.kemenperin.go.id"),
    real(
        "HALTENG",
        "Central Halmahera Regency Government",
        "Pemkab Halmahera Tengah",
        Government,
        tr(
            "Local government of the regency hosting the park; party to the May 2023 \
             commitments on a polytechnic, a Weda clean-water plant and the Lelilef Puskesmas.",
            "Pemerintah kabupaten tempat kawasan berada; pihak dalam komitmen Mei 2023 tentang \
             politeknik, instalasi air bersih Weda dan Puskesmas Lelilef.",
        ),
    ),
    real(
        "KLH",
        "Ministry of Environment (PROPER)",
        "KLH",
        Government,
        tr(
            "Rates each company's environmental performance every year in PROPER (Gold, Green, \
             Blue, Red, Black).",
            "Menilai kinerja lingkungan setiap perusahaan setiap tahun melalui PROPER (Emas, \
             Hijau, Biru, Merah, Hitam).",
        ),
    ),
    real(
        "WBN",
        "PT Weda Bay Nickel",
        "Weda Bay Nickel",
        Tenant,
        tr(
            "Tenant with a nickel mine and RKEF smelting (Eramet minority); candidate for an \
             IRMA audit of its Weda Bay mine.",
            "Tenant dengan tambang nikel dan peleburan RKEF (Eramet pemegang saham minoritas); \
             kandidat audit IRMA untuk tambang Weda Bay.",
        ),
    )
    .route(ProcessRoute::Mining)
    .in_park("IWIP"),
    real(
        "HUAFEI",
        "PT Huafei Nickel Cobalt",
        "Huafei",
        Tenant,
        tr(
            "Tenant operating HPAL (high-pressure acid leach) nickel–cobalt processing.",
            "Tenant yang mengoperasikan pengolahan nikel–kobalt HPAL (pelindian asam bertekanan \
             tinggi).",
        ),
    )
    .route(ProcessRoute::Hpal)
    .in_park("IWIP"),
    real(
        "HUANENG",
        "PT Huaneng New Material",
        "Huaneng",
        Tenant,
        tr(
            "Tenant producing NCM battery precursor.",
            "Tenant yang memproduksi prekursor baterai NCM.",
        ),
    )
    .route(ProcessRoute::Precursor)
    .in_park("IWIP"),
    real(
        "NICKEL-INSTITUTE",
        "Nickel Institute",
        "Nickel Institute",
        Association,
        tr(
            "Global nickel producers' association: life-cycle and GHG methods for nickel, and \
             the Nickel Mark.",
            "Asosiasi produsen nikel global: metode daur hidup dan GRK untuk nikel, serta \
             Nickel Mark.",
        ),
    )
    .website("https://nickelinstitute.org"),
    real(
        "APNI",
        "APNI (Indonesian Nickel Miners Association)",
        "APNI",
        Association,
        tr(
            "Association of Indonesian nickel miners: the upstream end of the supply chain.",
            "Asosiasi Penambang Nikel Indonesia: hulu rantai pasok.",
        ),
    ),
    real(
        "DANANTARA",
        "Danantara Indonesia",
        "Danantara",
        FinancialInstitution,
        tr(
            "Indonesia's sovereign wealth fund; reported in 2025 to be in talks on a stake in an \
             HPAL plant at the park.",
            "Dana kekayaan negara Indonesia; pada 2025 dilaporkan sedang berunding tentang \
             kepemilikan saham di pabrik HPAL di kawasan.",
        ),
    ),
    real(
        "UNKHAIR",
        "Universitas Khairun, Ternate",
        "Unkhair",
        Academia,
        tr(
            "University in Ternate with an MoU with IWIP and Weda Bay Nickel; biodiversity \
             surveys.",
            "Universitas di Ternate yang memiliki nota kesepahaman dengan IWIP dan Weda Bay \
             Nickel; survei keanekaragaman hayati.",
        ),
    ),
    real(
        "KML-KOBE",
        "Kelompok Mangrove Lestari, Desa Kobe",
        "KML Kobe",
        CommunityOrganisation,
        tr(
            "Community group in Kobe village; partner in mangrove rehabilitation.",
            "Kelompok masyarakat di Desa Kobe; mitra rehabilitasi mangrove.",
        ),
    ),
    // ---- Fictional demo organisations: every figure in the demo data is theirs ----
    demo(
        "DEMO-RKEF-A",
        "Demo RKEF Smelter A",
        "Demo RKEF A",
        Some(ProcessRoute::Rkef),
        tr(
            "Fictional RKEF smelter (ferronickel / NPI) of the demo data; its figures are \
             synthetic.",
            "Smelter RKEF fiktif (feronikel / NPI) untuk data demo; angkanya sintetis.",
        ),
        "data@rkef-a.demo.example.org",
    ),
    demo(
        "DEMO-HPAL-B",
        "Demo HPAL Plant B",
        "Demo HPAL B",
        Some(ProcessRoute::Hpal),
        tr(
            "Fictional HPAL plant (MHP) of the demo data; its figures are synthetic.",
            "Pabrik HPAL fiktif (MHP) untuk data demo; angkanya sintetis.",
        ),
        "data@hpal-b.demo.example.org",
    ),
    demo(
        "DEMO-POWER-C",
        "Demo Captive Power C",
        "Demo Power C",
        Some(ProcessRoute::CaptivePower),
        tr(
            "Fictional captive power company (coal units with a small solar farm) of the demo \
             data; its figures are synthetic.",
            "Perusahaan pembangkit captive fiktif (unit batu bara dengan PLTS kecil) untuk data \
             demo; angkanya sintetis.",
        ),
        "data@power-c.demo.example.org",
    ),
    demo(
        "DEMO-MATTE-D",
        "Demo Matte Converter D",
        "Demo Matte D",
        Some(ProcessRoute::MatteConverter),
        tr(
            "Fictional nickel-matte converter of the demo data; its figures are synthetic.",
            "Konverter nikel matte fiktif untuk data demo; angkanya sintetis.",
        ),
        "data@matte-d.demo.example.org",
    ),
    demo(
        "DEMO-REFINERY-E",
        "Demo Nickel Sulphate Refinery E",
        "Demo Refinery E",
        Some(ProcessRoute::Refinery),
        tr(
            "Fictional nickel-sulphate refinery of the demo data; its figures are synthetic.",
            "Kilang nikel sulfat fiktif untuk data demo; angkanya sintetis.",
        ),
        "data@refinery-e.demo.example.org",
    ),
    demo(
        "DEMO-PCAM-F",
        "Demo Precursor Plant F",
        "Demo pCAM F",
        Some(ProcessRoute::Precursor),
        tr(
            "Fictional battery-precursor (pCAM) plant of the demo data; its figures are \
             synthetic.",
            "Pabrik prekursor baterai (pCAM) fiktif untuk data demo; angkanya sintetis.",
        ),
        "data@pcam-f.demo.example.org",
    ),
    demo(
        "DEMO-CELL-G",
        "Demo Battery Cell Plant G",
        "Demo Cell G",
        Some(ProcessRoute::Cell),
        tr(
            "Fictional battery-cell plant of the demo data, producing since July 2026; its \
             figures are synthetic.",
            "Pabrik sel baterai fiktif untuk data demo, berproduksi sejak Juli 2026; angkanya \
             sintetis.",
        ),
        "data@cell-g.demo.example.org",
    ),
    demo(
        "DEMO-MINE-H",
        "Demo Nickel Mine H",
        "Demo Mine H",
        Some(ProcessRoute::Mining),
        tr(
            "Fictional nickel mine supplying the park, in the demo data; its figures are \
             synthetic.",
            "Tambang nikel fiktif pemasok kawasan, untuk data demo; angkanya sintetis.",
        ),
        "data@mine-h.demo.example.org",
    ),
    demo(
        "DEMO-PARK-OFFICE",
        "Demo Park Sustainability Office",
        "Demo Park Office",
        None,
        tr(
            "Fictional sustainability office of the park in the demo data, reporting the \
             park-level indicators; its figures are synthetic.",
            "Kantor keberlanjutan kawasan fiktif untuk data demo, yang melaporkan indikator \
             tingkat kawasan; angkanya sintetis.",
        ),
        "data@park-office.demo.example.org",
    ),
];

const ALL_PILLARS: &[&str] = &["CE", "SK", "CM", "SC"];

/// The roles of the real stakeholders, from §7's Role column. Demo organisations get theirs
/// from their assignments (see [`roles`]).
const STAKEHOLDER_ROLES: &[(&str, crate::domain::kinds::ProgramRole, Bilingual, &[&str])] = &[
    (
        "UNIDO",
        Signatory,
        tr(
            "Co-signatory of the Joint Declaration (24 November 2025, Riyadh).",
            "Penandatangan Deklarasi Bersama (24 November 2025, Riyadh).",
        ),
        ALL_PILLARS,
    ),
    (
        "UNIDO",
        Lead,
        tr(
            "Technical lead of the pilot.",
            "Pemimpin teknis proyek percontohan.",
        ),
        ALL_PILLARS,
    ),
    (
        "TSINGSHAN",
        Signatory,
        tr(
            "Co-signatory of the Joint Declaration; 40% owner of PT IWIP.",
            "Penandatangan Deklarasi Bersama; pemilik 40% saham PT IWIP.",
        ),
        ALL_PILLARS,
    ),
    (
        "IWIP",
        PilotSite,
        tr(
            "Owner of the pilot site.",
            "Pemilik lokasi proyek percontohan.",
        ),
        ALL_PILLARS,
    ),
    (
        "KEMENPERIN",
        ImplementingPartner,
        tr(
            "Eco-industrial park policy; industrial-estate standard (Permenperin 26/2025).",
            "Kebijakan kawasan industri berwawasan lingkungan; standar kawasan industri \
             (Permenperin 26/2025).",
        ),
        ALL_PILLARS,
    ),
    (
        "HALTENG",
        ImplementingPartner,
        tr(
            "Local development; May 2023 commitments (polytechnic, clean water, Puskesmas).",
            "Pembangunan daerah; komitmen Mei 2023 (politeknik, air bersih, Puskesmas).",
        ),
        &["SK", "CM"],
    ),
    (
        "KLH",
        Verifier,
        tr("Rates tenants in PROPER.", "Menilai tenant melalui PROPER."),
        &["CE", "SC"],
    ),
    (
        "WBN",
        Beneficiary,
        tr(
            "Tenant (mine + RKEF); candidate for an IRMA audit of its mine.",
            "Tenant (tambang + RKEF); kandidat audit IRMA untuk tambangnya.",
        ),
        &["CE", "SC"],
    ),
    (
        "HUAFEI",
        Beneficiary,
        tr("Tenant (HPAL).", "Tenant (HPAL)."),
        &["CE", "SC"],
    ),
    (
        "HUANENG",
        Beneficiary,
        tr("Tenant (NCM precursor).", "Tenant (prekursor NCM)."),
        &["SC"],
    ),
    (
        "NICKEL-INSTITUTE",
        Observer,
        tr(
            "Life-cycle and GHG methods for nickel; Nickel Mark.",
            "Metode daur hidup dan GRK untuk nikel; Nickel Mark.",
        ),
        &["CE", "SC"],
    ),
    (
        "APNI",
        Observer,
        tr("Upstream supply chain.", "Rantai pasok hulu."),
        &["SC"],
    ),
    (
        "DANANTARA",
        Observer,
        tr(
            "Potential investor in an HPAL plant.",
            "Calon investor pabrik HPAL.",
        ),
        &["CE"],
    ),
    (
        "UNKHAIR",
        ImplementingPartner,
        tr(
            "MoU with IWIP and Weda Bay Nickel; biodiversity surveys.",
            "Nota kesepahaman dengan IWIP dan Weda Bay Nickel; survei keanekaragaman hayati.",
        ),
        &["SK", "CM"],
    ),
    (
        "KML-KOBE",
        ImplementingPartner,
        tr(
            "Mangrove rehabilitation partner.",
            "Mitra rehabilitasi mangrove.",
        ),
        &["CM"],
    ),
];

/// Every role in the program: the stakeholders' from §7, and `reporting_tenant` for each demo
/// organisation with the pillars of the indicators it is assigned.
pub fn roles() -> Vec<Role> {
    let mut roles: Vec<Role> = STAKEHOLDER_ROLES
        .iter()
        .map(|(organisation, role, note, pillars)| Role {
            organisation,
            role: *role,
            note: *note,
            pillars: pillars.to_vec(),
        })
        .collect();
    for organisation in ORGANISATIONS.iter().filter(|o| o.is_demo) {
        let pillars: BTreeSet<&'static str> = ASSIGNMENTS
            .iter()
            .filter(|a| a.organisation == organisation.code)
            .filter_map(|a| indicator(a.indicator).map(|i| i.pillar))
            .collect();
        // Keep the program's pillar order (CE, SK, CM, SC), not the alphabet's.
        let pillars = ALL_PILLARS
            .iter()
            .copied()
            .filter(|p| pillars.contains(p))
            .collect();
        let note = if organisation.process_route.is_some() {
            tr(
                "Demo tenant: reports its assigned indicators.",
                "Tenant demo: melaporkan indikator yang ditugaskan.",
            )
        } else {
            tr(
                "Demo park office: reports the park-level indicators.",
                "Kantor kawasan demo: melaporkan indikator tingkat kawasan.",
            )
        };
        roles.push(Role {
            organisation: organisation.code,
            role: ReportingTenant,
            note,
            pillars,
        });
    }
    roles
}

const RKEF: &str = "DEMO-RKEF-A";
const HPAL: &str = "DEMO-HPAL-B";
const POWER: &str = "DEMO-POWER-C";
const MATTE: &str = "DEMO-MATTE-D";
const REFINERY: &str = "DEMO-REFINERY-E";
const PCAM: &str = "DEMO-PCAM-F";
const CELL: &str = "DEMO-CELL-G";
const MINE: &str = "DEMO-MINE-H";
const OFFICE: &str = "DEMO-PARK-OFFICE";

const fn from_start(indicator: &'static str, organisation: &'static str) -> Assignment {
    Assignment {
        indicator,
        organisation,
        starts_on: date(2026, 1, 1),
    }
}

/// The cell plant started producing in July 2026: its energy and water reports are due from
/// then on (the compliance page must not count January–June as missing).
const fn from_july(indicator: &'static str, organisation: &'static str) -> Assignment {
    Assignment {
        indicator,
        organisation,
        starts_on: date(2026, 7, 1),
    }
}

/// Who reports what, by process route: only smelters report slag, only the HPAL plant reports
/// residue, ore buyers and the mine report ore; everybody reports workforce figures; the park
/// office reports the park-level indicators.
pub static ASSIGNMENTS: &[Assignment] = &[
    // CE
    from_start("CE-03", POWER),
    from_start("CE-03", REFINERY),
    from_start("CE-03", PCAM),
    from_july("CE-03", CELL),
    from_start("CE-04", RKEF),
    from_start("CE-04", HPAL),
    from_start("CE-04", MATTE),
    from_start("CE-04", REFINERY),
    from_start("CE-04", PCAM),
    from_start("CE-06", HPAL),
    from_start("CE-07", RKEF),
    from_start("CE-07", HPAL),
    from_start("CE-07", POWER),
    from_start("CE-07", REFINERY),
    from_start("CE-07", PCAM),
    from_july("CE-07", CELL),
    from_start("CE-09", RKEF),
    from_start("CE-09", HPAL),
    from_start("CE-09", POWER),
    from_start("CE-09", MATTE),
    from_start("CE-09", REFINERY),
    from_start("CE-09", PCAM),
    from_start("CE-09", CELL),
    from_start("CE-09", MINE),
    // SK
    from_start("SK-01", RKEF),
    from_start("SK-01", HPAL),
    from_start("SK-01", POWER),
    from_start("SK-01", MATTE),
    from_start("SK-01", REFINERY),
    from_start("SK-01", PCAM),
    from_start("SK-01", CELL),
    from_start("SK-01", MINE),
    from_start("SK-02", RKEF),
    from_start("SK-02", HPAL),
    from_start("SK-02", POWER),
    from_start("SK-02", MATTE),
    from_start("SK-02", REFINERY),
    from_start("SK-02", PCAM),
    from_start("SK-02", CELL),
    from_start("SK-02", MINE),
    from_start("SK-03", RKEF),
    from_start("SK-03", HPAL),
    from_start("SK-03", POWER),
    from_start("SK-03", MATTE),
    from_start("SK-03", MINE),
    from_start("SK-04", RKEF),
    from_start("SK-04", HPAL),
    from_start("SK-04", POWER),
    from_start("SK-04", MATTE),
    from_start("SK-04", REFINERY),
    from_start("SK-04", PCAM),
    from_start("SK-04", CELL),
    from_start("SK-04", MINE),
    from_start("SK-05", RKEF),
    from_start("SK-05", HPAL),
    from_start("SK-05", POWER),
    from_start("SK-05", MATTE),
    from_start("SK-05", REFINERY),
    from_start("SK-05", PCAM),
    from_start("SK-05", CELL),
    from_start("SK-05", MINE),
    from_start("SK-06", RKEF),
    from_start("SK-06", HPAL),
    from_start("SK-07", RKEF),
    from_start("SK-07", HPAL),
    from_start("SK-07", POWER),
    from_start("SK-07", MATTE),
    from_start("SK-07", REFINERY),
    from_start("SK-07", PCAM),
    from_start("SK-07", CELL),
    from_start("SK-07", MINE),
    from_start("SK-08", OFFICE),
    // CM
    from_start("CM-01", RKEF),
    from_start("CM-01", HPAL),
    from_start("CM-01", POWER),
    from_start("CM-01", MATTE),
    from_start("CM-01", REFINERY),
    from_start("CM-01", PCAM),
    from_start("CM-01", CELL),
    from_start("CM-01", MINE),
    from_start("CM-02", RKEF),
    from_start("CM-02", HPAL),
    from_start("CM-02", POWER),
    from_start("CM-02", MATTE),
    from_start("CM-02", REFINERY),
    from_start("CM-02", MINE),
    from_start("CM-03", RKEF),
    from_start("CM-03", HPAL),
    from_start("CM-03", POWER),
    from_start("CM-03", MINE),
    from_start("CM-04", RKEF),
    from_start("CM-04", HPAL),
    from_start("CM-04", MINE),
    from_start("CM-05", RKEF),
    from_start("CM-05", HPAL),
    from_start("CM-05", POWER),
    from_start("CM-05", MINE),
    from_start("CM-06", OFFICE),
    from_start("CM-07", POWER),
    from_start("CM-07", MINE),
    from_start("CM-08", HPAL),
    from_start("CM-08", POWER),
    from_start("CM-08", MINE),
    // SC
    from_start("SC-01", RKEF),
    from_start("SC-01", HPAL),
    from_start("SC-01", MINE),
    from_start("SC-02", RKEF),
    from_start("SC-02", HPAL),
    from_start("SC-02", POWER),
    from_start("SC-02", MATTE),
    from_start("SC-02", REFINERY),
    from_start("SC-02", PCAM),
    from_start("SC-02", CELL),
    from_start("SC-02", MINE),
    from_start("SC-03", RKEF),
    from_start("SC-03", HPAL),
    from_start("SC-03", POWER),
    from_start("SC-03", MATTE),
    from_start("SC-03", REFINERY),
    from_start("SC-03", PCAM),
    from_start("SC-03", CELL),
    from_start("SC-03", MINE),
    from_start("SC-04", RKEF),
    from_start("SC-04", HPAL),
    from_start("SC-04", MINE),
    from_start("SC-05", RKEF),
    from_start("SC-05", HPAL),
    from_start("SC-05", POWER),
    from_start("SC-05", MATTE),
    from_start("SC-05", REFINERY),
    from_start("SC-05", PCAM),
    from_start("SC-05", CELL),
    from_start("SC-05", MINE),
    from_start("SC-06", REFINERY),
    from_start("SC-06", PCAM),
    from_start("SC-07", RKEF),
    from_start("SC-07", HPAL),
    from_start("SC-07", POWER),
    from_start("SC-07", MINE),
    from_start("SC-08", OFFICE),
];

/// The demo organisation with this code.
pub fn organisation(code: &str) -> Option<&'static Organisation> {
    ORGANISATIONS.iter().find(|o| o.code == code)
}
