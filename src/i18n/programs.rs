//! The words of several programs on one installation: the program switch in the page frame,
//! the programs granted on the users page, and the national view (`/parks`). May use
//! `domain/` only.

/// The program words in one language.
#[derive(Debug)]
pub struct ProgramStrings {
    /// The program switch's label (screen readers).
    pub switch: &'static str,
    /// The national view's navigation entry and title.
    pub parks_nav: &'static str,
    pub parks_title: &'static str,
    pub parks_intro: &'static str,
    /// Its table's headers.
    pub indicator: &'static str,
    pub unit: &'static str,
    /// The latest approved period with a figure: "Q3 2026".
    pub period: &'static str,
    /// A park figure's coverage: reporters of assigned.
    pub coverage: fn(usize, usize) -> String,
    /// A park figure hidden by the minimum of organisations.
    pub too_few: fn(usize) -> String,
    /// A park with the indicator but no approved figure yet.
    pub no_figure: &'static str,
    /// No indicator is shared by two parks.
    pub none_shared: &'static str,
    /// A park whose program does not measure the row's indicator.
    pub not_measured: &'static str,
    /// The period chooser: its label, and the choice of each row's latest period.
    pub choose_period: &'static str,
    pub latest_period: &'static str,
    /// A park's figure of several periods rolled up: "2 periods".
    pub periods_behind: fn(usize) -> String,
    /// The link from a park's figure to its indicator page (screen readers, title).
    pub open_indicator: fn(&str, &str) -> String,
    /// A `?period=` that reads as no period.
    pub unreadable_period: &'static str,
    /// The users page: the programs a manager or viewer works in.
    pub granted: &'static str,
    pub granted_hint: &'static str,
    /// Roles whose programs are not granted by hand.
    pub granted_by_role: &'static str,
    pub save_programs: &'static str,
    pub programs_saved: &'static str,
    /// A code that names no program.
    pub unknown_program: &'static str,
}

/// English.
pub static EN: ProgramStrings = ProgramStrings {
    switch: "Program",
    parks_nav: "Parks",
    parks_title: "Parks side by side",
    parks_intro: "Each park's official figure on the indicators that parks share (the same \
                  definition, unit and rule), from approved reports only, judged against the \
                  park's own targets. Park figures only: a figure that fewer than three \
                  organisations contribute to is withheld, for every reader.",
    indicator: "Indicator",
    unit: "Unit",
    period: "Period",
    coverage: |reported, assigned| format!("{reported} of {assigned} organisations reported"),
    too_few: |minimum| format!("Hidden: fewer than {minimum} organisations contribute"),
    no_figure: "No approved figure yet",
    none_shared: "No indicator is shared by two parks yet.",
    not_measured: "Not measured in this park",
    choose_period: "Period",
    latest_period: "Latest period of each indicator",
    periods_behind: |n| {
        if n == 1 {
            "1 period".to_string()
        } else {
            format!("{n} periods")
        }
    },
    open_indicator: |code, park| format!("{code} in {park}"),
    unreadable_period: "That period could not be read (2026-10, 2026-Q3, 2026-H1 or 2026): \
                        showing each indicator's latest period.",
    granted: "Programs",
    granted_hint: "A manager or viewer works in the programs ticked here and sees nothing \
                   of the others.",
    granted_by_role: "Admins and verifiers enter every program; a tenant user enters the \
                      programs its organisation reports to.",
    save_programs: "Save programs",
    programs_saved: "The programs were saved.",
    unknown_program: "No such program.",
};

/// Bahasa Indonesia.
pub static ID: ProgramStrings = ProgramStrings {
    switch: "Program",
    parks_nav: "Kawasan",
    parks_title: "Kawasan berdampingan",
    parks_intro: "Angka resmi setiap kawasan untuk indikator yang sama di beberapa kawasan \
                  (definisi, satuan, dan aturan yang sama), hanya dari laporan yang disetujui, \
                  dinilai terhadap target kawasan itu sendiri. Hanya angka kawasan: angka yang \
                  disumbang kurang dari tiga organisasi disembunyikan bagi setiap pembaca.",
    indicator: "Indikator",
    unit: "Satuan",
    period: "Periode",
    coverage: |reported, assigned| format!("{reported} dari {assigned} organisasi melapor"),
    too_few: |minimum| format!("Disembunyikan: kurang dari {minimum} organisasi berkontribusi"),
    no_figure: "Belum ada angka yang disetujui",
    none_shared: "Belum ada indikator yang sama di dua kawasan.",
    not_measured: "Tidak diukur di kawasan ini",
    choose_period: "Periode",
    latest_period: "Periode terakhir setiap indikator",
    periods_behind: |n| format!("{n} periode"),
    open_indicator: |code, park| format!("{code} di {park}"),
    unreadable_period: "Periode itu tidak terbaca (2026-10, 2026-Q3, 2026-H1 atau 2026): \
                        ditampilkan periode terakhir setiap indikator.",
    granted: "Program",
    granted_hint: "Manajer atau peninjau bekerja di program yang dicentang di sini dan tidak \
                   melihat apa pun dari program lain.",
    granted_by_role: "Admin dan verifikator masuk ke setiap program; pengguna tenant masuk ke \
                      program tempat organisasinya melapor.",
    save_programs: "Simpan program",
    programs_saved: "Program telah disimpan.",
    unknown_program: "Program tidak ada.",
};
