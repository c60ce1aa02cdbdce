//! Bahasa Indonesia: the catalogue's values.

use super::accounts::AccountStrings;
use super::catalogue::*;
use super::errors::{ApiDocsStrings, ErrorStrings};
use super::exports::ExportStrings;
use super::flows::FlowStrings;
use super::ghg::*;
use super::iati::IatiStrings;
use super::import::{
    ImportActivityStrings, ImportLedgerStrings, ImportStrings, ImportStructureStrings,
};
use super::judgement::JudgementStrings;
use super::notifications::NotificationStrings;
use super::publication::PublicationStrings;
use super::report::ReportStrings;
use super::structure::StructureStrings;
use super::validation::ValidationStrings;
use super::workflow::WorkflowStrings;
use crate::domain::accounts::AccountProblem;
use crate::domain::import::FileProblem;
use crate::domain::kinds::{Frequency, ImportKind, IndicatorKind};
use crate::domain::status::{Status, Yardstick};
use crate::domain::{Clash, Denied, Missing, ReportRefusal, Violated};

/// Bahasa Indonesia.
pub static ID: Strings = Strings {
    skip_to_content: "Langsung ke konten",
    tagline: "Pemantau proyek percontohan nikel berkelanjutan IWIP",
    main_navigation: "Utama",
    nav_overview: "Ringkasan",
    nav_timeline: "Linimasa",
    nav_reporting: "Pelaporan",
    nav_stakeholders: "Pemangku kepentingan",
    language: "Bahasa",
    demo_data: "Data demo",
    demo_data_title: "Angka di halaman ini berasal dari tenant demo fiktif.",
    footer: "Pilar · Proyek percontohan Tsingshan–UNIDO di PT Indonesia Weda Bay Industrial Park.",
    footer_demo: "Angka yang dilaporkan tenant demo bersifat sintetis.",
    breadcrumb: "Navigasi halaman",
    yes: "Ya",
    no: "Tidak",
    none: "Tidak ada",
    show: "Tampilkan",
    clear_filters: "Hapus filter",
    filters: "Filter",
    legend: "Keterangan",
    download_csv: "Unduh CSV",
    account: "Akun",
    my_organisation: "Organisasi saya",
    admin: "Admin",
    sign_in: "Masuk",
    sign_out: "Keluar",

    no_program_title: "Belum ada program",
    no_program_text: "Pilar ini belum memiliki program. Muat data demo IWIP dengan \
                      pilar seed --demo, atau minta admin membuat kawasan, program dan pilarnya.",

    phase: |phase| format!("Fase {phase}"),
    month_of: |month, months| format!("Bulan ke-{month} dari {months}"),
    not_started: "Belum dimulai",
    elapsed: |percent| format!("{percent}% masa program telah berjalan"),
    figures_as_of: |date| format!("angka per {date}"),
    indicators_by_status: "Indikator menurut status",
    headline_indicators: "Indikator utama",
    all_indicators_of_pillar: |n| {
        if n == 1 {
            "Indikator pilar ini".to_string()
        } else {
            format!("Semua {n} indikator pilar ini")
        }
    },
    no_indicators: "Belum ada indikator. Admin menambahkannya ke pilar ini.",
    milestones: "Tonggak",
    overdue: "Lewat tenggat",
    due_next_days: |days| format!("Jatuh tempo dalam {days} hari ke depan"),
    nothing_overdue: "Tidak ada yang lewat tenggat.",
    nothing_due_soon: "Tidak ada yang jatuh tempo dalam rentang ini.",
    due_on: |date| format!("tenggat {date}"),
    whole_timeline: "Seluruh linimasa",
    reporting_this_period: "Pelaporan periode ini",
    reporting_round_explained: |days| {
        format!(
            "Laporan periode terakhir yang sudah ditutup untuk setiap indikator yang ditugaskan. \
             Laporan jatuh tempo {days} hari setelah periodenya berakhir."
        )
    },
    reports_on_time: |on_time, expected| format!("{on_time} dari {expected} laporan tepat waktu"),
    late_organisations: "Terlambat",
    late_reports_count: |n| format!("{n} laporan terlambat"),
    late_organisations_total: |_, shown| format!("{shown} organisasi memiliki laporan terlambat"),
    more_late_organisations: |_, shown| {
        format!("dan {shown} organisasi lain dengan laporan terlambat")
    },
    nobody_late: "Semua organisasi tepat waktu.",
    no_reports_due_yet: "Belum ada laporan yang jatuh tempo: laporan pertama jatuh tempo setelah \
                         periode pertama ditutup.",
    whole_reporting: "Siapa melaporkan apa",
    latest_approved: "Laporan terbaru yang disetujui",
    latest_returned: "Laporan terbaru yang dikembalikan",
    nothing_approved: "Belum ada laporan yang disetujui.",
    nothing_returned: "Tidak ada laporan yang dikembalikan.",
    reviewed_on: "Ditinjau",
    review_note: "Catatan tinjauan",
    trend_of: |name| format!("Tren nilai resmi {name}"),

    indicator: "Indikator",
    unit: "Satuan",
    organisation: "Organisasi",
    period: "Periode",
    value: "Nilai",
    status: "Status",
    baseline: "Nilai dasar",
    latest_official: "Nilai resmi terakhir",
    target_this_year: "Target tahun ini",
    target_year: |year| format!("Target {year}"),
    progress: "Kemajuan menuju target akhir",
    progress_aria: |percent| format!("{percent}% dari perubahan yang direncanakan"),
    trend: "Tren",
    coverage: "Cakupan",
    coverage_of: |reported, assigned| format!("{reported} dari {assigned}"),
    coverage_explained: "Organisasi dalam angka resmi terakhir, dari yang ditugaskan.",

    pillar: "Pilar",
    pillar_indicators: "Indikator",
    pillar_milestones: "Tonggak pilar ini",
    no_pillar_milestones: "Tidak ada tonggak untuk pilar ini.",

    definition: "Definisi",
    attributes: "Cara pengukuran",
    kind: "Jenis",
    direction: "Arah",
    aggregation: "Angka kawasan",
    frequency: "Dilaporkan",
    cumulative: "Kumulatif",
    decimals: "Desimal",
    numerator: "Pembilang",
    denominator: "Penyebut",
    stages: "Tahapan",
    frameworks: "Rujukan kerangka",
    no_frameworks: "Tidak ada rujukan kerangka.",
    effective_from: |date| format!("mulai {date}"),
    standing: "Posisi saat ini",
    expected_now: "Yang diharapkan pada periode terakhir",
    chart_title: "Nilai kawasan per periode terhadap jalur target",
    chart_annualised: "Arus ditampilkan per tahun (nilai periode × jumlah periode per tahun), \
                       karena targetnya tahunan.",
    chart_aria: |name| format!("Grafik nilai kawasan {name} per periode terhadap jalur targetnya"),
    legend_official: "Resmi (disetujui)",
    legend_provisional: "Sementara (termasuk laporan yang diajukan)",
    legend_target_path: "Jalur target",
    legend_today: "Hari ini",
    contributors: |n| format!("{n} organisasi"),
    provisional: "sementara",
    provisional_note: |n| format!("termasuk {n} laporan diajukan yang menunggu tinjauan"),
    annualised_value: |value| format!("{value} per tahun"),
    no_figures_yet: "Belum ada angka yang disetujui. Angka muncul di sini setelah organisasi \
                     yang ditugaskan melapor dan manajer menyetujui laporannya.",
    qualitative_no_chart: "Indikator kualitatif tidak memiliki grafik: baca laporannya di bawah.",
    series_table: "Nilai per periode",
    by_organisation: "Menurut organisasi pelapor",
    choose_period: "Periode",
    process_route: "Jalur proses",
    report_status: "Laporan",
    data_quality: "Kualitas data",
    comment: "Komentar",
    evidence: "Bukti",
    evidence_link: "Bukti",
    no_assignments: "Belum ada organisasi yang ditugaskan melaporkan indikator ini. Admin \
                     menugaskan organisasi pelapor.",
    no_reports_for_period: "Belum ada periode yang dilaporkan.",
    by_process_route: "Menurut jalur proses",
    by_process_route_explained: "Angka periode ini yang disetujui, digabung menurut aturan \
                                 indikator dalam setiap jalur.",
    no_route: "Tanpa jalur proses",
    organisations: "Organisasi",
    no_approved_for_period: "Belum ada angka yang disetujui untuk periode ini.",
    target_history: "Riwayat target",
    year: "Tahun",
    old_value: "Sebelumnya",
    new_value: "Target",
    reason: "Alasan",
    changed_by: "Diubah oleh",
    changed_on: "Diubah",
    no_target_history: "Belum ada target yang ditetapkan.",
    downloads: "Unduhan",
    download_series: "Nilai per periode (CSV)",
    download_table: "Laporan periode ini per organisasi (CSV)",

    stakeholders_title: "Pemangku kepentingan",
    stakeholders_intro: "Organisasi di sekitar program, peran mereka dan pilar yang mereka ikuti.",
    all_kinds: "Semua jenis",
    all_pillars: "Semua pilar",
    roles: "Peran",
    pillars: "Pilar",
    organisations_shown: |n| format!("{n} organisasi"),
    no_stakeholders: "Belum ada pemangku kepentingan. Admin menambahkan organisasi dan perannya.",
    no_stakeholders_match: "Tidak ada organisasi yang cocok dengan filter ini.",
    rows_of: |from, to, total| format!("Baris {from}–{to} dari {total}"),
    previous_page: "Halaman sebelumnya",
    next_page: "Halaman berikutnya",
    pages_label: "Halaman",
    demo_organisation: "Demo",
    roles_in_program: "Peran dalam program",
    no_roles: "Tidak memiliki peran dalam program.",
    assigned_indicators: "Indikator yang ditugaskan",
    reports_from: |date| format!("melapor sejak {date}"),
    no_assigned_indicators: "Organisasi ini tidak melaporkan indikator apa pun.",
    reporting_record: "Rekam jejak pelaporan",
    on_time_share: "Tepat waktu",
    expected_reports: "Laporan yang diharapkan",
    late_reports: "Terlambat",
    missing_reports: "Belum ada",
    open_returns: "Dikembalikan, menunggu perbaikan",
    no_reports_expected: "Belum ada laporan yang jatuh tempo.",
    website: "Situs web",
    contact: "Kontak",
    milestones_owned: "Tonggak yang menjadi tanggung jawabnya",

    timeline_title: "Linimasa",
    timeline_intro: "Tonggak program, 2026–2028, dikelompokkan menurut pilar.",
    all_statuses: "Semua status",
    program_wide: "Seluruh program",
    gantt_view: "Grafik",
    list_view: "Daftar",
    gantt_aria: "Diagram Gantt tonggak program; tonggak yang sama tercantum di bawah.",
    today: "Hari ini",
    milestone: "Tonggak",
    owner: "Penanggung jawab",
    starts: "Mulai",
    due: "Tenggat",
    completed: |date| format!("selesai {date}"),
    milestones_shown: |n| format!("{n} tonggak"),
    no_milestones: "Belum ada tonggak. Admin menambahkan tonggak program.",
    no_milestones_match: "Tidak ada tonggak yang cocok dengan filter ini.",

    reporting_title: "Pelaporan",
    reporting_intro: |days| {
        format!(
            "Siapa melaporkan apa, periode demi periode. Laporan jatuh tempo {days} hari setelah \
             periodenya berakhir; sel yang memuat beberapa laporan menampilkan laporan yang \
             paling perlu perhatian."
        )
    },
    by_pillar: "Menurut pilar",
    by_indicator: "Menurut indikator",
    matrix_caption: |scope| format!("Laporan per organisasi dan periode: {scope}"),
    late: "terlambat",
    late_marker_title: "Terlambat: diajukan setelah tenggat, atau belum ada setelah tenggat",
    reports_in_cell: |approved, expected| format!("{approved} dari {expected} disetujui"),
    no_period_closed: "Belum ada periode pelaporan yang ditutup: laporan pertama jatuh tempo \
                       setelah periode pertama berakhir.",
    no_assignments_in_scope: "Belum ada organisasi yang ditugaskan melaporkan indikator di sini. \
                              Admin menugaskan organisasi pelapor.",
    total: "Jumlah",

    roles_of_users: RoleLabels {
        viewer: "pembaca",
        tenant: "tenant",
        manager: "manajer",
        admin: "admin",
        verifier: "verifikator",
    },
    status_labels: StatusLabels {
        on_track: "Sesuai target",
        at_risk: "Berisiko",
        off_track: "Tidak sesuai target",
        insufficient_data: "Data belum cukup",
        no_data: "Tidak ada data",
    },
    judgement: JudgementStrings {
        latest_period: "Periode terakhir",
        year_to_date: "Sejak awal tahun",
        annualised_from: |months| format!("Disetahunkan dari {months} bulan"),
        judged_value: "Nilai yang dinilai",
        period_value: "Nilai periode",
        basis: "Dasar",
        expected_by: |date| format!("Diharapkan pada {date}"),
        band_limits: |on_track, at_risk| {
            format!("sesuai target sampai {on_track}, berisiko sampai {at_risk}")
        },
        sentence: |w| {
            let reason = match (w.shortfall_percent, w.status) {
                (None, _) => "sama dengan atau lebih baik dari yang diharapkan".to_string(),
                (Some(p), status) => {
                    let yardstick = match w.yardstick {
                        Yardstick::PlannedChange => format!(
                            "perubahan yang direncanakan tahun ini sebesar {} {}",
                            w.yardstick_size, w.unit
                        ),
                        Yardstick::ShareOfExpected => {
                            "5 % dari nilai yang diharapkan, karena tahun ini tidak direncanakan perubahan".to_string()
                        }
                        Yardstick::OneUnit => format!("1 {}, karena yang diharapkan 0", w.unit),
                    };
                    match status {
                        Status::OnTrack => {
                            format!("kurang {p} % dari {yardstick}, masih dalam 25 %")
                        }
                        Status::AtRisk => format!(
                            "kurang {p} % dari {yardstick}, lebih dari 25 % dan paling banyak 50 %"
                        ),
                        _ => format!("kurang {p} % dari {yardstick}, lebih dari 50 %"),
                    }
                }
            };
            format!(
                "{} {} {} dibanding {} yang diharapkan pada {}: {}, {reason}.",
                w.basis,
                w.value,
                w.unit,
                w.expected,
                w.date,
                w.status_label.to_lowercase()
            )
        },
        coverage: |reporters, assigned| format!("{reporters} dari {assigned} organisasi"),
        coverage_heading: "Cakupan",
        incomplete: |reporters, assigned, required| {
            format!("Belum lengkap: {reporters} dari {assigned} organisasi ({required} diperlukan)")
        },
        not_judged: |period, reporters, assigned, required| {
            format!(
                "Tidak dinilai: {period} memiliki laporan yang disetujui dari {reporters} dari {assigned} organisasi, kurang dari {required} yang diperlukan."
            )
        },
        later_incomplete: |period, reporters, assigned| {
            format!("{period}: belum lengkap, {reporters} dari {assigned} organisasi")
        },
        min_coverage_help: "Angka kawasan ditampilkan sebagai utama dan dinilai hanya jika laporan yang disetujui dari paling sedikit bagian ini dari organisasi yang ditugaskan untuk periode itu sudah masuk (dibulatkan ke atas). 50 berarti setengah.",
    },
    report_states: ReportStateLabels {
        missing: "Belum ada",
        draft: "Draf",
        submitted: "Diajukan",
        approved: "Disetujui",
        returned: "Dikembalikan",
    },
    milestone_statuses: MilestoneStatusLabels {
        planned: "Direncanakan",
        in_progress: "Berjalan",
        done: "Selesai",
        late: "Terlambat",
        cancelled: "Dibatalkan",
    },
    organisation_kinds: OrganisationKindLabels {
        government: "Pemerintah",
        park_operator: "Pengelola kawasan",
        tenant: "Tenant",
        association: "Asosiasi",
        financial_institution: "Lembaga keuangan",
        un_agency: "Badan PBB",
        community_organisation: "Organisasi masyarakat",
        academia: "Perguruan tinggi",
        ngo: "LSM",
    },
    program_roles: ProgramRoleLabels {
        signatory: "Penandatangan",
        lead: "Pemimpin",
        implementing_partner: "Mitra pelaksana",
        funder: "Penyandang dana",
        pilot_site: "Lokasi percontohan",
        reporting_tenant: "Tenant pelapor",
        beneficiary: "Penerima manfaat",
        verifier: "Verifikator",
        observer: "Pengamat",
    },
    process_routes: ProcessRouteLabels {
        rkef: "Peleburan RKEF",
        matte_converter: "Konverter matte",
        hpal: "HPAL",
        refinery: "Pemurnian",
        precursor: "Prekursor baterai",
        cell: "Sel baterai",
        aluminium_smelter: "Smelter aluminium",
        captive_power: "Pembangkit captive",
        mining: "Pertambangan",
    },
    indicator_kinds: IndicatorKindLabels {
        quantity: "Kuantitas",
        count: "Hitungan",
        percentage: "Persentase (pembilang ÷ penyebut)",
        ratio: "Rasio (pembilang ÷ penyebut)",
        milestone: "Tahapan",
        qualitative: "Kualitatif",
    },
    directions: DirectionLabels {
        higher_is_better: "Makin tinggi makin baik",
        lower_is_better: "Makin rendah makin baik",
    },
    aggregations: AggregationLabels {
        sum: "Jumlah angka seluruh organisasi",
        ratio_of_sums: "Gabungan: Σ pembilang ÷ Σ penyebut",
        mean: "Rata-rata angka seluruh organisasi",
        latest: "Angka terakhir yang disetujui",
        max: "Angka terbesar",
        min: "Angka terkecil",
        park: "Dilaporkan sekali untuk kawasan",
    },
    frequencies: FrequencyLabels {
        monthly: "Bulanan",
        quarterly: "Triwulanan",
        semi_annual: "Semesteran",
        annual: "Tahunan",
        per_month: "per bulan",
        per_quarter: "per triwulan",
        per_half_year: "per semester",
    },
    data_qualities: DataQualityLabels {
        measured: "Terukur",
        calculated: "Terhitung",
        estimated: "Perkiraan",
    },
    errors: ErrorStrings {
        bad_request: "Permintaan tidak valid",
        unauthorized: "Belum masuk",
        forbidden: "Akses ditolak",
        not_found: "Tidak ditemukan",
        method_not_allowed: "Metode tidak diizinkan",
        conflict: "Terjadi konflik",
        precondition_failed: "Data sudah berubah",
        payload_too_large: "Isian terlalu besar",
        uri_too_long: "Alamat terlalu panjang",
        headers_too_large: "Header permintaan terlalu besar",
        validation_failed: "Isian belum benar",
        too_many_requests: "Terlalu banyak percobaan",
        unavailable: "Sementara tidak tersedia",
        unexpected: "Terjadi kesalahan",
        explain: |status, _| {
            match status {
                400 => "Permintaan ini tidak dapat dibaca. Kembali, muat ulang halaman, lalu coba lagi.",
                401 => "Silakan masuk terlebih dahulu.",
                403 => "Akun Anda tidak memberi akses ke halaman ini, atau formulir ini sudah kedaluwarsa. Kembali, muat ulang halaman, lalu coba lagi.",
                404 => "Halaman atau data ini tidak ada. Periksa alamatnya, atau mulai lagi dari ringkasan.",
                405 => "Alamat ini tidak menerima permintaan seperti ini. Buka halamannya melalui tautan di Pilar.",
                409 | 412 => "Data ini diubah oleh orang lain sejak Anda membacanya. Muat ulang halaman dan coba lagi.",
                422 => "Beberapa isian belum benar. Kembali dan periksa isian yang ditandai.",
                429 => "Terlalu banyak percobaan dalam waktu singkat. Tunggu sebentar, lalu coba lagi.",
                503 => "Pilar tidak dapat menjangkau basis datanya saat ini. Coba lagi dalam satu menit.",
                _ => "Kesalahan ini sudah dicatat. Jika terus terjadi, laporkan dengan menyertakan ID permintaan.",
            }
            .to_string()
        },
        missing,
        denied,
        clash,
        violated,
        address_too_long: |kb| {
            format!(
                "Alamat ini lebih panjang dari {kb} KB, sehingga tidak dibaca. Buka halaman dari tautan Pilar sendiri."
            )
        },
        headers_too_long: |kb| {
            format!(
                "Header permintaan lebih besar dari {kb} KB, sehingga tidak dibaca. Menghapus cookie situs ini biasanya membantu."
            )
        },
        too_large: |kb| {
            format!(
                "Isian yang Anda kirim lebih besar dari {kb} KB, sehingga tidak ada yang disimpan. Gunakan tombol Kembali di peramban: isian Anda masih ada. Persingkat teks terpanjang, lalu kirim lagi."
            )
        },
        status_line: |status| format!("Status {status} · ID permintaan"),
        back_to_overview: "Kembali ke ringkasan",
    },
    api_docs: ApiDocsStrings {
        reference_of: |title| format!("Referensi {title}"),
        machine_readable: |version| {
            format!("OpenAPI {version} · dokumen yang dapat dibaca mesin ada di")
        },
        english_note: "Uraian setiap operasi dan skema ditulis dalam bahasa Inggris, bahasa API ini.",
        contents: "Daftar isi",
        operations: "Operasi",
        schemas: "Skema",
        parameter: "Parameter",
        located_in: "Letak",
        type_: "Tipe",
        required: "Wajib",
        description: "Uraian",
        status: "Status",
        meaning: "Arti",
        body: "Isi",
        field: "Kolom",
        request_body: "Isi permintaan",
        one_of: "Salah satu dari:",
        yes: "ya",
        no: "tidak",
    },
    programs: &super::programs::ID,
    iati: IatiStrings {
        definition: |definition, unit| format!("{definition} Satuan: {unit}."),
        target_path: "Nilai jalur target pada akhir periode: dari nilai dasar menuju target \
                      setiap tahun.",
        target_path_flow: |n| {
            format!(
                "Nilai tahunan jalur target pada akhir periode, dibagi {n} periode dalam \
                 setahun."
            )
        },
        partial_coverage: |reporters, assigned| {
            format!(
                "Laporan yang disetujui dari {reporters} dari {assigned} organisasi yang \
                 ditugaskan indikator ini, digabung menurut aturannya."
            )
        },
        incomplete: |reporters, assigned, required| {
            format!(
                "Cakupan belum lengkap: laporan yang disetujui dari {reporters} dari {assigned} \
                 organisasi yang ditugaskan, kurang dari {required} yang diperlukan; angka \
                 kawasan untuk periode ini tidak diterbitkan."
            )
        },
        too_few: |contributors, required| {
            format!(
                "Tidak diterbitkan: {contributors} organisasi berkontribusi, kurang dari \
                 {required} yang diperlukan agar angka satu organisasi tidak dapat diketahui."
            )
        },
    },
    validation: ValidationStrings {
        field: |field| match field {
            "value" => "Nilai",
            "numerator" => "Pembilang",
            "denominator" => "Penyebut",
            "stage" => "Tahap",
            "text" => "Teks",
            "indicator" => "Indikator",
            "status" => "Status",
            "period_start" => "Hari pertama periode",
            "period_end" => "Hari terakhir periode",
            "unit" => "Satuan",
            "data_quality" => "Kualitas data",
            "assurance" => "Asurans",
            "comment" => "Komentar",
            "evidence_url" => "Bukti",
            "version" => "Versi",
            "reason" => "Alasan",
            "note" => "Catatan",
            "items" => "Kumpulan data",
            "material" => "Material",
            "month" => "Bulan",
            "opening" => "Stok awal",
            "generated" => "Dihasilkan",
            "received" => "Diterima",
            "used_on_site" => "Dimanfaatkan di lokasi",
            "sent" => "Dikirim",
            "disposed_landfill" => "Penimbunan (landfill)",
            "disposed_storage" => "Penyimpanan terekayasa",
            "disposed_sea" => "Penempatan di laut",
            "closing" => "Stok akhir",
            "receiver" => "Penerima",
            "quantity" => "Jumlah",
            "received_quantity" => "Jumlah diterima",
            "intended_use" => "Tujuan penggunaan",
            _ => "Isian ini",
        },
        kind_noun: |kind| match kind {
            IndicatorKind::Quantity => "kuantitas",
            IndicatorKind::Count => "hitungan",
            IndicatorKind::Percentage => "persentase",
            IndicatorKind::Ratio => "rasio",
            IndicatorKind::Milestone => "tahapan",
            IndicatorKind::Qualitative => "kualitatif",
        },
        period_noun: |frequency| match frequency {
            Frequency::Monthly => "bulan",
            Frequency::Quarterly => "triwulan",
            Frequency::SemiAnnual => "semester",
            Frequency::Annual => "tahun",
        },
        thousands: '.',
        decimal: ',',
        required: |field| format!("{field} wajib diisi."),
        not_used: |field, kind| {
            format!("{field} tidak dipakai oleh indikator {kind}; biarkan kosong.")
        },
        not_a_number: |field| format!("{field} harus berupa angka, misalnya 12,5."),
        not_a_choice: |field| format!("{field} harus salah satu nilai yang tersedia."),
        not_whole: |field, got| {
            format!("{field} harus bilangan bulat; {got} bukan bilangan bulat.")
        },
        negative: |field, got| format!("{field} tidak boleh negatif; {got} di bawah nol."),
        too_large: |field| format!("{field} terlalu besar."),
        above_maximum: |field, max| format!("{field} paling banyak {max}."),
        below_minimum: |field, min| format!("{field} tidak boleh di bawah {min}."),
        too_small: |field, min| {
            format!(
                "{field} terlalu dekat ke nol untuk disimpan: tulis 0, atau paling sedikit {min}."
            )
        },
        figure_out_of_bounds: |figure, min, max| {
            format!(
                "Pembilang dan penyebut menghasilkan {figure}, di luar rentang wajar indikator ({min} sampai {max}): periksa keduanya."
            )
        },
        ambiguous: |field, typed, reading| {
            format!(
                "{field} \u{201c}{typed}\u{201d} akan dibaca sebagai {reading}. Konfirmasi pembacaan itu, atau ketik ulang angkanya (dalam bahasa Indonesia, seribu tiga ratus ditulis 1.300 dan satu koma tiga ditulis 1,3)."
            )
        },
        unusual_needs_comment: |median| {
            format!(
                "Angka ini jauh dari angka biasa organisasi Anda (median periode terakhir: {median}). Jelaskan alasannya di komentar, lalu ajukan lagi."
            )
        },
        numerator_above_denominator: |numerator, denominator| {
            format!(
                "Pembilang ({numerator}) tidak boleh lebih besar dari penyebut ({denominator})."
            )
        },
        not_positive: |field| format!("{field} harus lebih besar dari 0."),
        stage_out_of_range: |last| format!("Pilih tahap dari 0 sampai {last}."),
        no_stages: "Indikator tahapan ini belum memiliki tahap; minta administrator program untuk menetapkannya.",
        blank: |field| format!("{field} tidak boleh kosong."),
        too_long: |field, max| format!("{field} paling banyak {max} karakter."),
        not_web_address: |field| {
            format!(
                "{field} harus berupa alamat web lengkap, misalnya https://example.org/laporan.pdf."
            )
        },
        not_assigned: |code| {
            format!("{code} bukan indikator yang ditugaskan kepada organisasi Anda.")
        },
        status_not_allowed: "Status harus draf atau diajukan; peninjau yang menetapkan disetujui dan dikembalikan.",
        unbalanced: |imbalance| {
            format!(
                "Neraca bulan ini tidak seimbang: stok awal + dihasilkan + diterima berbeda {imbalance} dari dimanfaatkan + dikirim + dibuang + stok akhir. Perbaiki angkanya, atau jelaskan selisihnya di komentar untuk mengajukannya."
            )
        },
        unknown_code: |field, code| format!("{field} \"{code}\" tidak dikenal."),
        same_organisation: "Transfer ditujukan ke organisasi lain, bukan ke organisasi Anda sendiri.",
        start_not_aligned: |start, noun| {
            format!(
                "Periode harus dimulai pada hari pertama suatu {noun}; {start} bukan hari pertama."
            )
        },
        end_mismatch: |end, expected| {
            format!("Periode yang dimulai pada tanggal itu berakhir pada {expected}, bukan {end}.")
        },
        invalid_label: |label, noun| {
            format!("\"{label}\" bukan {noun} yang dilaporkan indikator ini.")
        },
        outside_program: |period, starts, ends| {
            format!("Periode {period} berada di luar program ({starts} sampai {ends}).")
        },
        in_future: |period, starts| {
            format!("Periode {period} belum dimulai: periode itu dimulai pada {starts}.")
        },
        still_running: |period, ends| {
            format!(
                "Periode {period} masih berjalan sampai {ends}: simpan sebagai draf dan ajukan setelah periode berakhir."
            )
        },
        wrong_unit: |unit, code| format!("Satuan harus {unit}, sesuai yang ditetapkan {code}."),
        unit_required: "Satuan wajib dikirim: kirim satuan indikator seperti yang tercantum di GET /api/v1/indicators.",
        unknown_data_quality: "Kualitas data harus diukur, dihitung, atau diperkirakan.",
        unknown_assurance: "Asurans harus none, limited, atau reasonable.",
        version_too_low: "Versi harus versi yang Anda baca (1 atau lebih).",
        indicator_fixed: |code| {
            format!(
                "Observasi ini melaporkan {code}; indikator sebuah observasi tidak dapat diubah."
            )
        },
        period_fixed: |start| {
            format!(
                "Observasi ini untuk periode yang dimulai {start}; periodenya tidak dapat diubah."
            )
        },
        note_required: "Catatan wajib diisi: jelaskan kepada organisasi apa yang perlu diperbaiki dan mengapa.",
        computed: |code| {
            format!(
                "{code} dihitung dari data aktivitas yang disetujui (inventaris gas rumah kaca); indikator ini tidak dilaporkan. Laporkan data aktivitas di halaman GRK."
            )
        },
        carbon_out_above_in: "Karbon yang keluar dalam produk dan slag tidak boleh melebihi karbon yang masuk.",
        unreadable: "Isian ini tidak dapat dibaca.",
        refusal: report_refusal,
    },
    accounts: AccountStrings {
        problem: account_problem,
        sign_in_title: "Masuk",
        sign_in_heading: "Masuk ke Pilar",
        email: "Email",
        password: "Kata sandi",
        sign_in_button: "Masuk",
        wrong_credentials: "Email atau kata sandi salah.",
        throttled: "Terlalu banyak percobaan masuk yang gagal. Tunggu 15 menit, lalu coba lagi.",
        nul_in_address: "Alamat ini memuat karakter NUL (%00), yang tidak diterima Pilar.",
        nul_in_field: "memuat karakter NUL, yang tidak diterima Pilar",
        organisation_archived: "Organisasi Anda telah diarsipkan dalam program, sehingga akunnya tidak dapat masuk lagi. Hubungi administrator program jika ini keliru.",

        my_intro: "Laporan terakhir organisasi Anda untuk setiap indikator yang ditugaskan, dan angka kawasan untuk periode yang sama bila sedikitnya tiga organisasi melapor.",
        my_empty: "Organisasi Anda belum ditugaskan indikator. Admin program yang menugaskannya.",
        indicator: "Indikator",
        unit: "Satuan",
        latest_period: "Periode terakhir",
        your_value: "Nilai Anda",
        status: "Status",
        park: "Kawasan",
        no_report_yet: "belum ada laporan",
        withheld: |n| format!("tidak ditampilkan (kurang dari {n} organisasi melapor)"),

        admin_title: "Admin",
        users: "Pengguna",
        users_about: "akun, peran, organisasi; nonaktifkan akun.",
        api_tokens: "Token API",
        tokens_about: "terbitkan token untuk sistem tenant, cabut token.",
        audit_log: "Log audit",
        audit_about: "setiap perubahan: siapa, apa, kapan, dari mana.",

        name: "Nama",
        role: "Peran",
        organisation: "Organisasi",
        language: "Bahasa",
        last_sign_in: "Terakhir masuk",
        account: "Akun",
        never: "belum pernah",
        deactivate: "Nonaktifkan",
        reactivate: "Aktifkan kembali",
        new_user: "Pengguna baru",
        user_not_created: "Akun tidak dibuat: perbaiki isian yang ditandai di bawah.",
        display_name: "Nama tampilan",
        organisation_tenants_only: "Organisasi (hanya pengguna tenant)",
        initial_password: "Kata sandi awal (minimal 12 karakter)",
        create_user: "Buat pengguna",
        created_account: "Akun dibuat",
        updated_account: "Akun diperbarui.",

        token_created: "Token dibuat",
        token_secret_gone: "Rahasia token baru itu tidak lagi tersedia: hanya ditampilkan sekali. Jika Anda belum menyalinnya, cabut token itu dan terbitkan yang baru.",
        token_shown_once: "Salin token ini sekarang: token hanya ditampilkan sekali dan tidak dapat dipulihkan. Kirim sebagai Authorization: Bearer …",
        no_tokens: "Belum ada token. Terbitkan satu di bawah untuk sistem tenant.",
        token_starts: "Awal token",
        scope: "Cakupan",
        created: "Dibuat",
        by: "oleh",
        last_used: "Terakhir dipakai",
        state: "Keadaan",
        revoked: "dicabut",
        revoke_link: "Cabut…",
        issue_token: "Terbitkan token",
        token_not_issued: "Token tidak diterbitkan: perbaiki isian yang ditandai di bawah.",
        token_purpose: "Nama (kegunaannya)",
        scope_write: "tulis: baca dan lapor",
        scope_read: "hanya baca",
        last_day_valid: "Hari terakhir berlaku (opsional, TTTT-BB-HH)",
        issue_button: "Terbitkan token",
        token_verifier: "Bertindak untuk akun verifikator (atestasi melalui API)",
        token_verifier_none: "— (token milik organisasi)",
        revoke_question: "Cabut token ini?",
        revoke_explained: "Token langsung berhenti berlaku. Tindakan ini tidak dapat dibatalkan; organisasi akan memerlukan token baru.",
        revoke_button: "Cabut token",
        cancel: "Batal",

        entity: "Entitas",
        action: "Tindakan",
        who: "Siapa",
        filter: "Saring",
        no_events: "Tidak ada kejadian yang cocok dengan saringan ini.",
        when: "Kapan",
        changes: "Yang berubah",
        who_hint: "nama, email atau token",
        from_day: "Dari (tanggal)",
        to_day: "Sampai (tanggal)",
        download_csv: "Unduh kejadian ini (CSV)",
        request: "Permintaan",
        why: "alasan",
        older_events: "Kejadian lebih lama",

        edit_user: "Ubah pengguna",
        edit_link: "Ubah",
        user_not_updated: "Tidak ada yang diubah: perbaiki isian yang ditandai di bawah.",
        new_password_optional: "Kata sandi baru (kosongkan untuk mempertahankan yang sekarang; mengisinya mengeluarkan pengguna dari semua sesi)",
        save_changes: "Simpan perubahan",
        your_account: "Akun Anda",
        change_password: "Ganti kata sandi Anda",
        change_password_about: "Sesi Anda yang lain berakhir saat kata sandi diganti; sesi ini tetap masuk.",
        current_password: "Kata sandi saat ini",
        new_password: "Kata sandi baru (minimal 12 karakter)",
        repeat_password: "Ulangi kata sandi baru",
        password_not_changed: "Kata sandi Anda tidak diganti: perbaiki isian yang ditandai di bawah.",
        password_changed: "Kata sandi Anda telah diganti. Sesi Anda yang lain telah berakhir.",
    },
    structure: StructureStrings {
        structure_title: "Struktur program",
        pillars_title: "Pilar",
        indicators_title: "Indikator",
        new_pillar: "Pilar baru",
        edit_pillar: "Ubah pilar",
        new_indicator: "Indikator baru",
        edit_indicator: "Ubah indikator",
        edit: "Ubah",
        save: "Simpan",
        cancel: "Batal",
        archive: "Arsipkan",
        restore: "Pulihkan",
        delete: "Hapus",
        remove: "Arsipkan atau hapus…",
        archived_tag: "diarsipkan",
        actions: "Tindakan",
        count_indicators: "Indikator",
        code: "Kode",
        pillar: "Pilar",
        name_en: "Nama (Inggris)",
        name_id: "Nama (Bahasa Indonesia)",
        description_en: "Deskripsi (Inggris)",
        description_id: "Deskripsi (Bahasa Indonesia)",
        definition_en: "Definisi (Inggris)",
        definition_id: "Definisi (Bahasa Indonesia)",
        unit: "Satuan",
        kind: "Jenis",
        direction: "Arah",
        aggregation: "Agregasi antar-organisasi",
        cumulative: "Kumulatif (nilai tahunan = nilai terakhir)",
        frequency: "Frekuensi pelaporan",
        decimals: "Desimal",
        baseline_value: "Nilai dasar",
        baseline_year: "Tahun dasar",
        numerator_label_en: "Pembilang menghitung (Inggris)",
        numerator_label_id: "Pembilang menghitung (Bahasa Indonesia)",
        denominator_label_en: "Penyebut menghitung (Inggris)",
        denominator_label_id: "Penyebut menghitung (Bahasa Indonesia)",
        fraction_hint: "Hanya untuk persentase dan rasio.",
        stage_labels_en: "Tahap (Inggris), satu per baris, mulai tahap 0",
        stage_labels_id: "Tahap (Bahasa Indonesia), satu per baris",
        stages_hint: "Hanya untuk indikator tonggak.",
        frameworks: "Rujukan kerangka, satu per baris: kerangka | kode | versi | berlaku sejak (TTTT-BB-HH, opsional)",
        position: "Urutan dalam daftar",
        code_fixed: "Kode tidak dapat diubah setelah data merujuknya.",
        not_saved: "Tidak ada yang disimpan: perbaiki kolom yang ditandai di bawah.",
        conflict_title: "Orang lain menyimpan indikator ini saat Anda mengubahnya.",
        conflict_title_pillar: "Orang lain menyimpan pilar ini saat Anda mengubahnya.",
        conflict_title_org: "Orang lain menyimpan data ini saat Anda mengubahnya.",
        conflict_explained: "Masukan Anda tetap di bawah. Kolom berikut kini berisi nilai lain; periksa, lalu simpan lagi untuk menggantinya dengan milik Anda.",
        stored_now: "tersimpan sekarang",
        locked_kind: "Indikator ini sudah memiliki data laporan: jenis dan frekuensinya tetap.",
        targets_title: "Target tahunan",
        targets_explained: "Nilai yang harus dicapai pada 31 Desember setiap tahun. Perubahan target memerlukan alasan; nilai lama tetap tercatat di riwayat di bawah.",
        year: "Tahun",
        target: "Target",
        reason: "Alasan perubahan",
        set_target: "Simpan target",
        history_title: "Riwayat target",
        old_value: "Semula",
        new_value: "Menjadi",
        changed_by: "Diubah oleh",
        changed_at: "Kapan",
        no_history: "Belum ada target yang ditetapkan.",
        confirm_title: "Mohon konfirmasi",
        archive_pillar_explained: "Pilar yang diarsipkan hilang dari dasbor dan formulir; indikator dan datanya tetap, dan pilar dapat dipulihkan.",
        remove_deletes: "Belum ada yang merujuk indikator ini: indikator akan dihapus permanen.",
        saved: "Tersimpan.",
        archived_notice: "Diarsipkan. Datanya tetap; dapat dipulihkan kapan saja.",
        restored_notice: "Dipulihkan.",
        deleted_notice: "Dihapus.",
        target_saved: "Target tersimpan; nilai sebelumnya ada di riwayat.",
        first_target_reason: "target pertama",
        target_conflict: "Target ini sudah diubah orang lain; tidak ada yang disimpan. Nilainya sekarang:",
        err_required: "Kolom ini wajib diisi.",
        err_choose: "Pilih salah satu nilai yang tersedia.",
        err_pillar_code: "Gunakan 2 sampai 4 huruf kapital, misalnya CE.",
        err_indicator_code: "Gunakan huruf kapital, tanda hubung dan 2–3 angka, misalnya CE-01.",
        err_code_taken: "Kode ini sudah dipakai dalam program.",
        err_position: "Isi bilangan bulat, 0 atau lebih.",
        err_decimals: "Isi bilangan bulat dari 0 sampai 6.",
        err_number: "Isi sebuah angka, misalnya 12,5.",
        err_ambiguous_number: "Angka ini bisa dibaca dua cara (1,300: satu koma tiga, atau seribu tiga ratus). Ketik ulang sesuai bahasa Indonesia: 1,3 atau 1.300.",
        err_implausible: "Isi 0, atau angka dari 0,000001 sampai 1.000.000.000.000.000 (positif atau negatif).",
        err_bounds_order: "Nilai wajar terendah tidak boleh melebihi yang tertinggi, dan pembilang serta penyebut memerlukan batas positif.",
        bounds_legend: "Nilai wajar (angka di luar rentang ditolak)",
        bound_min: "Angka terendah",
        bound_max: "Angka tertinggi",
        bound_parts_max: "Pembilang atau penyebut terbesar",
        bounds_hint: "Kosongkan untuk nilai bawaan katalog: persentase 0–100, hitungan mulai 0, angka lain dari 0 sampai batas yang sesuai satuannya.",
        err_year: "Isi tahun dari 2000 sampai 2100.",
        err_baseline_pair: "Isi nilai dasar beserta tahunnya, atau kosongkan keduanya.",
        err_fraction_pooled: "Pilih rasio jumlah (atau kawasan): persentase dan rasio digabung.",
        err_fraction_labels: "Sebutkan apa yang dihitung pembilang dan penyebut.",
        err_stages: "Tonggak memerlukan sedikitnya dua tahap.",
        err_stages_same: "Isi jumlah tahap yang sama dalam Bahasa Indonesia dan Inggris.",
        err_frameworks: "Tulis satu rujukan pada setiap baris: kerangka | kode | versi | berlaku sejak (kerangka wajib diisi; tanggal TTTT-BB-HH).",
        err_frameworks_twice: "Rujukan yang sama muncul dua kali.",
        err_kind_locked: "Ini tidak dapat diubah setelah ada data laporan.",
        err_reason: "Sebutkan alasan perubahan target.",
        err_archived: "Pulihkan indikator terlebih dahulu.",
        organisations_title: "Organisasi",
        new_organisation: "Organisasi baru",
        edit_organisation: "Ubah organisasi",
        org_name: "Nama",
        short_name: "Nama singkat",
        process_route: "Jalur proses (penyewa dan operator kawasan)",
        no_route: "tidak ada",
        website: "Situs web",
        contact_name: "Narahubung",
        contact_email: "Email narahubung",
        contact: "Kontak",
        roles: "Peran dalam program dan pilarnya",
        role_pillars: "Pilar peran ini",
        archive_organisation_explained: "Organisasi yang diarsipkan hilang dari formulir dan matriks; laporan, peran dan penggunanya tetap, dan dapat dipulihkan.",
        assignments_title: "Penugasan",
        assignments_explained: "Centang siapa yang melaporkan indikator mana pada pilar ini. Menghapus centang mengarsipkan penugasan: laporan yang sudah ada tetap.",
        assignment_starts: "Penugasan baru mengharapkan laporan untuk periode yang berakhir pada atau setelah",
        show: "Tampilkan",
        save_assignments: "Simpan penugasan",
        no_columns: "Pilar ini tidak memiliki indikator aktif.",
        organisation: "Organisasi",
        milestones_title: "Tonggak",
        new_milestone: "Tonggak baru",
        edit_milestone: "Ubah tonggak",
        title_en: "Judul (Inggris)",
        title_id: "Judul (Bahasa Indonesia)",
        owner: "Penanggung jawab",
        none: "—",
        starts_on: "Mulai",
        due_on: "Jatuh tempo",
        milestone_status: "Status",
        completed_on: "Selesai pada (jika selesai)",
        evidence_url: "Bukti (alamat web)",
        date_hint: "TTTT-BB-HH",
        err_organisation_code: "Gunakan huruf kapital, angka dan tanda hubung, misalnya DEMO-RKEF-A.",
        err_route_tenant: "Kosongkan: hanya penyewa dan operator kawasan yang memiliki jalur proses.",
        err_park_level: "Penugasan: indikator tingkat kawasan (dilaporkan sekali untuk seluruh kawasan) hanya dapat ditugaskan kepada kantor kawasan (pengelola kawasan); hapus centangnya untuk organisasi lain.",
        err_computed: "Indikator: indikator ini dihitung dari data aktivitas yang disetujui (lihat \"Dihitung dari\" pada indikator), jadi tidak ada yang melaporkannya dan tidak dapat ditugaskan.",
        err_url: "Isi alamat web lengkap (alamat http atau https), misalnya https://example.org/laporan.pdf.",
        err_email: "Isi alamat email seperti nama@example.org.",
        err_date: "Isi tanggal dalam format TTTT-BB-HH.",
        err_milestone_code: "Gunakan M dan 2–3 angka, misalnya M12.",
        err_material_code: "Gunakan 2 sampai 32 huruf kapital, angka atau tanda hubung, diawali huruf kapital, misalnya NI-SLAG.",
        new_material: "Material baru",
        edit_material: "Ubah material",
        conflict_title_material: "Orang lain menyimpan material ini saat Anda mengubahnya.",
        err_due_before_start: "Periksa tanggalnya: tanggal jatuh tempo sebelum tanggal mulai.",
        err_completed_needed: "Isi tanggalnya: tonggak yang selesai memerlukan tanggal selesai.",
        err_completed_only_done: "Kosongkan: hanya tonggak yang selesai yang memiliki tanggal selesai.",
        err_min_coverage: "Isi bilangan bulat dari 1 sampai 100.",
        min_coverage: "Cakupan minimum (% organisasi yang ditugaskan)",
        computed_from: "Dihitung dari",
        computed_from_none: "Tidak dihitung: organisasi melaporkannya",
        computed_from_ghg_inventory: "Inventaris gas rumah kaca",
        computed_from_material_ledger: "Buku besar aliran material",
        computed_from_help: "Indikator terhitung mengambil angka resminya dari data aktivitas yang disetujui, tidak pernah dari laporan yang diketik: tidak ada yang diminta melaporkannya, dan indikator ini tidak dapat ditugaskan.",
        err_name_too_long: "Terlalu panjang: paling banyak 200 karakter.",
        err_text_too_long: "Terlalu panjang: paling banyak 5.000 karakter.",
        err_target_range: "Bukan angka yang dapat dicapai indikator ini: persentase antara 0 dan 100, jumlah tidak negatif.",
        submit_title: "Laporkan angka Anda",
        submit_intro: "Periode setiap indikator yang ditugaskan: periode yang sudah ditutup wajib dilaporkan (terlambat setelah masa tenggang), periode berjalan dapat disiapkan. Buka baris untuk melaporkannya.",
        indicator: "Indikator",
        period: "Periode",
        last_value: "Nilai terakhir",
        status: "Status",
        open_period: "terbuka (periode berjalan)",
        confirm_reading: "Ya, maksud saya angka seperti yang dibaca di atas",
        late_tag: "terlambat",
        manager_note: "Catatan manajer",
        nothing_due: "Belum ada indikator yang ditugaskan ke organisasi Anda.",
        nav_submit: "Laporkan angka",
        nav_review: "Tinjauan",
        nav_structure: "Struktur program",
        value: "Nilai",
        numerator: "Pembilang",
        denominator: "Penyebut",
        stage: "Tahap yang dicapai",
        narrative: "Uraian",
        data_quality: "Kualitas data",
        comment: "Komentar untuk peninjau",
        save_draft: "Simpan sebagai draf",
        submit_for_review: "Kirim untuk ditinjau",
        saved_draft: "Disimpan sebagai draf. Kirim jika sudah lengkap.",
        submitted_notice: "Terkirim untuk ditinjau. Manajer program akan menyetujui atau mengembalikannya dengan catatan.",
        read_only_approved: "Laporan ini sudah disetujui dan dikunci. Manajer program dapat membukanya kembali.",
        read_only_submitted: "Laporan ini menunggu tinjauan. Anda dapat mengubahnya lagi jika dikembalikan.",
        returned_for_correction: "Dikembalikan untuk diperbaiki",
        stored_figure: "Angka tersimpan",
        history: "Riwayat laporan ini",
        back_to_due: "Kembali ke daftar laporan",
        report_not_saved: "Tidak ada yang disimpan.",
        review_title: "Tinjau laporan yang dikirim",
        review_intro: "Setiap angka yang dikirim di samping periode sebelumnya yang disetujui dan angka kawasan pada periode yang sama. Centang beberapa untuk menyetujui atau mengembalikannya sekaligus; pengembalian memerlukan catatan.",
        filter: "Saring",
        any: "semua",
        queue_empty: "Tidak ada yang menunggu tinjauan untuk saringan ini.",
        select: "Pilih",
        figure: "Angka",
        previous: "Periode sebelumnya yang disetujui",
        park_figure: "Angka kawasan, periode sama",
        share_of_park: "Porsi dalam angka kawasan",
        parts: "Pembilang dan penyebut",
        share_hint: "bobot laporan ini (penyebutnya, atau nilainya bila angka dijumlahkan) dibanding total periode dari laporan yang disetujui dan laporan ini",
        park_with: "Angka kawasan dengan laporan ini",
        park_without: "Angka kawasan tanpa laporan ini",
        submitted_by: "Dikirim oleh",
        note: "Catatan untuk organisasi (wajib untuk mengembalikan)",
        approve: "Setujui",
        return_report: "Kembalikan untuk diperbaiki",
        approved_notice: "Disetujui: angka kini masuk ke angka resmi.",
        returned_notice: "Dikembalikan ke organisasi dengan catatan Anda.",
        reopened_notice: "Dibuka kembali: laporan kembali ke organisasi sebagai dikembalikan.",
        err_nothing_ticked: "Centang sedikitnya satu laporan.",
        review_one: "Tinjau laporan ini",
        reopen_title: "Buka kembali laporan yang disetujui ini",
        reopen_reason: "Alasan membuka kembali (wajib)",
        reopen: "Buka kembali",
        history_title_obs: "Riwayat",
        version: "Versi",
        action: "Perubahan",
        view_history: "Setiap versi laporan ini",
        grid_title: "Semua indikator yang wajib untuk",
        grid_intro: "Isi baris yang angkanya tersedia; baris kosong dibiarkan. Semua disimpan bersama atau tidak sama sekali.",
        grid_links: "Isi satu periode sekaligus",
        err_nothing_typed: "Isi sedikitnya satu angka.",
        err_form_action: "Pilih “Simpan sebagai draf” atau “Kirim untuk ditinjau”.",
        err_form_version: "Formulir ini tidak menyebut versi laporan yang menjadi dasar isiannya, sehingga dapat menimpa versi yang lebih baru. Muat ulang halaman, periksa angkanya, lalu simpan lagi.",
        back: "Kembali",
        matrix_conflict: "Orang lain mengubah penugasan ini sejak Anda membuka halaman; centang Anda tetap di bawah. Yang berubah:",
        unusual: "tidak biasa: jauh dari periode sebelumnya",
        remove_archives: |observations, targets, assignments| {
            format!(
                "Indikator ini dirujuk oleh {observations} laporan, {targets} target dan {assignments} penugasan: indikator akan diarsipkan, bukan dihapus. Datanya tetap dan dapat dipulihkan."
            )
        },
        organisations_count: |n| format!("{n} organisasi"),
    },
    report: ReportStrings {
        nav: "Laporan",
        title: |period| format!("Laporan kemajuan · {period}"),
        for_committee: "Untuk komite pengarah program",
        period: "Periode",
        data_taken: "Data diambil pada",
        figures_basis: "Hanya angka resmi tingkat kawasan: laporan yang disetujui, dan setiap angka baru dinilai bila cukup banyak organisasi yang ditugaskan telah melapor. Angka milik satu organisasi tidak muncul dalam laporan ini.",
        print_hint: "Untuk menyimpan PDF, cetak halaman ini dari peramban dan pilih “Simpan sebagai PDF”.",
        other_periods: "Laporan lain",
        at_a_glance: "Sekilas program",
        pillar_by_status: |pillar| format!("Indikator {pillar} menurut status"),
        narrative: "Narasi pengelola",
        no_narrative: "Belum ada narasi untuk pilar dan periode ini.",
        narrative_version: |version, who, date| format!("Versi {version} · {who} · {date}"),
        write_narrative: "Tulis atau ubah narasi",
        status_on: |date| format!("Status per {date}"),
        no_indicators: "Pilar ini belum memiliki indikator.",
        milestones: "Tonggak",
        milestones_reached: "Tercapai dalam periode",
        milestones_late: "Terlambat pada akhir periode",
        none_reached: "Tidak ada tonggak yang tercapai dalam periode ini.",
        none_late: "Tidak ada tonggak yang terlambat.",
        compliance: "Kepatuhan pelaporan",
        compliance_intro: "Laporan yang diharapkan dari organisasi yang ditugaskan untuk periode laporan ini yang sudah berakhir, sebagaimana keadaannya pada hari data diambil.",
        reports_expected: "Diharapkan",
        reports_on_time: "Tepat waktu",
        reports_late: "Terlambat",
        no_reports_due: "Belum ada laporan yang jatuh tempo dalam periode ini.",
        data_notes: "Catatan tentang data",
        data_notes_intro: "Hal yang perlu diketahui pembaca sebelum mengutip angka dari laporan ini.",
        incomplete_in: |code, period| format!("{code}, {period}: "),
        estimated: |code, n| format!("{code}: {n} laporan yang disetujui merupakan perkiraan."),
        restated: |code, n| {
            format!(
                "{code}: {n} laporan yang disetujui dinyatakan ulang (dibuka kembali lalu disetujui lagi)."
            )
        },
        no_data_notes: "Tidak ada catatan: setiap angka mencakup cukup banyak organisasi di kawasan, dan tidak ada yang berupa perkiraan atau dinyatakan ulang.",
        period_unreadable: |label| {
            format!(
                "“{label}” bukan periode laporan: tulis tahun seperti 2026 atau triwulan seperti 2026-Q3."
            )
        },
        narrative_title: |pillar, period| format!("Narasi {pillar} · {period}"),
        narrative_help: "Apa yang perlu dibaca komite pengarah di samping angka: kemajuan, kendala, langkah berikutnya. Setiap versi disimpan.",
        narrative_field: "Narasi",
        save_narrative: "Simpan narasi",
        back_to_report: "Kembali ke laporan",
        history: "Versi sebelumnya",
        no_history: "Belum ada yang disimpan.",
        narrative_saved: "Narasi telah disimpan.",
        narrative_stale: |version| {
            format!(
                "Seseorang menyimpan versi {version} saat Anda menulis. Teks Anda tetap ada di bawah; baca versi mereka di riwayat, lalu simpan lagi."
            )
        },
        narrative_too_long: |max| format!("Narasi paling banyak {max} karakter."),
        pdf_title: "Tidak ada PDF dari server",
        pdf_explained: "Pilar tidak membuat PDF di server: halaman laporan sudah ditata untuk dicetak, dan “Cetak → Simpan sebagai PDF” di peramban Anda menghasilkan dokumen yang sama, dengan pemisah halaman yang sama.",
        open_report: "Buka laporan",
    },
    exports: ExportStrings {
        download_xlsx: "Unduh tabel ini (.xlsx)",
        download_results: "Buku kerja kerangka hasil (.xlsx)",
        about_sheet: "Tentang",
        what_label: "Isi berkas ini",
        program_label: "Program",
        period_label: "Periode",
        made_label: "Dibuat pada",
        data_label: "Data",
        coverage_label: "Aturan cakupan",
        filters_label: "Filter",
        rows_label: "Baris",
        no_filter: "tidak ada",
        official_data: "Hanya angka resmi: laporan yang disetujui, digabung antarorganisasi menurut aturan agregasi setiap indikator. Laporan yang diajukan, draf, dan dikembalikan tidak dihitung.",
        coverage_rule: "Angka kawasan menghitung organisasi yang laporannya disetujui terhadap organisasi yang ditugasi indikator tersebut. Di bawah cakupan minimum indikator, angka ditandai tidak lengkap dan tidak pernah dinilai.",
        year_period: |year, today| format!("Tahun {year}: periode yang ditutup sampai {today}"),
        results_title: "Kerangka hasil",
        results_what: "Tabel pemantauan kinerja indikator: per pilar, nilai dasar setiap indikator, target tahunan, angka resmi per periode beserta cakupan dan statusnya, dan capaian tahun berjalan.",
        summary_sheet: "Ringkasan",
        pillar: "Pilar",
        indicators: "Indikator",
        code: "Kode",
        indicator: "Indikator",
        unit: "Satuan",
        frequency: "Frekuensi",
        baseline_year: "Tahun dasar",
        baseline: "Nilai dasar",
        target_for: |year| format!("Target {year}"),
        value: "Nilai",
        coverage: "Cakupan",
        status: "Status",
        incomplete: "Tidak lengkap, tidak dinilai",
        year_to_date: "Tahun berjalan",
        status_year_to_date: "Status (tahun berjalan)",
        judged_on: "Dinilai atas",
        reporting_title: "Kepatuhan pelaporan",
        reporting_what: "Siapa melaporkan apa: laporan yang wajib dari setiap organisasi per periode, keadaan terburuk setiap sel, serta laporan yang terlambat dan belum ada.",
        review_title: "Antrean tinjauan",
        review_what: "Laporan yang diajukan dan menunggu tinjauan, sesuai filter di halaman.",
        own_reports_title: "Laporan kami",
        own_reports_what: "Laporan terakhir organisasi Anda untuk setiap indikator yang ditugaskan, di samping angka kawasan bila sedikitnya tiga organisasi berkontribusi.",
        audit_title: "Log audit",
        audit_what: "Setiap perubahan yang tercatat, terbaru lebih dulu, sesuai filter di halaman.",
        organisation_code: "Kode organisasi",
        organisation: "Organisasi",
        numerator: "Pembilang",
        denominator: "Penyebut",
        comment: "Komentar",
        submitted_by: "Diajukan oleh",
        park_value: "Angka kawasan",
        withheld: |n| format!("dirahasiakan (kurang dari {n} organisasi berkontribusi)"),
        review_note: "Catatan tinjauan",
        late: "Terlambat",
        missing: "Belum ada",
        when_utc: "Waktu (UTC)",
        actor_kind: "Jenis pelaku",
        actor: "Pelaku",
        action: "Tindakan",
        entity: "Entitas",
        entity_name: "Nama",
        entity_id: "Id",
        changes: "Perubahan",
        reason: "Alasan",
        request_id: "Id permintaan",
        client_address: "Alamat klien",
    },
    notifications: NotificationStrings {
        recorded: "id",
        months: [
            "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
        ],
        quarter: |q, year| {
            let roman = ["I", "II", "III", "IV"];
            format!("TW {} {year}", roman[(q.clamp(1, 4) - 1) as usize])
        },
        half: |h, year| format!("Semester {} {year}", if h == 1 { "I" } else { "II" }),
        greeting: |name| format!("Halo {name},"),
        digest_subject: |n| format!("Pilar: {n} hal memerlukan perhatian Anda"),
        digest_intro: "Berikut perubahan di Pilar yang menyangkut Anda.",
        due_heading: "Laporan yang akan jatuh tempo",
        due_line: |indicator, period, due| format!("{indicator}, {period}: jatuh tempo {due}"),
        late_heading: "Laporan yang kini terlambat",
        late_line: |indicator, period, due| {
            format!("{indicator}, {period}: jatuh tempo {due}, belum dikirim")
        },
        submit_link: "Laporkan di Pilar",
        returned_heading: "Laporan yang dikembalikan untuk diperbaiki",
        returned_line: |indicator, period, note| {
            format!("{indicator}, {period}: dikembalikan dengan catatan “{note}”")
        },
        reviews_heading: "Laporan yang menunggu tinjauan Anda",
        reviews_line: |reports, organisations, oldest| {
            format!(
                "{reports} laporan dari {organisations} organisasi menunggu tinjauan; yang tertua dikirim pada {oldest}."
            )
        },
        review_link: "Buka antrean tinjauan",
        weekly_heading: "Pekan Anda di Pilar",
        weekly_lines: |received, approved, returned, waiting, milestones| {
            vec![
                format!("{received} laporan masuk pekan ini."),
                format!("{approved} disetujui, {returned} dikembalikan untuk diperbaiki."),
                format!("{waiting} menunggu tinjauan."),
                format!("{milestones} tonggak capaian jatuh tempo dalam 30 hari ke depan."),
            ]
        },
        milestones_heading: "Tonggak capaian yang lewat jatuh tempo",
        milestone_line: |code, title, due| format!("{code} {title}: jatuh tempo {due}"),
        timeline_link: "Buka linimasa",
        flagged_heading: "Transfer material yang ditandai",
        flagged_difference: |what, sent, received, share| {
            format!(
                "{what}: {sent} dikirim, {received} dikonfirmasi ({share}), melewati toleransi 2 %"
            )
        },
        flagged_disputed: |what, sent, note| {
            format!("{what}: {sent} dikirim, disanggah oleh penerima: “{note}”")
        },
        flagged_unanswered: |what, sent, recorded| {
            format!(
                "{what}: {sent} dikirim, dicatat pada {recorded}, belum dikonfirmasi atau disanggah setelah 30 hari"
            )
        },
        flows_link: "Buka aliran material",
        number_marks: ('.', ','),
        settings_footer: "Anda menerima pesan ini sesuai pengaturan notifikasi Anda di Pilar.",
        settings_link: "Ubah seberapa sering Pilar menulis kepada Anda",
        reset_subject: "Pilar: buat kata sandi baru",
        reset_body: |minutes| {
            format!(
                "Seseorang (semoga Anda) meminta kata sandi baru untuk akun Pilar Anda. Tautan di bawah ini hanya berlaku sekali, selama {minutes} menit."
            )
        },
        reset_ignore: "Jika Anda tidak memintanya, abaikan pesan ini: kata sandi Anda tetap seperti semula.",
        changed_subject: "Pilar: kata sandi Anda telah diubah",
        changed_body: "Kata sandi akun Pilar Anda baru saja diubah, dan sesi Anda yang lain telah diakhiri. Jika bukan Anda yang mengubahnya, segera minta administrator Pilar mengamankan akun Anda.",
        forgot_link: "Lupa kata sandi?",
        forgot_title: "Lupa kata sandi",
        forgot_intro: "Ketik alamat e-mail akun Anda: kami mengirim tautan untuk membuat kata sandi baru, yang berlaku sekali dalam satu jam.",
        forgot_button: "Kirim tautan",
        forgot_sent: "Jika ada akun dengan alamat ini, tautan untuk membuat kata sandi baru sedang dikirim ke sana. Tautan berlaku sekali dalam satu jam.",
        forgot_throttled: "Terlalu banyak permintaan dari sini: coba lagi dalam 15 menit.",
        reset_title: "Buat kata sandi baru",
        reset_intro: "Pilih kata sandi baru (paling sedikit 12 karakter). Sesi Anda di tempat lain akan berakhir.",
        reset_button: "Simpan kata sandi",
        reset_invalid: "Tautan ini tidak berlaku: sudah dipakai atau sudah kedaluwarsa. Mintalah tautan baru.",
        reset_done: "Kata sandi Anda sudah diatur. Masuklah dengan kata sandi itu.",
        new_password: "Kata sandi baru",
        repeat_password: "Ulangi kata sandi baru",
        settings_title: "Notifikasi",
        settings_intro: "Seberapa sering Pilar menulis e-mail kepada Anda, untuk setiap jenis pesan. Pemberitahuan kata sandi selalu dikirim.",
        settings_save: "Simpan",
        settings_saved: "Pengaturan notifikasi Anda tersimpan.",
        settings_link_invalid: "Tautan ini sudah tidak berlaku. Masuklah dan ubah pengaturan di halaman akun Anda.",
        reports_due: "Laporan yang akan jatuh tempo atau terlambat",
        report_returned: "Laporan yang dikembalikan untuk diperbaiki",
        reviews_waiting: "Laporan yang menunggu tinjauan",
        weekly_summary: "Ringkasan mingguan",
        milestone_overdue: "Tonggak capaian yang lewat jatuh tempo",
        transfer_flagged: "Transfer material yang ditandai",
        immediately: "Segera",
        daily: "Ringkasan harian",
        weekly: "Ringkasan mingguan",
        never: "Tidak pernah",
        inbox_nav: "Notifikasi",
        inbox_unread: |n| format!("{n} belum dibaca"),
        inbox_title: "Notifikasi Anda",
        inbox_intro: "Apa yang telah diberitahukan Pilar kepada Anda, yang terbaru di atas — baik yang juga sampai lewat e-mail maupun tidak.",
        inbox_empty: "Belum ada yang perlu diberitahukan.",
        inbox_new: "Baru",
        inbox_mark_read: "Tandai sudah dibaca",
        inbox_mark_all_read: "Tandai semua sudah dibaca",
        inbox_settings: "Seberapa sering Pilar mengirim e-mail kepada Anda",
        inbox_account_link: "Buka akun Anda",
        inbox_reset_heading: "Permintaan kata sandi baru",
        inbox_reset_line: "Tautan untuk membuat kata sandi baru diminta dari halaman masuk. Jika bukan Anda yang memintanya, tidak ada yang berubah selama tautan itu tidak dipakai; tautan kedaluwarsa dalam satu jam.",
        inbox_changed_heading: "Kata sandi diubah",
        outbox_title: "Kotak keluar",
        outbox_about: "e-mail yang dikirim Pilar: yang sudah terkirim, yang menunggu, yang gagal, dan pengiriman ulang",
        outbox_intro: "Pesan terbaru, yang terbaru di atas. Pesan yang gagal, atau yang menunggu setelah percobaan yang gagal, dapat dikirim ulang: pesan itu berangkat pada putaran berikutnya (dalam satu menit).",
        outbox_empty: "Tidak ada pesan.",
        outbox_filter: "Status",
        outbox_all: "Semua",
        outbox_show: "Tampilkan",
        outbox_to: "Kepada",
        outbox_subject: "Perihal",
        outbox_status: "Status",
        outbox_attempts: "Percobaan",
        outbox_created: "Ditulis",
        outbox_next_try: "Percobaan berikutnya",
        outbox_sent_at: "Terkirim",
        outbox_error: "Galat terakhir",
        outbox_resend: "Kirim ulang",
        outbox_retry_now: "Coba lagi sekarang",
        outbox_requeued: |id| {
            format!("Pesan {id} masuk antrean lagi: pesan itu berangkat pada putaran berikutnya.")
        },
        outbox_not_resendable: "Pesan ini sudah terkirim atau sedang dalam perjalanan: tidak ada yang berubah.",
        status_queued: "Dalam antrean",
        status_sent: "Terkirim",
        status_logged: "Dicatat di log (tanpa server surel)",
        status_failed: "Gagal",
    },
    imports: ImportStrings {
        title: "Impor",
        intro: "Unggah laporan organisasi Anda sebagai buku kerja (.xlsx) atau berkas CSV: satu baris per indikator dan periode. Setiap baris diperiksa dengan aturan yang sama seperti formulir dan API; tidak ada yang disimpan sebelum Anda menyimpannya, lalu semua baris disimpan atau tidak sama sekali.",
        template: "Unduh templat (.xlsx)",
        template_intro: "Templat memuat laporan Anda yang jatuh tempo dan yang dikembalikan, dengan nama indikator, periode, satuan, dan apa yang perlu diisi di setiap baris. Isi angkanya lalu unggah di sini.",
        file: "Berkas (.xlsx atau .csv)",
        file_hint: |size, rows| {
            format!(
                "Paling besar {size} dan {rows} baris. CSV: UTF-8, dipisahkan koma atau titik koma; angka yang diketik sebagai teks dibaca menurut cara bahasa halaman ini menulisnya."
            )
        },
        organisation: "Organisasi",
        upload: "Periksa berkas",
        preview_title: "Pratinjau impor",
        preview_of: |file, organisation| format!("{file}, laporan {organisation}"),
        counts: |rows, created, changed, unchanged| {
            format!(
                "{rows} baris: {created} baru, {changed} berubah, {unchanged} sudah tersimpan apa adanya."
            )
        },
        skipped: |n| format!("{n} baris yang tidak diisi dilewati."),
        all_pass: "Semua baris lolos. Tidak ada yang disimpan sebelum Anda menyimpannya.",
        problems_intro: |n| {
            format!("{n} masalah: perbaiki di berkas lalu unggah lagi. Tidak ada yang disimpan.")
        },
        row: "Baris",
        column: "Kolom",
        read: "Terbaca",
        problem: "Masalah",
        whole_row: "(baris ini)",
        commit: "Simpan laporan ini",
        committed: "Tersimpan. Menyimpan lagi tidak menyimpan apa pun dua kali.",
        see_reports: "Lihat laporan Anda",
        upload_another: "Unggah berkas lain",
        file_problem: |problem, size, rows| {
            match problem {
            FileProblem::Empty => "Berkas ini kosong.".into(),
            FileProblem::TooLarge { .. } => format!("Berkas lebih besar dari {size}; bagi menjadi beberapa berkas."),
            FileProblem::TooManyRows { .. } => format!("Berkas memuat lebih dari {rows} baris; bagi menjadi beberapa berkas."),
            FileProblem::NotReadable => "Ini bukan buku kerja .xlsx atau berkas CSV UTF-8. Simpan dari lembar kerja Anda sebagai .xlsx atau \"CSV UTF-8\".".into(),
            FileProblem::NoSheet => "Lembar pertama buku kerja tidak dapat dibaca.".into(),
            FileProblem::NoHeader => "Tidak ada baris judul dengan kolom \"indicator\" dalam 10 baris pertama. Mulailah dari templat, atau beri nama kolom seperti di docs/import.md.".into(),
            FileProblem::NoRows => "Berkas memiliki baris judul tetapi tidak ada baris di bawahnya.".into(),
            FileProblem::NoHeaderWith(column) => format!("Tidak ada baris judul dengan kolom \"{column}\" dalam 10 baris pertama. Mulailah dari templat, atau beri nama kolom seperti di docs/import.md."),
        }
        },
        unknown_column: "Pilar tidak membaca kolom ini. Hapus, atau beri nama seperti di templat.",
        not_a_date: "Bukan tanggal: tulis hari pertama periode sebagai 2026-10-01, atau gunakan sel tanggal.",
        ambiguous: |typed, reading| {
            format!(
                "“{typed}” dapat dibaca dua cara (bahasa ini membacanya {reading}); berkas tidak dapat mengonfirmasinya, jadi tulis tanpa pemisah ribuan."
            )
        },
        duplicate: |first| format!("Indikator dan periode yang sama dengan baris {first}."),
        other_organisation: |named| {
            format!("Baris ini menyebut {named}: satu berkas hanya memuat laporan satu organisasi.")
        },
        unknown_organisation: |code| format!("Tidak ada organisasi dengan kode {code:?}."),
        choose_organisation: "Pilih organisasi yang laporannya ada di berkas.",
        sheet_name: "Laporan",
        column_label: |column| match column {
            "organisation" => "Organisasi",
            "indicator" => "Indikator",
            "name" => "Nama",
            "period" => "Periode",
            "period_start" => "Hari pertama periode",
            "unit" => "Satuan",
            "needs" => "Yang perlu diisi",
            "current_status" => "Status saat ini",
            "value" => "Nilai",
            "numerator" => "Pembilang",
            "denominator" => "Penyebut",
            "stage" => "Tahap",
            "text" => "Teks",
            "data_quality" => "Kualitas data",
            "comment" => "Komentar",
            "evidence_url" => "Tautan bukti",
            "status" => "Simpan sebagai",
            _ => "",
        },
        needs: |kind| match kind {
            IndicatorKind::Quantity => "nilai",
            IndicatorKind::Count => "nilai (bilangan bulat)",
            IndicatorKind::Percentage => "pembilang dan penyebut (pembilang ≤ penyebut)",
            IndicatorKind::Ratio => "pembilang dan penyebut",
            IndicatorKind::Milestone => "tahap (pilih dari daftar)",
            IndicatorKind::Qualitative => "teks",
        },
        template_note: "Isi kolom putih; biarkan kolom abu-abu dan dua baris judul apa adanya. Draf membuat laporan tetap dapat diubah; diajukan mengirimkannya untuk ditinjau.",
        structure: ImportStructureStrings {
            kind: "Isi berkas",
            kind_label: |kind| match kind {
                ImportKind::Reports => "Laporan satu organisasi",
                ImportKind::Targets => "Target dan nilai dasar",
                ImportKind::Assignments => "Penugasan",
                ImportKind::Activity => "Data aktivitas GRK",
                ImportKind::Ledger => "Neraca aliran material",
            },
            organisation_hint: "Hanya untuk berkas laporan: laporan organisasi mana yang dimuatnya.",
            targets_template: "Templat target dan nilai dasar (.xlsx)",
            assignments_template: "Templat penugasan (.xlsx)",
            templates_intro: "Templat target memuat setiap indikator katalog dengan nilai dasarnya dan satu baris per tahun program, diisi dengan yang tersimpan; ubah angkanya dan sebutkan alasannya. Templat penugasan memuat siapa melaporkan apa saat ini; tambahkan satu baris untuk setiap penugasan baru.",
            preview_of: |file, kind, program| format!("{file}, {kind}, program {program}"),
            see_targets: "Lihat indikator dan targetnya",
            see_assignments: "Lihat penugasan",
            what_label: |code| match code {
                "baseline" => "Nilai dasar",
                _ => "Target",
            },
            first_baseline_reason: "nilai dasar pertama",
            required: "Isi sel ini.",
            unknown_indicator: "Tidak ada indikator katalog dengan kode ini (atau indikator itu diarsipkan).",
            unknown_organisation: "Tidak ada organisasi dengan kode ini (atau organisasi itu diarsipkan).",
            not_target_or_baseline: "Tulis Target atau Nilai dasar (atau kosongkan untuk target).",
            reason_needed: "Baris ini mengubah angka yang tersimpan: sebutkan alasannya di kolom alasan; alasan itu disimpan dalam riwayat.",
            park_level: "Indikator tingkat kawasan (dilaporkan sekali untuk seluruh kawasan) hanya ditugaskan kepada kantor kawasan.",
            computed_indicator: "Indikator ini dihitung dari data aktivitas yang disetujui: tidak ada yang melaporkannya, jadi tidak ditugaskan kepada siapa pun.",
            not_a_start_date: "Bukan tanggal: tulis hari pertama sebagai 2026-01-01, atau gunakan sel tanggal.",
            changed_meanwhile: "Data ini sudah diubah orang lain: unggah berkas lagi agar diperiksa terhadap data yang tersimpan sekarang.",
            targets_sheet: "Target",
            assignments_sheet: "Penugasan",
            targets_note: "Satu baris per indikator dan tahun. Ubah nilai di kolom putih dan sebutkan alasannya di kolom alasan (target atau nilai dasar pertama tidak memerlukannya); nilai yang kosong membuat baris dilewati. Baris Nilai dasar menetapkan nilai dasar indikator dan tahunnya. Baris yang sama dengan yang tersimpan tidak mengubah apa pun.",
            assignments_note: "Satu baris per organisasi dan indikator: kode organisasi, kode indikator, dan sejak hari apa laporan diharapkan (periode pertama adalah periode pertama yang berakhir pada hari itu atau sesudahnya). Baris yang sudah ditugaskan tidak mengubah apa pun; berkas tidak pernah mencabut penugasan (gunakan matriks penugasan).",
            column_label: |column| match column {
                "what" => "Target atau nilai dasar",
                "year" => "Tahun",
                "reason" => "Alasan perubahan",
                "stored" => "Tersimpan sekarang",
                "organisation_name" => "Nama organisasi",
                "starts_on" => "Laporan diharapkan sejak",
                _ => "",
            },
        },
        activity: ImportActivityStrings {
            template_xlsx: "Templat data aktivitas (.xlsx)",
            template_csv: "Templat data aktivitas (.csv)",
            template_intro: "Untuk inventarisasi gas rumah kaca: satu baris per bulan dan aktivitas (bahan bakar yang dibakar, karbon proses, karbonat, energi yang dibeli atau dikirim, nikel yang diproduksi), diperiksa dengan aturan formulir aktivitas dan API. Baris draf dan baris yang dikembalikan sudah terisi beserta id-nya: perbaiki di tempat. Baris yang sudah tersimpan tidak disimpan lagi.",
            see_activity: "Lihat data aktivitas",
            sheet_name: "Data aktivitas",
            note: "Satu baris per bulan dan aktivitas. month: hari pertama bulan (2026-03-01). kind: apa yang dicatat baris itu; lalu quantity (bahan bakar dalam satuannya, ton karbon masuk, ton yang dikalsinasi, MWh, ton nikel terkandung) dan hanya kolom yang dipakai jenis itu: fuel, unit (t atau l) dan ncv (GJ/t, terukur, jika tidak ada kosongkan) untuk bahan bakar; carbon_out untuk karbon proses; carbonate; carrier dan counterparty (kode organisasi kawasan, atau GRID) untuk energi. Biarkan id dan version pada baris yang Anda perbaiki; kosongkan untuk baris baru. Baris yang sama dengan yang sudah tersimpan tidak disimpan lagi.",
            unknown_row: "Tidak ada baris aktivitas organisasi Anda dengan id ini: kosongkan id dan version untuk menambah baris baru.",
            same_row_twice: |first| format!("Baris aktivitas yang sama dengan baris {first}."),
            no_park: "Organisasi Anda tidak termasuk kawasan mana pun, sehingga tidak ada inventarisasi gas rumah kaca untuk data aktivitasnya.",
            column_label: |column| match column {
                "month" => "Bulan (hari pertama)",
                "kind" => "Aktivitas",
                "quantity" => "Jumlah",
                "fuel" => "Bahan bakar",
                "unit" => "Satuan (t atau l)",
                "ncv" => "NCV terukur (GJ/t)",
                "carbon_out" => "Karbon keluar (t C)",
                "carbonate" => "Karbonat",
                "carrier" => "Listrik atau uap",
                "counterparty" => "Pemasok atau pelanggan (kode, atau GRID)",
                "comment" => "Komentar",
                "status" => "Simpan sebagai",
                "id" => "Id baris (jangan diubah)",
                "version" => "Versi (jangan diubah)",
                "current_status" => "Status saat ini",
                "organisation" => "Organisasi",
                _ => "",
            },
        },
        ledger: ImportLedgerStrings {
            template: "Templat neraca (.xlsx)",
            csv_months: "bulan neraca (.csv)",
            csv_transfers: "pengiriman (.csv)",
            template_intro: "Templat neraca memuat bulan-bulan material Anda yang belum diajukan, masing-masing dengan angka yang sudah tersimpan, serta pengiriman yang Anda kirim pada bulan-bulan itu. Isi setiap bulan (dan penjelasan di komentar bila tidak seimbang), tambahkan satu baris per pengiriman, lalu unggah di sini dengan memilih \u{201c}Neraca aliran material\u{201d}.",
            preview_of: |file, organisation| {
                format!("{file}, neraca aliran material {organisation}")
            },
            commit: "Simpan bulan dan pengiriman ini",
            see_ledger: "Lihat neraca Anda",
            months_sheet: "Neraca",
            transfers_sheet: "Pengiriman",
            materials_list: "Daftar material",
            receivers_list: "Daftar penerima",
            note: "Neraca: satu baris per material dan bulan. Stok awal + dihasilkan + diterima harus sama dengan dimanfaatkan di lokasi + dikirim + dibuang + stok akhir (dalam 0,5 %); bulan yang tidak seimbang hanya dapat diajukan dengan komentar yang menjelaskan sebabnya. Stok awal hanya diperlukan untuk bulan pertama suatu material. Pengiriman: satu baris per muatan yang Anda kirim; penerima mengonfirmasi atau menyanggahnya di neracanya. Baris yang sama dengan yang tersimpan tidak mengubah apa pun; baris kosong dilewati.",
            column_label: |column| match column {
                "material" => "Material",
                "month" => "Bulan (TTTT-BB)",
                "opening" => "Stok awal (bulan pertama saja)",
                "generated" => "Dihasilkan",
                "received" => "Diterima dari pihak lain",
                "used_on_site" => "Dimanfaatkan di lokasi",
                "sent" => "Dikirim ke pihak lain",
                "disposed_landfill" => "Penimbunan (landfill)",
                "disposed_storage" => "Penyimpanan terekayasa",
                "disposed_sea" => "Penempatan di laut",
                "closing" => "Stok akhir",
                "receiver" => "Penerima",
                "receiver_name" => "Nama penerima",
                "quantity" => "Jumlah",
                "intended_use" => "Tujuan penggunaan",
                "state" => "Jawaban penerima",
                _ => "",
            },
        },
    },
    workflow: WorkflowStrings {
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
    },
    ghg: GhgStrings {
        computed_note: "Dihitung dari inventaris gas rumah kaca kawasan: data aktivitas yang disetujui × faktor emisi berversi, listrik captive dihitung sekali. Tidak ada yang melaporkan indikator ini; laporan yang diketik sebelum indikator ini dihitung tidak dihitung dan ditampilkan sebagai digantikan.",
        computed_link: "Lihat cara menghitungnya: inventaris gas rumah kaca",
        superseded_by_computation: "Digantikan oleh perhitungan",
        nav: "Emisi",
        title: "Inventaris gas rumah kaca",
        intro: "Dihitung dari data aktivitas yang disetujui (bahan bakar, karbon proses, karbonat, listrik dan uap yang dibeli dan disalurkan, nikel yang diproduksi) dengan faktor emisi berversi. Cakupan 2 berbasis lokasi. Kawasan menghitung pembangkit captive sekali saja: Cakupan 1 pembangkit sudah memuat listrik yang dijualnya ke tetangga.",
        period: "Periode",
        show: "Tampilkan",
        title_for: |period| format!("Inventaris gas rumah kaca, {period}"),
        no_inventory: "Belum ada inventaris yang dihitung untuk periode ini.",
        park_total: "Total kawasan",
        park_total_explained: "Σ Cakupan 1 setiap organisasi + Cakupan 2 dari luar kawasan (jaringan PLN).",
        scope1: "Cakupan 1",
        scope2_grid: "Cakupan 2, jaringan",
        scope2_captive: "Cakupan 2, pembangkit captive",
        nickel: "Nikel terkandung (t)",
        intensity: "t CO2e per t Ni",
        t_co2e: "t CO2e",
        chart_title: "Emisi kawasan per bulan dan sumber",
        chart_aria: |period| {
            format!(
                "Batang bertumpuk: emisi kawasan dalam t CO2e per bulan dan sumber, {period}; pembangkit captive dihitung sekali"
            )
        },
        by_scope_source_gas: "Per cakupan, sumber dan gas (t CO2e)",
        scope: "Cakupan",
        source: "Sumber",
        total: "Total",
        not_added: "tidak ditambahkan ke total kawasan: sudah termasuk dalam Cakupan 1 pembangkit captive",
        reconciliation: "Menghitung pembangkit captive sekali",
        reconciliation_intro: "Jumlah Cakupan 1 + 2 menurut masing-masing organisasi menghitung emisi pembangkit captive dua kali: sebagai Cakupan 1 pembangkit dan sebagai Cakupan 2 pelanggannya. Mengurangkan penyaluran captive sekali menghasilkan total kawasan.",
        organisation: "Organisasi",
        reported_sum: "Σ Cakupan 1 + 2 menurut masing-masing organisasi",
        counted_twice: "− penyaluran captive yang terhitung dua kali",
        equals_park_total: "= total kawasan",
        intensity_by_route: "Intensitas per jalur proses",
        intensity_intro: "Σ Cakupan 1 + 2 produsen jalur itu (termasuk listrik captive) ÷ nikel terkandung mereka, di samping rentang yang dipublikasikan untuk jalur itu.",
        route: "Jalur proses",
        organisations: "Organisasi",
        reference_range: "Rentang publikasi",
        within_range: "di dalam",
        outside_range: "di luar",
        park: "Kawasan (captive sekali)",
        park_withheld: "Angka kawasan ditampilkan bila sedikitnya tiga organisasi berkontribusi.",
        target_path: "Target CE-01",
        inventories_used: "Inventaris dan versi faktor",
        quarter: "Triwulan",
        factor_set: "Set faktor",
        gwp_set: "GWP",
        computed: "Dihitung",
        reason: "Alasan",
        activity_rows: "Baris aktivitas",
        superseded: "digantikan",
        current: "berlaku",
        history: "Riwayat",
        gaps: "Tidak dihitung",
        gap_no_factor: |id| {
            format!("Baris aktivitas {id}: set faktor tidak memiliki faktor untuknya.")
        },
        gap_plant: |id, plant| {
            format!(
                "Baris aktivitas {id}: dibeli dari {plant}, yang tidak memiliki penyaluran disetujui pada bulan itu."
            )
        },
        recompute: "Hitung ulang",
        recompute_intro: "Hitung ulang satu triwulan dengan versi set faktor dan set GWP. Inventaris yang digantikan tetap ada dalam riwayat.",
        recomputed_notice: "Inventaris telah dihitung ulang; yang sebelumnya tetap ada dalam riwayat.",
        tenant_inventory: "Inventaris sebuah organisasi",
        own_inventory: "Inventaris organisasi Anda",
        choose_organisation: "Organisasi",
        lines_intro: "Setiap baris berasal dari satu baris aktivitas yang disetujui dan satu gas, dengan versi faktor inventarisnya.",
        month: "Bulan",
        gas: "Gas",
        activity: "Aktivitas",
        quantity: "Jumlah",
        tier: "Tier",
        supplier: "Pemasok",
        no_lines: "Tidak ada emisi untuk organisasi ini pada periode ini.",
        activity_nav: "Data aktivitas",
        activity_title: "Data aktivitas",
        activity_intro: "Laporkan apa yang dibakar, dibeli, disalurkan dan diproduksi organisasi Anda setiap bulan. Baris yang disetujui dihitung dalam inventaris; CE-01 dan CE-02 dihitung darinya.",
        add_activity: "Tambah baris",
        edit_activity: "Ubah baris",
        kind: "Jenis",
        fuel: "Bahan bakar",
        unit: "Satuan",
        tonnes: "ton",
        litres: "liter",
        ncv: "NCV terukur (GJ/t)",
        ncv_help: "Nilai kalor bersih terukur kargo (Tier 2); kosongkan untuk memakai nilai bawaan set faktor (Tier 1).",
        carbon_out: "Karbon keluar (t C)",
        carbon_help: "Karbon proses: jumlahnya ton karbon masuk (reduktor, elektroda); karbon keluar ada dalam produk dan slag.",
        carbonate: "Karbonat",
        carrier: "Listrik atau uap",
        counterparty: "Pemasok atau pelanggan",
        counterparty_help: "Dibeli: pembangkit captive tempat Anda membeli, atau jaringan PLN. Disalurkan: organisasi penerima.",
        grid: "Jaringan PLN (di luar kawasan)",
        quantity_help: "Bahan bakar dalam satuan yang dipilih; ton karbon masuk; ton karbonat; MWh; ton nikel terkandung.",
        comment: "Komentar",
        save_draft: "Simpan sebagai draf",
        submit: "Kirim",
        status: "Status",
        edit: "Ubah",
        no_activity: "Belum ada data aktivitas untuk tahun ini.",
        saved_notice: "Tersimpan.",
        not_a_tenant: "Data aktivitas dilaporkan oleh pengguna tenant untuk organisasinya sendiri.",
        review_title: "Data aktivitas untuk ditinjau",
        review_intro: "Setujui baris agar dihitung dalam inventaris (triwulannya langsung dihitung ulang), atau kembalikan dengan catatan.",
        approve: "Setujui",
        return_: "Kembalikan",
        note: "Catatan",
        nothing_to_review: "Tidak ada data aktivitas yang menunggu tinjauan.",
        decided_notice: "Selesai.",
        factors_title: "Faktor emisi",
        factors_intro: "Set faktor adalah data: setiap versi menyebut sumbernya dan alasan penambahannya, dan tidak pernah diubah. Inventaris menyebut versi dan set GWP yang dipakainya.",
        version: "Versi",
        valid: "Berlaku",
        created: "Ditambahkan",
        ncv_default: "NCV bawaan (GJ/t)",
        grid_factor: "Jaringan (t CO2/MWh)",
        year: "Tahun",
        add_version: "Tambah versi",
        add_version_intro: "Versi baru menyalin faktor versi ini dengan faktor jaringan satu tahun diubah. Hitung ulang triwulan untuk memakainya.",
        version_added_notice: "Versi baru telah ditambahkan.",
        computed_from_inventory: "Dihitung dari inventaris gas rumah kaca (data aktivitas yang disetujui × faktor berversi); tidak dilaporkan oleh tenant.",
        scopes: ScopeLabels {
            scope_1: "Cakupan 1",
            scope_2: "Cakupan 2",
        },
        sources: SourceLabels {
            combustion: "Pembakaran bahan bakar",
            process_carbon: "Karbon proses (RKEF)",
            carbonates: "Karbonat",
            grid_energy: "Listrik dan uap dari jaringan",
            captive_energy: "Listrik dan uap dari pembangkit captive",
        },
        gases: GasLabels {
            co2: "CO2",
            ch4: "CH4",
            n2o: "N2O",
        },
        kinds: ActivityKindLabels {
            fuel_use: "Bahan bakar dibakar",
            process_carbon: "Neraca karbon proses",
            carbonate: "Karbonat dikalsinasi",
            energy_purchase: "Listrik atau uap dibeli",
            energy_delivery: "Listrik atau uap disalurkan",
            production: "Nikel diproduksi",
        },
        fuels: FuelLabels {
            sub_bituminous_coal: "Batu bara sub-bituminus",
            other_bituminous_coal: "Batu bara bituminus lain",
            diesel: "Solar",
            fuel_oil: "Minyak bakar",
            lng: "LNG",
        },
        carbonates: CarbonateLabels {
            limestone: "Batu kapur",
            dolomite: "Dolomit",
        },
        carriers: CarrierLabels {
            electricity: "Listrik",
            steam: "Uap",
        },
    },
    flows: FlowStrings {
        nav: "Aliran material",
        title: "Aliran material",
        intro: "Apa jadinya limbah dan produk samping setiap organisasi di kawasan: dihasilkan, dimanfaatkan di lokasi, diserahkan ke organisasi lain, dikirim ke luar, dibuang. Aliran resmi hanya menghitung bulan neraca yang disetujui dan transfer yang dikonfirmasi penerimanya.",
        material: "Material",
        period: "Periode",
        period_hint: "Bulan (2026-10), triwulan (2026-Q3), semester (2026-H1) atau tahun (2026).",
        diagram_title: |material, period| format!("Aliran {material}, {period}"),
        own_diagram_title: |material, period| format!("Aliran {material} Anda, {period}"),
        diagram_desc: "Setiap pita berjalan dari tempat material dihasilkan ke tujuannya; lebarnya sebanding dengan jumlahnya. Tabel di samping diagram memuat aliran yang sama.",
        park_hidden: |n| {
            format!(
                "Total kawasan untuk material ini ditampilkan bila sedikitnya tiga organisasi berkontribusi; pada periode ini ada {n}. Yang ditampilkan adalah aliran Anda sendiri."
            )
        },
        table_caption: "Aliran yang sama dalam bentuk tabel",
        from: "Dari",
        to: "Ke",
        quantity: "Jumlah",
        no_flows: "Belum ada bulan neraca yang disetujui untuk material ini pada periode ini.",
        totals_caption: "Total kawasan",
        generated: "Dihasilkan",
        received: "Diterima",
        used_on_site: "Dimanfaatkan di lokasi",
        reused_by_transfer: "Diserahkan untuk dimanfaatkan di kawasan (terkonfirmasi)",
        reused_in_park: "Dimanfaatkan kembali di dalam kawasan",
        share_reused: "Porsi dimanfaatkan kembali",
        sent: "Dikirim",
        sent_outside: "Dikirim ke luar kawasan",
        disposed: "Dibuang",
        disposed_landfill: "Dibuang: landfill",
        disposed_storage: "Dibuang: penyimpanan terekayasa",
        disposed_sea: "Dibuang: penempatan di laut",
        opening: "Stok awal",
        opening_first: "Stok awal (hanya bulan pertama; bulan berikutnya dimulai dengan stok akhir bulan sebelumnya)",
        closing: "Stok akhir",
        active_links: "Tautan aktif antarperusahaan",
        contributors: "Organisasi yang berkontribusi",
        park: "Kawasan",
        end_used_on_site: "Dimanfaatkan di lokasi",
        end_in_park: "Organisasi lain di kawasan",
        end_outside: "Dikirim ke luar kawasan",
        end_landfill: "Landfill",
        end_storage: "Penyimpanan terekayasa",
        end_sea: "Penempatan di laut",
        computed_title: "Indikator yang dihitung dari neraca",
        computed_intro: "CE-05 dan CE-08 dihitung dari bulan neraca yang disetujui dan transfer terkonfirmasi pada periode ini, bukan diketik: pemanfaatan slag = (pemanfaatan sendiri di lokasi + transfer terkonfirmasi untuk guna ulang, daur ulang atau pemulihan di kawasan) ÷ dihasilkan; tautan simbiosis aktif = pasangan pengirim → penerima yang berbeda dengan transfer terkonfirmasi tersebut.",
        no_computed: "Tidak ada yang dapat dihitung untuk periode ini.",
        ce05: "Tingkat pemanfaatan slag",
        ce08: "Simbiosis industri aktif",
        indicator: "Indikator",
        organisation: "Organisasi",
        value: "Nilai",
        basis: "Dasar",
        basis_share: |reused, generated| {
            format!("{reused} dimanfaatkan dari {generated} dihasilkan")
        },
        basis_links: "pasangan pengirim → penerima yang berbeda",
        by_organisation: "Masukan dan keluaran per organisasi (bulan yang disetujui)",
        your_inputs_outputs: "Masukan dan keluaran Anda (bulan yang disetujui)",
        attention_title: "Transfer yang perlu ditindaklanjuti",
        attention_intro: "Transfer yang menunggu jawaban penerima, belum dijawab setelah 30 hari, disanggah, atau dikonfirmasi dengan jumlah yang berbeda lebih dari 2 % dari jumlah pengirim.",
        transfers_title: "Transfer",
        no_transfers: "Tidak ada transfer material ini pada periode ini.",
        month: "Bulan",
        sender: "Pengirim",
        receiver: "Penerima",
        intended_use: "Tujuan penggunaan",
        state: "Status",
        received_quantity: "Jumlah diterima",
        flags: "Tanda",
        flag_difference: |share| format!("Diterima {share} % dibanding dikirim (lebih dari 2 %)"),
        flag_unanswered: |days| format!("Belum dijawab selama {days} hari"),
        flag_disputed: "Disanggah",
        state_pending: "Menunggu penerima",
        state_confirmed: "Dikonfirmasi",
        state_disputed: "Disanggah",
        use_reuse: "Guna ulang",
        use_recycling: "Daur ulang",
        use_recovery: "Pemulihan",
        use_third_party_disposal: "Pembuangan oleh pihak ketiga",
        confirm: "Konfirmasi",
        dispute: "Sanggah",
        note: "Catatan",
        ledger_title: "Neraca Anda",
        no_ledger: "Belum ada bulan untuk material ini di neraca Anda.",
        balance: "Neraca",
        balances: "Seimbang",
        imbalance: |off| format!("Selisih {off}"),
        status: "Status",
        comment: "Komentar",
        form_title: "Laporkan satu bulan",
        form_intro: "Stok awal + dihasilkan + diterima harus sama dengan dimanfaatkan di lokasi + dikirim + dibuang + stok akhir (selisih paling banyak 0,5 %). Bulan yang tidak seimbang dapat disimpan sebagai draf; untuk mengajukannya, jelaskan selisihnya di komentar.",
        save_draft: "Simpan sebagai draf",
        submit: "Ajukan untuk ditinjau",
        transfer_form_title: "Catat transfer",
        transfer_form_intro: "Yang Anda kirim ke organisasi lain; penerimanya mengonfirmasi dengan jumlah yang diterima, atau menyanggahnya.",
        record: "Catat transfer",
        review_title: "Bulan neraca yang menunggu tinjauan",
        nothing_to_review: "Tidak ada bulan neraca yang menunggu tinjauan.",
        decision: "Keputusan",
        approve: "Setujui",
        return_: "Kembalikan",
        approved_title: "Bulan neraca yang disetujui",
        approved_intro: "Bulan yang disetujui dari material dan periode ini dihitung dalam aliran kawasan serta CE-05 dan CE-08. Membuka kembali sebuah bulan mengembalikannya ke organisasinya dengan alasan Anda; bulan itu keluar dari angka sampai disetujui lagi, dan angka terbitan yang berubah karenanya dinyatakan ulang.",
        nothing_approved: "Tidak ada bulan neraca yang disetujui untuk material ini pada periode ini.",
        reopen: "Buka kembali",
        reopen_reason: "Alasan",
        materials_title: "Material",
        no_materials: "Belum ada material yang disiapkan.",
        code: "Kode",
        name: "Nama",
        unit: "Satuan",
        hazard_class: "Kelas limbah",
        indicators: "Indikator",
        hazard_none: "Bukan limbah",
        hazard_b3: "Limbah B3",
        hazard_b3_exempt: "Dikecualikan dari B3",
        hazard_non_b3: "Limbah non-B3",
        done: |done| match done {
            "saved" => "Tersimpan.",
            "recorded" => "Transfer tercatat; penerimanya diminta mengonfirmasi.",
            "confirmed" => "Transfer dikonfirmasi.",
            "disputed" => "Transfer disanggah; pengirim dan manajer melihat catatan Anda.",
            "approved" => "Bulan neraca disetujui.",
            "returned" => "Bulan neraca dikembalikan ke organisasinya.",
            "reopened" => "Bulan neraca dibuka kembali dan dikembalikan ke organisasinya.",
            _ => "",
        },
    },
    publication: PublicationStrings {
        nav_publish: "Terbitkan",
        nav_public: "Angka terbitan",
        publish_title: "Terbitkan angka",
        publish_intro: "Menerbitkan satu triwulan atau satu tahun membekukan angka kawasan yang boleh diterbitkan (disetujui, cakupan terpenuhi, paling sedikit tiga organisasi atau kantor kawasan) sebagai pernyataan dalam log transparansi publik yang ditandatangani. Angka yang kemudian berubah diterbitkan sebagai pernyataan ulang, tidak pernah diam-diam.",
        period: "Periode",
        publish: "Terbitkan",
        published_notice: |period, entry| {
            format!("{period} sudah diterbitkan: entri {entry} log transparansi.")
        },
        attested_notice: |entry| format!("Atestasi Anda adalah entri {entry} log transparansi."),
        no_periods: "Setiap periode yang sudah berakhir telah diterbitkan.",
        publications: "Terbitan",
        none_yet: "Belum ada yang diterbitkan.",
        kind: "Jenis",
        kind_statement: "Pernyataan",
        kind_restatement: "Pernyataan ulang",
        entry: "Entri log",
        published_at: "Diterbitkan",
        published_by: "Oleh",
        figures: "Angka",
        statement: "Pernyataan",
        proof: "Bukti",
        attest_title: "Atestasi pernyataan",
        attest_intro: "Sebagai penyedia asurans independen, catat asurans Anda atas pernyataan yang diterbitkan; atestasi menjadi entri tersendiri dalam log.",
        assurance: "Asurans",
        limited: "Terbatas",
        reasonable: "Memadai",
        note: "Catatan",
        attest: "Atestasi",
        public_title: "Angka terbitan",
        public_intro: "Angka program sebagaimana diterbitkan: hanya angka kawasan yang disetujui, cukup mencakup kawasan, dan menggabungkan paling sedikit tiga organisasi. Setiap angka berasal dari pernyataan dalam log yang ditandatangani dan hanya dapat ditambah, yang dapat diperiksa siapa pun tanpa harus memercayai server ini.",
        checkpoint: "Checkpoint saat ini",
        public_key: "Kunci publik",
        how_to_verify: "Untuk memeriksanya sendiri, simpan kunci publik dan checkpoint ini, lalu jalankan `pilar verify` atau tools/verify_log.py (lihat docs/transparency.md).",
        indicator: "Indikator",
        value: "Nilai",
        target: "Target",
        status: "Status",
        coverage: "Cakupan",
        coverage_of: |reporters, assigned| format!("{reporters} dari {assigned} organisasi"),
        restated: |date, old, reason| {
            format!("Dinyatakan ulang pada {date} (sebelumnya {old}): {reason}")
        },
        attested: |assurance, note| format!("Asurans {assurance}: {note}"),
        nothing_published: "Belum ada yang diterbitkan.",
    },
};

fn account_problem(problem: &AccountProblem) -> String {
    match problem {
        AccountProblem::Email => "Masukkan alamat email seperti nama@contoh.org.".into(),
        AccountProblem::PasswordTooShort { min } => {
            format!("Kata sandi harus terdiri dari paling sedikit {min} karakter.")
        }
        AccountProblem::PasswordTooLong { max } => {
            format!("Kata sandi paling panjang {max} karakter.")
        }
        AccountProblem::Language => "Pilih English atau Bahasa Indonesia.".into(),
        AccountProblem::Role => "Pilih salah satu peran yang tersedia.".into(),
        AccountProblem::NoSuchOrganisation { code } => {
            format!("Tidak ada organisasi dengan kode {code:?}.")
        }
        AccountProblem::NoSuchVerifier { email } => format!(
            "Tidak ada akun verifikator aktif dengan email {email:?}: token hanya dapat bertindak untuk akun verifikator."
        ),
        AccountProblem::OrganisationNeeded => {
            "Pengguna tenant memerlukan organisasi yang dilaporkannya.".into()
        }
        AccountProblem::OrganisationOnlyForTenants => {
            "Hanya pengguna tenant yang tergabung dalam organisasi: kosongkan organisasinya.".into()
        }
        AccountProblem::NameRequired => "Beri nama untuk pengguna ini.".into(),
        AccountProblem::NameTooLong { max } => {
            format!("Nama paling panjang {max} karakter.")
        }
        AccountProblem::TokenName { max } => format!(
            "Beri token nama 1 sampai {max} karakter yang menjelaskan kegunaannya (mis. \"Unggahan bulanan ERP\")."
        ),
        AccountProblem::Scope => "Pilih salah satu cakupan yang tersedia.".into(),
        AccountProblem::ExpiryPast => "Hari terakhir berlakunya sudah lewat.".into(),
        AccountProblem::WrongCurrentPassword => "Ini bukan kata sandi Anda saat ini.".into(),
        AccountProblem::PasswordsDiffer => "Kedua kata sandi baru tidak sama.".into(),
        AccountProblem::OwnAdminRole => {
            "Anda tidak dapat mencabut peran admin dari akun Anda sendiri.".into()
        }
        AccountProblem::VersionUnknown => {
            "Formulir ini tidak menyebut versi pengguna yang diubahnya: buka lagi formulirnya."
                .into()
        }
    }
}

fn report_refusal(refusal: &ReportRefusal) -> String {
    use crate::domain::kinds::ObservationStatus as S;
    let status = |s: &S| match s {
        S::Draft => "draf",
        S::Submitted => "diajukan",
        S::Approved => "disetujui",
        S::Returned => "dikembalikan",
    };
    match refusal {
        ReportRefusal::Concurrent => "Permintaan lain mengubah data yang sama pada saat yang sama; tidak ada yang disimpan. Ulangi permintaan.".into(),
        ReportRefusal::ApprovedLocked { id } => format!(
            "Data ini sudah disetujui dan dikunci. Untuk mengubahnya, minta manajer program membukanya kembali (POST /api/v1/observations/{id}/reopen dengan alasan); data lalu kembali kepada Anda sebagai dikembalikan."
        ),
        ReportRefusal::AwaitsReview => "Data ini sudah diajukan dan menunggu tinjauan; data dapat diubah lagi setelah manajer program mengembalikannya.".into(),
        ReportRefusal::Stale { current } => format!(
            "Data ini berubah sejak Anda membacanya (kini versi {current}); baca lagi lalu coba lagi."
        ),
        ReportRefusal::CreatedMeanwhile { indicator } => format!(
            "{indicator} baru saja dilaporkan untuk periode ini oleh permintaan lain; baca data itu dan ubah data tersebut."
        ),
        ReportRefusal::AlreadyReported { indicator, starts, id, version } => format!(
            "{indicator} sudah dilaporkan untuk {starts} (data {id}, versi {version}); ubah data tersebut."
        ),
        ReportRefusal::StillRunning { ends } => format!(
            "Periode ini masih berjalan sampai {ends}; ajukan data setelah periodenya berakhir."
        ),
        ReportRefusal::ItemsConflict { count } => format!(
            "{count} butir bertentangan dengan data yang tersimpan; tidak ada yang disimpan."
        ),
        ReportRefusal::ItemsStale { count } => format!(
            "{count} butir menyebut versi yang bukan versi tersimpan; tidak ada yang disimpan."
        ),
        ReportRefusal::BatchCreatedMeanwhile => "Sebagian data ini baru saja dilaporkan oleh permintaan lain; tidak ada yang disimpan. Baca lagi lalu coba lagi.".into(),
        ReportRefusal::BatchChangedMeanwhile => "Sebagian data ini berubah sementara itu; tidak ada yang disimpan. Baca lagi lalu coba lagi.".into(),
        ReportRefusal::OwnOrganisation => "Ini laporan organisasi Anda sendiri: manajer program lain harus meninjaunya.".into(),
        ReportRefusal::OwnSubmission => "Anda sendiri yang mengajukan laporan ini: manajer program lain harus meninjaunya.".into(),
        ReportRefusal::AlreadyApproved => "Data ini sudah disetujui; buka kembali (dengan alasan) untuk mengembalikannya.".into(),
        ReportRefusal::NotSubmitted { status: s } => format!(
            "Data ini berstatus {}, bukan diajukan: hanya data yang diajukan yang dapat ditinjau.",
            status(s)
        ),
        ReportRefusal::NotApproved { status: s } => format!(
            "Data ini berstatus {}: hanya data yang disetujui yang dapat dibuka kembali.",
            status(s)
        ),
        ReportRefusal::VersionOnCreate => "Versi hanya untuk mengubah data yang sudah ada: kosongkan untuk membuat data baru.".into(),
        ReportRefusal::BatchSize { max, got } => format!(
            "Satu kiriman memuat 1 sampai {max} data (diterima {got}); bagi kumpulan yang lebih besar menjadi beberapa kiriman."
        ),
        ReportRefusal::DuplicateInBatch { first, indicator, starts } => format!(
            "Butir {first} sudah melaporkan {indicator} untuk periode mulai {starts}: satu angka per indikator dan periode."
        ),
        ReportRefusal::NothingToChange { indicator, starts } => format!(
            "Belum ada data {indicator} untuk periode mulai {starts}: kosongkan versi untuk membuatnya."
        ),
        ReportRefusal::VersionNeeded { indicator, starts, id, version } => format!(
            "{indicator} sudah dilaporkan untuk periode mulai {starts} (data {id}, versi {version}): kirim \"version\": {version} untuk mengubahnya."
        ),
        ReportRefusal::ItemStale { id, current } => format!(
            "Data {id} berubah sejak Anda membacanya: kini versi {current}."
        ),
        ReportRefusal::NotReceiver => "Hanya penerima transfer yang mengonfirmasi atau menyanggahnya.".into(),
        ReportRefusal::AlreadyAnswered => "Transfer ini sudah dikonfirmasi atau disanggah.".into(),
    }
}

fn missing(what: &Missing) -> String {
    let thing = match what {
        Missing::Page => "Halaman ini".to_string(),
        Missing::ApiResource => "Sumber API ini".into(),
        Missing::Program => "Program".into(),
        Missing::Observation => "Data ini".into(),
        Missing::ThisOrganisation => "Organisasi ini".into(),
        Missing::User => "Pengguna ini".into(),
        Missing::UserWithEmail(email) => format!("Pengguna dengan email {email:?}"),
        Missing::Token => "Token ini".into(),
        Missing::Indicator(code) => format!("Indikator {code}"),
        Missing::Pillar(code) => format!("Pilar {code}"),
        Missing::Organisation(code) => format!("Organisasi {code}"),
        Missing::Milestone(code) => format!("Tonggak {code}"),
        Missing::Period(period) => format!("Periode {period}"),
        Missing::Import => "Impor ini".into(),
        Missing::Report { indicator, period } => {
            format!("Laporan {indicator} untuk {period}")
        }
    };
    format!("{thing} tidak ada. Periksa alamatnya, atau mulai lagi dari ringkasan.")
}

fn denied(why: &Denied) -> String {
    match why {
        Denied::NoAccess => "Akun Anda tidak memberi akses ke halaman ini.".into(),
        Denied::OtherProgram => "Akun Anda tidak memberi akses ke program ini.".into(),
        Denied::FormExpired => "Formulir ini sudah kedaluwarsa atau tidak berasal dari Pilar. Kembali, muat ulang halaman, lalu coba lagi.".into(),
        Denied::ReadOnlyToken => "Token ini hanya boleh membaca; menulis memerlukan token dengan cakupan tulis.".into(),
        Denied::SignIn => "Masuk terlebih dahulu untuk membaca halaman ini.".into(),
        Denied::TenantsOnly => "Halaman ini untuk pengguna tenant.".into(),
        Denied::ReportersOnly => "Hanya pengguna organisasi tenant yang melaporkan angka di sini.".into(),
        Denied::ReviewersOnly => "Peninjauan memerlukan token manajer program (organisasi yang memimpin atau menjadi tuan rumah program).".into(),
        Denied::ManagersOnly => "Ekspor ini memerlukan token manajer program (organisasi yang memimpin atau menjadi tuan rumah program).".into(),
        Denied::VerifiersOnly => "Atestasi memerlukan token yang diterbitkan untuk akun verifikator (penyedia asurans independen).".into(),
        Denied::VerifierTokenLimited => "Token akun verifikator hanya untuk membaca daftar publikasi dan mengatestasinya; tidak membuka yang lain.".into(),
        Denied::Report(refusal) => report_refusal(refusal),
    }
}

fn clash(why: &Clash) -> String {
    match why {
        Clash::UserChanged => {
            "Seseorang mengubah pengguna ini sejak Anda membuka formulirnya; buka lagi.".into()
        }
        Clash::LastAdmin => {
            "Pilar memerlukan paling sedikit satu admin aktif; jadikan pengguna lain admin terlebih dahulu.".into()
        }
        Clash::OwnAccount => "Anda tidak dapat menonaktifkan akun Anda sendiri.".into(),
        Clash::ChangedSinceRead => {
            "Orang lain mengubah data ini sejak Anda membacanya; baca lagi.".into()
        }
        Clash::PeriodNotOver => "Periode ini belum berakhir; terbitkan setelah periode selesai.".into(),
        Clash::AlreadyPublished => {
            "Periode ini sudah diterbitkan; angka yang berubah diterbitkan sebagai pernyataan ulang.".into()
        }
        Clash::NothingToPublish => {
            "Periode ini belum memiliki angka kawasan yang boleh diterbitkan (disetujui, cakupan terpenuhi, paling sedikit tiga organisasi).".into()
        }
    }
}

fn violated(rule: &Violated) -> String {
    match rule {
        Violated::EmailTaken => "Sudah ada akun dengan email ini.",
        Violated::TenantOrganisation => {
            "Pengguna tenant tergabung dalam tepat satu organisasi; peran lain tidak tergabung dalam organisasi."
        }
        Violated::AlreadyReported => "Sudah dilaporkan untuk periode ini.",
        Violated::NotAssigned => "Organisasi ini tidak ditugaskan indikator ini.",
        Violated::TokenName => "Beri nama untuk token ini.",
        Violated::CodeTaken => "Kode ini sudah dipakai dalam program.",
        Violated::ParkLevelOffice => {
            "Organisasi: indikator ini dilaporkan sekali untuk seluruh kawasan, jadi hanya kantor kawasan yang boleh ditugaskan, bukan penyewa."
        }
    }
    .into()
}
