//! The program's structure from the reference page (§0, §4, §6): the two pilot parks, the
//! IWIP pilot program, its four pillars and the 33 indicators of the catalogue.
//!
//! Baselines and targets are the catalogue's estimates (e): illustrative demo figures, not
//! published ones. Framework references are the catalogue's Ref column, parsed; where §2 says
//! a GRI standard is replaced on a date (GRI 102 Climate Change 2025 for 305, GRI 103 Energy
//! 2025 for 302, both from 2027), the successor is listed with its `effective_from`. SDG
//! indicators (CE-01 9.4.1, CE-03 7.2.1, CE-05 12.5.1, SK-07 8.8.1) are added where one fits,
//! for the IATI results file.

use super::model::{Bilingual, FrameworkRef, Indicator, Park, Pillar, Program, date, tr};
use crate::domain::kinds::Aggregation::{Park as ParkLevel, RatioOfSums, Sum};
use crate::domain::kinds::ComputedFrom::{self, MaterialLedger};
use crate::domain::kinds::Direction::{HigherIsBetter as Up, LowerIsBetter as Down};
use crate::domain::kinds::Frequency::{Annual, Monthly, Quarterly, SemiAnnual};
use crate::domain::kinds::IndicatorKind::{Count, Milestone, Percentage, Quantity, Ratio};

/// IWIP (the pilot) and IMIP (the second pilot park, no program data yet).
pub static PARKS: &[Park] = &[
    Park {
        code: "IWIP",
        name: "PT Indonesia Weda Bay Industrial Park",
        province: Some("North Maluku"),
        regency: Some("Central Halmahera"),
        // ~3,000 ha in June 2025 [S13] (2,600 ha in Feb 2021).
        area_ha: Some(3000.0),
        area_as_of: Some(date(2025, 6, 1)),
    },
    Park {
        code: "IMIP",
        name: "PT Indonesia Morowali Industrial Park",
        province: Some("Central Sulawesi"),
        regency: Some("Morowali"),
        area_ha: None,
        area_as_of: None,
    },
];

/// The IWIP pilot, phase 1.
pub static PROGRAM: Program = Program {
    code: "IWIP-P1",
    park: "IWIP",
    name: tr(
        "IWIP sustainable-nickel pilot, phase 1",
        "Proyek percontohan nikel berkelanjutan IWIP, fase 1",
    ),
    phase: "1",
    description: tr(
        "The Tsingshan–UNIDO pilot for a sustainable nickel industry chain at PT Indonesia Weda \
         Bay Industrial Park, under the Joint Declaration on Sustainable Development of the \
         Nickel Industry Chain signed in Riyadh on 24 November 2025: circular economy, \
         industrial skills, community empowerment and a green supply chain over a three-year \
         first phase.",
        "Proyek percontohan Tsingshan–UNIDO untuk rantai industri nikel berkelanjutan di PT \
         Indonesia Weda Bay Industrial Park, berdasarkan Deklarasi Bersama tentang Pembangunan \
         Berkelanjutan Rantai Industri Nikel yang ditandatangani di Riyadh pada 24 November \
         2025: ekonomi sirkular, keterampilan industri, pemberdayaan masyarakat dan rantai \
         pasok hijau selama fase pertama tiga tahun.",
    ),
    starts_on: date(2026, 1, 1),
    ends_on: date(2028, 12, 31),
};

/// The four pillars of the Joint Declaration.
pub static PILLARS: &[Pillar] = &[
    Pillar {
        code: "CE",
        name: tr(
            "Circular economy & eco-industrial park",
            "Ekonomi sirkular & kawasan industri berwawasan lingkungan",
        ),
        description: tr(
            "Cut the park's emissions, energy and water use and turn slag, residue and \
             by-products into resources, measured against the International EIP Framework.",
            "Menurunkan emisi, penggunaan energi dan air kawasan serta mengubah slag, residu dan \
             produk samping menjadi sumber daya, diukur dengan Kerangka Internasional Kawasan \
             Industri Berwawasan Lingkungan (EIP).",
        ),
        position: 1,
    },
    Pillar {
        code: "SK",
        name: tr(
            "Industrial skills development",
            "Pengembangan keterampilan industri",
        ),
        description: tr(
            "Train and certify the park's workforce, bring Indonesians into supervisory and \
             technical roles, keep people safe and open an industrial polytechnic.",
            "Melatih dan menyertifikasi tenaga kerja kawasan, menempatkan WNI di posisi \
             supervisor dan teknis, menjaga keselamatan kerja dan membuka politeknik industri.",
        ),
        position: 2,
    },
    Pillar {
        code: "CM",
        name: tr("Community empowerment", "Pemberdayaan masyarakat"),
        description: tr(
            "Share the park's benefits with the surrounding villages through local jobs, local \
             suppliers and MSMEs, community investment, grievance handling and a cleaner \
             environment.",
            "Membagi manfaat kawasan dengan desa-desa sekitar melalui lapangan kerja lokal, \
             pemasok lokal dan UMKM, investasi sosial, penanganan pengaduan dan lingkungan yang \
             lebih bersih.",
        ),
        position: 3,
    },
    Pillar {
        code: "SC",
        name: tr(
            "Green supply-chain management",
            "Pengelolaan rantai pasok hijau",
        ),
        description: tr(
            "Make the nickel chain traceable and independently assured, from assured ore and \
             screened suppliers to verified product footprints and electric haulage.",
            "Menjadikan rantai nikel tertelusur dan diases secara independen, dari bijih \
             terverifikasi dan pemasok tersaring hingga jejak karbon produk terverifikasi dan \
             angkutan listrik.",
        ),
        position: 4,
    },
];

// Framework references, one constant per distinct reference so the table below stays short.

const fn gri(code: &'static str, version: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: "GRI",
        code,
        version,
        effective_from: None,
    }
}

const fn eip(topic: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: "EIP Framework",
        code: topic,
        version: "2.0",
        effective_from: None,
    }
}

const fn other(framework: &'static str, code: &'static str, version: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework,
        code,
        version,
        effective_from: None,
    }
}

/// A UN Sustainable Development Goal indicator that the indicator feeds (the IATI file's
/// vocabulary 9), where one fits the indicator's definition.
const fn sdg(code: &'static str) -> FrameworkRef {
    other("SDG", code, "")
}

/// GRI 102 Climate Change 2025 replaces GRI 305 for reporting periods from 1 January 2027.
const GRI_102: FrameworkRef = FrameworkRef {
    framework: "GRI",
    code: "102",
    version: "2025",
    effective_from: Some(date(2027, 1, 1)),
};
/// GRI 103 Energy 2025 replaces GRI 302 for reporting periods from 1 January 2027.
const GRI_103: FrameworkRef = FrameworkRef {
    framework: "GRI",
    code: "103",
    version: "2025",
    effective_from: Some(date(2027, 1, 1)),
};
/// GRI 14 Mining Sector 2024 applies to mining and primary processing from 1 January 2026.
const fn gri_14(topic: &'static str) -> FrameworkRef {
    FrameworkRef {
        framework: "GRI",
        code: topic,
        version: "2024",
        effective_from: Some(date(2026, 1, 1)),
    }
}
/// GRI 101 Biodiversity 2024 supersedes GRI 304 from 1 January 2026.
const GRI_101: FrameworkRef = FrameworkRef {
    framework: "GRI",
    code: "101",
    version: "2024",
    effective_from: Some(date(2026, 1, 1)),
};

const fn label(en: &'static str, ind: &'static str) -> Option<Bilingual> {
    Some(tr(en, ind))
}

const NI_CONTAINED: Option<Bilingual> = label(
    "Nickel contained in products (t Ni)",
    "Nikel terkandung dalam produk (t Ni)",
);
const HEADCOUNT: Option<Bilingual> = label(
    "Headcount at period end",
    "Jumlah pekerja pada akhir periode",
);
const NEW_SUPPLIERS: Option<Bilingual> =
    label("New suppliers contracted", "Pemasok baru yang dikontrak");
const ORE_TONNES: Option<Bilingual> = label(
    "Ore bought or mined (wmt)",
    "Bijih dibeli atau ditambang (wmt)",
);

const NO_STAGES: &[Bilingual] = &[];

const POLYTECHNIC_STAGES: &[Bilingual] = &[
    tr("None", "Belum ada"),
    tr("Committed", "Berkomitmen"),
    tr("Site and curriculum", "Lokasi dan kurikulum"),
    tr("First intake", "Penerimaan mahasiswa pertama"),
    tr("First graduates", "Lulusan pertama"),
];

const ASSURANCE_STAGES: &[Bilingual] = &[
    tr("None", "Belum ada"),
    tr(
        "2025 GHG inventory published",
        "Inventarisasi GRK 2025 terbit",
    ),
    tr(
        "Limited assurance + IRMA audit of the WBN mine started",
        "Asurans terbatas + audit IRMA tambang WBN dimulai",
    ),
    tr(
        "IRMA 50+ / reasonable assurance",
        "IRMA 50+ / asurans memadai",
    ),
];

/// The catalogue of §6, in the reference's order.
pub static INDICATORS: &[Indicator] = &[
    // ---- 6.1 Circular economy & eco-industrial park ----
    Indicator {
        code: "CE-01",
        pillar: "CE",
        position: 1,
        name: tr(
            "GHG intensity of nickel output",
            "Intensitas emisi GRK per ton nikel",
        ),
        definition: tr(
            "Scope 1 and Scope 2 greenhouse-gas emissions of the period divided by the tonnes of \
             nickel contained in the products of the same period. Reported by process route.",
            "Emisi gas rumah kaca Cakupan 1 dan Cakupan 2 pada periode dibagi ton nikel yang \
             terkandung dalam produk pada periode yang sama. Dilaporkan per jalur proses.",
        ),
        unit: "t CO2e/t Ni",
        kind: Ratio,
        direction: Down,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 58.0,
        baseline_year: 2025,
        targets: [(2026, 56.0), (2027, 53.0), (2028, 48.0)],
        numerator_label: label(
            "Scope 1 + 2 emissions (t CO2e)",
            "Emisi Cakupan 1 + 2 (t CO2e)",
        ),
        denominator_label: NI_CONTAINED,
        stage_labels: NO_STAGES,
        computed_from: Some(ComputedFrom::GhgInventory),
        frameworks: &[
            gri("305-4", "2016"),
            GRI_102,
            eip("Environmental: climate change"),
            // CO2 emission per unit of value added.
            sdg("9.4.1"),
        ],
    },
    Indicator {
        code: "CE-02",
        pillar: "CE",
        position: 2,
        name: tr(
            "Park GHG emissions, de-duplicated",
            "Total emisi GRK kawasan",
        ),
        definition: tr(
            "Scope 1 emissions of the reporting organisations plus Scope 2 from electricity and \
             steam bought from outside the park. Electricity from the park's captive power \
             plants is counted once, as the power company's Scope 1.",
            "Emisi Cakupan 1 organisasi pelapor ditambah Cakupan 2 dari listrik dan uap yang \
             dibeli dari luar kawasan. Listrik dari pembangkit captive di kawasan dihitung \
             sekali, sebagai Cakupan 1 perusahaan pembangkit.",
        ),
        unit: "Mt CO2e",
        kind: Quantity,
        direction: Down,
        aggregation: Sum,
        cumulative: false,
        frequency: Quarterly,
        decimals: 2,
        baseline_value: 29.0,
        baseline_year: 2025,
        targets: [(2026, 30.0), (2027, 30.0), (2028, 28.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: NO_STAGES,
        computed_from: Some(ComputedFrom::GhgInventory),
        frameworks: &[gri("305-1", "2016"), gri("305-2", "2016"), GRI_102],
    },
    Indicator {
        code: "CE-03",
        pillar: "CE",
        position: 3,
        name: tr("Renewable share of electricity", "Porsi listrik EBT"),
        definition: tr(
            "Electricity from renewable sources as a share of all electricity generated or \
             bought by the reporting organisation, in MWh.",
            "Listrik dari sumber energi baru terbarukan sebagai porsi dari seluruh listrik yang \
             dibangkitkan atau dibeli organisasi pelapor, dalam MWh.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Monthly,
        decimals: 1,
        baseline_value: 0.5,
        baseline_year: 2025,
        targets: [(2026, 2.0), (2027, 6.0), (2028, 12.0)],
        numerator_label: label("Renewable electricity (MWh)", "Listrik EBT (MWh)"),
        denominator_label: label("Total electricity (MWh)", "Total listrik (MWh)"),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[
            gri("302-1", "2016"),
            GRI_103,
            eip("Environmental: energy"),
            // Renewable energy share in the total final energy consumption.
            sdg("7.2.1"),
        ],
    },
    Indicator {
        code: "CE-04",
        pillar: "CE",
        position: 4,
        name: tr("Energy intensity", "Intensitas energi"),
        definition: tr(
            "Energy consumed from all fuels, reductants and electricity divided by the tonnes \
             of nickel contained in the products of the period.",
            "Energi yang dikonsumsi dari seluruh bahan bakar, reduktor dan listrik dibagi ton \
             nikel yang terkandung dalam produk pada periode yang sama.",
        ),
        unit: "GJ/t Ni",
        kind: Ratio,
        direction: Down,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 0,
        baseline_value: 600.0,
        baseline_year: 2025,
        targets: [(2026, 590.0), (2027, 575.0), (2028, 550.0)],
        numerator_label: label("Energy consumed (GJ)", "Energi yang dikonsumsi (GJ)"),
        denominator_label: NI_CONTAINED,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("302-3", "2016"), GRI_103],
    },
    Indicator {
        code: "CE-05",
        pillar: "CE",
        position: 5,
        name: tr("Slag utilisation rate", "Tingkat pemanfaatan slag"),
        definition: tr(
            "Tonnes of smelter slag reused (aggregate, bricks, backfill, cement) as a share of \
             the tonnes of slag generated in the period.",
            "Ton slag smelter yang dimanfaatkan kembali (agregat, batako, timbunan, semen) \
             sebagai porsi dari ton slag yang dihasilkan pada periode tersebut.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 12.0,
        baseline_year: 2025,
        targets: [(2026, 20.0), (2027, 30.0), (2028, 45.0)],
        numerator_label: label("Slag reused (t)", "Slag dimanfaatkan (t)"),
        denominator_label: label("Slag generated (t)", "Slag dihasilkan (t)"),
        stage_labels: NO_STAGES,
        computed_from: Some(MaterialLedger),
        frameworks: &[
            gri("306-4", "2020"),
            eip("Environmental: waste & material use"),
            // National recycling rate, tons of material recycled.
            sdg("12.5.1"),
        ],
    },
    Indicator {
        code: "CE-06",
        pillar: "CE",
        position: 6,
        name: tr(
            "HPAL residue in engineered storage meeting design criteria",
            "Residu HPAL di fasilitas terekayasa",
        ),
        definition: tr(
            "Tonnes of HPAL leach residue placed in engineered storage (dry stack, backfill or \
             dam) that meets its design criteria, as a share of the residue generated in the \
             period.",
            "Ton residu pelindian HPAL yang ditempatkan di fasilitas penyimpanan terekayasa \
             (dry stack, timbunan balik atau bendungan) yang memenuhi kriteria desain, sebagai \
             porsi dari residu yang dihasilkan pada periode tersebut.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 85.0,
        baseline_year: 2025,
        targets: [(2026, 90.0), (2027, 95.0), (2028, 100.0)],
        numerator_label: label(
            "Residue in storage meeting design criteria (t)",
            "Residu di fasilitas memenuhi kriteria desain (t)",
        ),
        denominator_label: label("Residue generated (t)", "Residu dihasilkan (t)"),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri_14("14 (tailings)"), gri("306-5", "2020")],
    },
    Indicator {
        code: "CE-07",
        pillar: "CE",
        position: 7,
        name: tr("Water recycling rate", "Tingkat daur ulang air"),
        definition: tr(
            "Water recycled and reused as a share of recycled water plus freshwater withdrawn \
             (≤ 1,000 mg/L TDS), in megalitres. Seawater used for cooling is not counted.",
            "Air yang didaur ulang dan digunakan kembali sebagai porsi dari air daur ulang \
             ditambah air tawar yang diambil (≤ 1.000 mg/L TDS), dalam megaliter. Air laut \
             untuk pendinginan tidak dihitung.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Monthly,
        decimals: 1,
        baseline_value: 30.0,
        baseline_year: 2025,
        targets: [(2026, 35.0), (2027, 45.0), (2028, 55.0)],
        numerator_label: label("Water recycled (ML)", "Air daur ulang (ML)"),
        denominator_label: label(
            "Water recycled + freshwater withdrawn (ML)",
            "Air daur ulang + air tawar yang diambil (ML)",
        ),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[
            gri("303-3", "2018"),
            gri("303-5", "2018"),
            eip("Environmental: water"),
        ],
    },
    Indicator {
        code: "CE-08",
        pillar: "CE",
        position: 8,
        name: tr(
            "Active industrial-symbiosis exchanges",
            "Simbiosis industri aktif",
        ),
        definition: tr(
            "Distinct tenant-to-tenant flows of by-products, waste, water or energy active at \
             the end of the period, counted once for the park.",
            "Jumlah aliran produk samping, limbah, air atau energi antar-tenant yang aktif pada \
             akhir periode, dihitung sekali untuk kawasan.",
        ),
        unit: "count",
        kind: Count,
        direction: Up,
        aggregation: ParkLevel,
        cumulative: false,
        frequency: SemiAnnual,
        decimals: 0,
        baseline_value: 3.0,
        baseline_year: 2025,
        targets: [(2026, 5.0), (2027, 8.0), (2028, 12.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: NO_STAGES,
        computed_from: Some(MaterialLedger),
        frameworks: &[
            eip("Park management: park-management services"),
            eip("Environmental: waste & material use"),
        ],
    },
    Indicator {
        code: "CE-09",
        pillar: "CE",
        position: 9,
        name: tr("Tenants with ISO 14001", "Tenant bersertifikat ISO 14001"),
        definition: tr(
            "Operating tenants holding a valid ISO 14001 certificate at year end as a share of \
             all operating tenants. Each tenant reports itself as 1 of 1 or 0 of 1.",
            "Tenant beroperasi yang memegang sertifikat ISO 14001 yang berlaku pada akhir tahun \
             sebagai porsi dari seluruh tenant beroperasi. Setiap tenant melaporkan dirinya \
             sebagai 1 dari 1 atau 0 dari 1.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Annual,
        decimals: 0,
        baseline_value: 40.0,
        baseline_year: 2025,
        targets: [(2026, 55.0), (2027, 70.0), (2028, 85.0)],
        numerator_label: label(
            "Certified operating tenants",
            "Tenant beroperasi bersertifikat",
        ),
        denominator_label: label("Operating tenants", "Tenant beroperasi"),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[eip("Environmental: environmental management & monitoring")],
    },
    // ---- 6.2 Industrial skills development ----
    Indicator {
        code: "SK-01",
        pillar: "SK",
        position: 1,
        name: tr(
            "Average training hours per employee",
            "Rata-rata jam pelatihan per karyawan",
        ),
        definition: tr(
            "Training hours delivered to employees divided by the employee-years worked in the \
             period (average headcount × months ÷ 12), so that quarterly figures pool into \
             hours per employee per year.",
            "Jam pelatihan karyawan dibagi tahun-kerja karyawan pada periode tersebut \
             (rata-rata jumlah karyawan × bulan ÷ 12), sehingga angka triwulanan terhimpun \
             menjadi jam per karyawan per tahun.",
        ),
        unit: "h",
        kind: Ratio,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 20.0,
        baseline_year: 2025,
        targets: [(2026, 24.0), (2027, 28.0), (2028, 32.0)],
        numerator_label: label("Training hours (h)", "Jam pelatihan (jam)"),
        denominator_label: label(
            "Employee-years (average headcount × months ÷ 12)",
            "Tahun-kerja karyawan (rata-rata karyawan × bulan ÷ 12)",
        ),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("404-1", "2016")],
    },
    Indicator {
        code: "SK-02",
        pillar: "SK",
        position: 2,
        name: tr("People trained, cumulative", "Peserta pelatihan kumulatif"),
        definition: tr(
            "People who have completed a training programme run or funded by the reporting \
             organisation since the park opened, each counted once, at the end of the period.",
            "Jumlah orang yang telah menyelesaikan program pelatihan yang diselenggarakan atau \
             didanai organisasi pelapor sejak kawasan beroperasi, masing-masing dihitung sekali, \
             pada akhir periode.",
        ),
        unit: "persons",
        kind: Count,
        direction: Up,
        aggregation: Sum,
        cumulative: true,
        frequency: Quarterly,
        decimals: 0,
        baseline_value: 55_000.0,
        baseline_year: 2025,
        targets: [(2026, 63_000.0), (2027, 71_000.0), (2028, 80_000.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("404-2", "2016")],
    },
    Indicator {
        code: "SK-03",
        pillar: "SK",
        position: 3,
        name: tr(
            "Competency certificates (BNSP) issued",
            "Sertifikat kompetensi terbit",
        ),
        definition: tr(
            "National competency certificates (BNSP) issued to employees and trainees in the \
             period.",
            "Sertifikat kompetensi nasional (BNSP) yang terbit untuk karyawan dan peserta \
             pelatihan pada periode tersebut.",
        ),
        unit: "count/yr",
        kind: Count,
        direction: Up,
        aggregation: Sum,
        cumulative: false,
        frequency: Quarterly,
        decimals: 0,
        baseline_value: 3_000.0,
        baseline_year: 2025,
        targets: [(2026, 5_000.0), (2027, 7_000.0), (2028, 9_000.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("404-2", "2016")],
    },
    Indicator {
        code: "SK-04",
        pillar: "SK",
        position: 4,
        name: tr(
            "Indonesians in supervisory & technical roles",
            "WNI di posisi supervisor & teknis",
        ),
        definition: tr(
            "Indonesian citizens in supervisory and technical positions as a share of all \
             employees in those positions at the end of the period.",
            "Warga negara Indonesia di posisi supervisor dan teknis sebagai porsi dari seluruh \
             karyawan di posisi tersebut pada akhir periode.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: SemiAnnual,
        decimals: 1,
        baseline_value: 60.0,
        baseline_year: 2025,
        targets: [(2026, 65.0), (2027, 70.0), (2028, 75.0)],
        numerator_label: label(
            "Indonesian citizens in supervisory & technical roles",
            "WNI di posisi supervisor & teknis",
        ),
        denominator_label: label(
            "All employees in supervisory & technical roles",
            "Seluruh karyawan di posisi supervisor & teknis",
        ),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("202-2 (adapted)", "2016"), eip("Social")],
    },
    Indicator {
        code: "SK-05",
        pillar: "SK",
        position: 5,
        name: tr("Women in workforce", "Pekerja perempuan"),
        definition: tr(
            "Women as a share of the headcount at the end of the period, contractors' employees \
             on site included.",
            "Perempuan sebagai porsi dari jumlah pekerja pada akhir periode, termasuk pekerja \
             kontraktor di lokasi.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: SemiAnnual,
        decimals: 1,
        baseline_value: 6.0,
        baseline_year: 2025,
        targets: [(2026, 7.0), (2027, 8.5), (2028, 10.0)],
        numerator_label: label("Women employed", "Pekerja perempuan"),
        denominator_label: HEADCOUNT,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("405-1", "2016")],
    },
    Indicator {
        code: "SK-06",
        pillar: "SK",
        position: 6,
        name: tr("Scholarships, cumulative", "Penerima beasiswa kumulatif"),
        definition: tr(
            "People who have received a scholarship (D3 to S2) funded by the reporting \
             organisation since 2022, at the end of the period.",
            "Jumlah penerima beasiswa (D3 sampai S2) yang didanai organisasi pelapor sejak \
             2022, pada akhir periode.",
        ),
        unit: "persons",
        kind: Count,
        direction: Up,
        aggregation: Sum,
        cumulative: true,
        frequency: Annual,
        decimals: 0,
        baseline_value: 51.0,
        baseline_year: 2025,
        targets: [(2026, 80.0), (2027, 110.0), (2028, 140.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("203-1", "2016"), gri("413-1", "2016")],
    },
    Indicator {
        code: "SK-07",
        pillar: "SK",
        position: 7,
        name: tr(
            "Lost-time injury frequency rate",
            "Tingkat kecelakaan hilang waktu",
        ),
        definition: tr(
            "Lost-time injuries divided by the hours worked in millions, employees and \
             contractors on site included.",
            "Jumlah kecelakaan kerja yang menyebabkan hilang waktu dibagi jam kerja dalam \
             jutaan, termasuk karyawan dan kontraktor di lokasi.",
        ),
        unit: "per 10⁶ h",
        kind: Ratio,
        direction: Down,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Monthly,
        decimals: 2,
        baseline_value: 0.30,
        baseline_year: 2025,
        targets: [(2026, 0.27), (2027, 0.24), (2028, 0.20)],
        numerator_label: label("Lost-time injuries", "Kecelakaan hilang waktu"),
        denominator_label: label("Hours worked (million h)", "Jam kerja (juta jam)"),
        stage_labels: NO_STAGES,
        // Fatal and non-fatal occupational injuries.
        computed_from: None,
        frameworks: &[gri("403-9", "2018"), sdg("8.8.1")],
    },
    Indicator {
        code: "SK-08",
        pillar: "SK",
        position: 8,
        name: tr(
            "Industrial polytechnic operational",
            "Politeknik industri beroperasi",
        ),
        definition: tr(
            "Stage reached by the park's industrial polytechnic, from 0 (none) to 4 (first \
             graduates), reported once for the park.",
            "Tahap yang dicapai politeknik industri kawasan, dari 0 (belum ada) sampai 4 \
             (lulusan pertama), dilaporkan sekali untuk kawasan.",
        ),
        unit: "stage 0–4",
        kind: Milestone,
        direction: Up,
        aggregation: ParkLevel,
        cumulative: false,
        frequency: Quarterly,
        decimals: 0,
        baseline_value: 1.0,
        baseline_year: 2025,
        targets: [(2026, 2.0), (2027, 3.0), (2028, 4.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: POLYTECHNIC_STAGES,
        computed_from: None,
        frameworks: &[eip("Social: social infrastructure")],
    },
    // ---- 6.3 Community empowerment ----
    Indicator {
        code: "CM-01",
        pillar: "CM",
        position: 1,
        name: tr(
            "Workforce from North Maluku",
            "Tenaga kerja asal Maluku Utara",
        ),
        definition: tr(
            "Employees whose origin is a ring-1 village, Central Halmahera or elsewhere in North \
             Maluku province, as a share of the headcount at the end of the period.",
            "Karyawan yang berasal dari desa lingkar 1, Halmahera Tengah atau wilayah lain di \
             Provinsi Maluku Utara, sebagai porsi dari jumlah karyawan pada akhir periode.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 48.0,
        baseline_year: 2025,
        targets: [(2026, 50.0), (2027, 52.0), (2028, 55.0)],
        numerator_label: label("Employees from North Maluku", "Karyawan asal Maluku Utara"),
        denominator_label: HEADCOUNT,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[
            gri_14("14 (local employment)"),
            eip("Economic: employment generation"),
        ],
    },
    Indicator {
        code: "CM-02",
        pillar: "CM",
        position: 2,
        name: tr("Local-supplier spend share", "Porsi belanja pemasok lokal"),
        definition: tr(
            "Procurement spend with suppliers registered in North Maluku as a share of total \
             procurement spend in the period.",
            "Belanja pengadaan kepada pemasok terdaftar di Maluku Utara sebagai porsi dari \
             total belanja pengadaan pada periode tersebut.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 6.0,
        baseline_year: 2025,
        targets: [(2026, 7.0), (2027, 8.5), (2028, 10.0)],
        numerator_label: label(
            "Spend with North Maluku suppliers (IDR bn)",
            "Belanja pada pemasok Maluku Utara (miliar Rp)",
        ),
        denominator_label: label(
            "Total procurement spend (IDR bn)",
            "Total belanja pengadaan (miliar Rp)",
        ),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("204-1", "2016")],
    },
    Indicator {
        code: "CM-03",
        pillar: "CM",
        position: 3,
        name: tr("MSME partnership value", "Nilai kemitraan UMKM"),
        definition: tr(
            "Value of contracts and purchases with micro, small and medium enterprises from the \
             surrounding regencies in the period, in IDR billion.",
            "Nilai kontrak dan pembelian dari usaha mikro, kecil dan menengah di kabupaten \
             sekitar pada periode tersebut, dalam miliar rupiah.",
        ),
        unit: "IDR bn/yr",
        kind: Quantity,
        direction: Up,
        aggregation: Sum,
        cumulative: false,
        frequency: Quarterly,
        decimals: 0,
        baseline_value: 1_000.0,
        baseline_year: 2025,
        targets: [(2026, 1_150.0), (2027, 1_300.0), (2028, 1_500.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[
            gri("204-1", "2016"),
            eip("Economic: local business & SME promotion"),
        ],
    },
    Indicator {
        code: "CM-04",
        pillar: "CM",
        position: 4,
        name: tr("Community investment", "Investasi sosial (PPM/CSR)"),
        definition: tr(
            "Spending on community development (PPM) and CSR programmes in the period, in IDR \
             billion.",
            "Belanja program pengembangan dan pemberdayaan masyarakat (PPM) dan CSR pada \
             periode tersebut, dalam miliar rupiah.",
        ),
        unit: "IDR bn/yr",
        kind: Quantity,
        direction: Up,
        aggregation: Sum,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 60.0,
        baseline_year: 2025,
        targets: [(2026, 70.0), (2027, 80.0), (2028, 90.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("203-1", "2016"), gri("413-1", "2016")],
    },
    Indicator {
        code: "CM-05",
        pillar: "CM",
        position: 5,
        name: tr("Grievances closed ≤30 days", "Pengaduan selesai ≤30 hari"),
        definition: tr(
            "Grievances closed within 30 days of receipt as a share of the grievances whose \
             30-day deadline fell in the period.",
            "Pengaduan yang diselesaikan dalam 30 hari sejak diterima sebagai porsi dari \
             pengaduan yang batas 30 harinya jatuh pada periode tersebut.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Monthly,
        decimals: 1,
        baseline_value: 60.0,
        baseline_year: 2025,
        targets: [(2026, 70.0), (2027, 80.0), (2028, 90.0)],
        numerator_label: label(
            "Grievances closed within 30 days",
            "Pengaduan selesai ≤30 hari",
        ),
        denominator_label: label(
            "Grievances due in the period",
            "Pengaduan jatuh tempo pada periode",
        ),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[
            gri("2-25", "2021"),
            other("IRMA", "grievance mechanism", ""),
            eip("Social: social management systems"),
        ],
    },
    Indicator {
        code: "CM-06",
        pillar: "CM",
        position: 6,
        name: tr(
            "Ring-1 villages with agreed development plan",
            "Desa lingkar 1 dengan rencana PPM",
        ),
        definition: tr(
            "Ring-1 villages with a community development plan (PPM) agreed with the village, \
             as a share of all ring-1 villages, reported once for the park.",
            "Desa lingkar 1 yang memiliki rencana PPM yang disepakati bersama desa, sebagai \
             porsi dari seluruh desa lingkar 1, dilaporkan sekali untuk kawasan.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: ParkLevel,
        cumulative: false,
        frequency: SemiAnnual,
        decimals: 0,
        baseline_value: 40.0,
        baseline_year: 2025,
        targets: [(2026, 60.0), (2027, 80.0), (2028, 100.0)],
        numerator_label: label(
            "Ring-1 villages with an agreed plan",
            "Desa lingkar 1 dengan rencana disepakati",
        ),
        denominator_label: label("Ring-1 villages", "Desa lingkar 1"),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("413-1", "2016"), eip("Social: community outreach")],
    },
    Indicator {
        code: "CM-07",
        pillar: "CM",
        position: 7,
        name: tr(
            "Mangrove rehabilitated, cumulative",
            "Rehabilitasi mangrove",
        ),
        definition: tr(
            "Area of mangrove planted or rehabilitated by the reporting organisation and its \
             community partners to date, survival checked, at the end of the period.",
            "Luas mangrove yang ditanam atau direhabilitasi oleh organisasi pelapor bersama \
             mitra masyarakat hingga akhir periode, dengan tingkat hidup yang diperiksa.",
        ),
        unit: "ha",
        kind: Quantity,
        direction: Up,
        aggregation: Sum,
        cumulative: true,
        frequency: SemiAnnual,
        decimals: 1,
        baseline_value: 10.0,
        baseline_year: 2025,
        targets: [(2026, 25.0), (2027, 45.0), (2028, 70.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[
            GRI_101,
            eip("Environmental: natural environment & climate resilience"),
        ],
    },
    Indicator {
        code: "CM-08",
        pillar: "CM",
        position: 8,
        name: tr(
            "River samples meeting water-quality standard (Sagea, Kobe)",
            "Sampel sungai memenuhi baku mutu",
        ),
        definition: tr(
            "River-water samples from the Sagea and Kobe catchments that meet the national \
             water-quality standard, as a share of all samples taken in the period.",
            "Sampel air sungai dari DAS Sagea dan Kobe yang memenuhi baku mutu air nasional, \
             sebagai porsi dari seluruh sampel yang diambil pada periode tersebut.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Monthly,
        decimals: 1,
        baseline_value: 70.0,
        baseline_year: 2025,
        targets: [(2026, 80.0), (2027, 88.0), (2028, 95.0)],
        numerator_label: label("Samples meeting the standard", "Sampel memenuhi baku mutu"),
        denominator_label: label("Samples taken", "Sampel diambil"),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("303-2", "2018")],
    },
    // ---- 6.4 Green supply-chain management ----
    Indicator {
        code: "SC-01",
        pillar: "SC",
        position: 1,
        name: tr(
            "Ore from independently assured mines",
            "Bijih dari tambang terverifikasi",
        ),
        definition: tr(
            "Tonnes of nickel ore from mines with an independent assurance (IRMA, Nickel Mark) \
             as a share of all ore bought or mined in the period.",
            "Ton bijih nikel dari tambang yang telah diases secara independen (IRMA, Nickel \
             Mark) sebagai porsi dari seluruh bijih yang dibeli atau ditambang pada periode \
             tersebut.",
        ),
        unit: "% t",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 3.0,
        baseline_year: 2025,
        targets: [(2026, 10.0), (2027, 25.0), (2028, 40.0)],
        numerator_label: label(
            "Ore from assured mines (wmt)",
            "Bijih dari tambang terverifikasi (wmt)",
        ),
        denominator_label: ORE_TONNES,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[other("IRMA", "", ""), other("Nickel Mark", "", "")],
    },
    Indicator {
        code: "SC-02",
        pillar: "SC",
        position: 2,
        name: tr(
            "New suppliers screened, environmental",
            "Pemasok baru disaring (lingkungan)",
        ),
        definition: tr(
            "New suppliers screened against environmental criteria as a share of all new \
             suppliers contracted in the period.",
            "Pemasok baru yang disaring dengan kriteria lingkungan sebagai porsi dari seluruh \
             pemasok baru yang dikontrak pada periode tersebut.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 25.0,
        baseline_year: 2025,
        targets: [(2026, 50.0), (2027, 75.0), (2028, 100.0)],
        numerator_label: label(
            "New suppliers screened (environmental)",
            "Pemasok baru disaring (lingkungan)",
        ),
        denominator_label: NEW_SUPPLIERS,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("308-1", "2016")],
    },
    Indicator {
        code: "SC-03",
        pillar: "SC",
        position: 3,
        name: tr(
            "New suppliers screened, social",
            "Pemasok baru disaring (sosial)",
        ),
        definition: tr(
            "New suppliers screened against social criteria (labour, human rights, community) \
             as a share of all new suppliers contracted in the period.",
            "Pemasok baru yang disaring dengan kriteria sosial (ketenagakerjaan, hak asasi \
             manusia, masyarakat) sebagai porsi dari seluruh pemasok baru yang dikontrak pada \
             periode tersebut.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 25.0,
        baseline_year: 2025,
        targets: [(2026, 50.0), (2027, 75.0), (2028, 100.0)],
        numerator_label: label(
            "New suppliers screened (social)",
            "Pemasok baru disaring (sosial)",
        ),
        denominator_label: NEW_SUPPLIERS,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("414-1", "2016")],
    },
    Indicator {
        code: "SC-04",
        pillar: "SC",
        position: 4,
        name: tr(
            "Ore with digital chain of custody",
            "Bijih tertelusur digital (SIMBARA)",
        ),
        definition: tr(
            "Tonnes of ore whose sale is recorded end to end in SIMBARA as a share of all ore \
             bought or mined in the period.",
            "Ton bijih yang penjualannya tercatat lengkap di SIMBARA sebagai porsi dari seluruh \
             bijih yang dibeli atau ditambang pada periode tersebut.",
        ),
        unit: "% t",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Monthly,
        decimals: 1,
        baseline_value: 70.0,
        baseline_year: 2025,
        targets: [(2026, 85.0), (2027, 95.0), (2028, 100.0)],
        numerator_label: label(
            "Ore traced in SIMBARA (wmt)",
            "Bijih tertelusur di SIMBARA (wmt)",
        ),
        denominator_label: ORE_TONNES,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[
            other("SIMBARA", "", ""),
            other(
                "RMI",
                "Joint Due Diligence Standard for Copper, Lead, Nickel and Zinc",
                "2021",
            ),
            other(
                "OECD",
                "Due Diligence Guidance for Responsible Supply Chains of Minerals",
                "",
            ),
        ],
    },
    Indicator {
        code: "SC-05",
        pillar: "SC",
        position: 5,
        name: tr(
            "Tenants rated PROPER Blue or better",
            "Tenant PROPER Biru ke atas",
        ),
        definition: tr(
            "Tenants rated Blue, Green or Gold in the year's PROPER results as a share of the \
             rated tenants. Each tenant reports itself as 1 of 1 or 0 of 1.",
            "Tenant dengan peringkat PROPER Biru, Hijau atau Emas pada hasil tahun tersebut \
             sebagai porsi dari tenant yang dinilai. Setiap tenant melaporkan dirinya sebagai \
             1 dari 1 atau 0 dari 1.",
        ),
        unit: "%",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Annual,
        decimals: 0,
        baseline_value: 60.0,
        baseline_year: 2025,
        targets: [(2026, 75.0), (2027, 85.0), (2028, 100.0)],
        numerator_label: label(
            "Tenants rated Blue or better",
            "Tenant peringkat Biru ke atas",
        ),
        denominator_label: label("Tenants rated", "Tenant yang dinilai"),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[other("PROPER", "PermenLHK 1/2021", "2021")],
    },
    Indicator {
        code: "SC-06",
        pillar: "SC",
        position: 6,
        name: tr(
            "Product lines with verified carbon footprint",
            "Produk berjejak karbon terverifikasi",
        ),
        definition: tr(
            "Product lines whose cradle-to-gate carbon footprint per tonne of contained nickel \
             was verified by an independent party in the period.",
            "Lini produk yang jejak karbon cradle-to-gate per ton nikel terkandungnya \
             diverifikasi pihak independen pada periode tersebut.",
        ),
        unit: "count",
        kind: Count,
        direction: Up,
        aggregation: Sum,
        cumulative: false,
        frequency: SemiAnnual,
        decimals: 0,
        baseline_value: 0.0,
        baseline_year: 2025,
        targets: [(2026, 2.0), (2027, 5.0), (2028, 8.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[
            gri("305", "2016"),
            other("Nickel Institute", "carbon footprint guidance", ""),
        ],
    },
    Indicator {
        code: "SC-07",
        pillar: "SC",
        position: 7,
        name: tr("Battery-electric share of haul fleet", "Porsi truk listrik"),
        definition: tr(
            "Battery-electric haul trucks as a share of all haul trucks in service at the end \
             of the period.",
            "Truk angkut listrik baterai sebagai porsi dari seluruh truk angkut yang beroperasi \
             pada akhir periode.",
        ),
        unit: "% units",
        kind: Percentage,
        direction: Up,
        aggregation: RatioOfSums,
        cumulative: false,
        frequency: Quarterly,
        decimals: 1,
        baseline_value: 5.0,
        baseline_year: 2025,
        targets: [(2026, 10.0), (2027, 20.0), (2028, 30.0)],
        numerator_label: label("Battery-electric haul trucks", "Truk angkut listrik"),
        denominator_label: label("Haul trucks in service", "Truk angkut beroperasi"),
        stage_labels: NO_STAGES,
        computed_from: None,
        frameworks: &[gri("305-5", "2016")],
    },
    Indicator {
        code: "SC-08",
        pillar: "SC",
        position: 8,
        name: tr(
            "Independent-assurance milestone",
            "Tonggak asurans independen",
        ),
        definition: tr(
            "Stage reached in the independent assurance of the park's figures, from 0 (none) to \
             3 (IRMA 50 or better / reasonable assurance), reported once for the park.",
            "Tahap asurans independen atas data kawasan, dari 0 (belum ada) sampai 3 (IRMA 50 \
             ke atas / asurans memadai), dilaporkan sekali untuk kawasan.",
        ),
        unit: "stage 0–3",
        kind: Milestone,
        direction: Up,
        aggregation: ParkLevel,
        cumulative: false,
        frequency: SemiAnnual,
        decimals: 0,
        baseline_value: 0.0,
        baseline_year: 2025,
        targets: [(2026, 1.0), (2027, 2.0), (2028, 3.0)],
        numerator_label: None,
        denominator_label: None,
        stage_labels: ASSURANCE_STAGES,
        computed_from: None,
        frameworks: &[other("IRMA", "", "")],
    },
];

/// The catalogue indicator with this code.
pub fn indicator(code: &str) -> Option<&'static Indicator> {
    INDICATORS.iter().find(|i| i.code == code)
}
