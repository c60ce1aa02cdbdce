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
                  definition and unit), from approved reports only. A park figure from fewer \
                  organisations than the minimum is not shown to readers who may not see \
                  tenants.",
    indicator: "Indicator",
    unit: "Unit",
    period: "Period",
    coverage: |reported, assigned| format!("{reported} of {assigned} organisations reported"),
    too_few: |minimum| format!("Hidden: fewer than {minimum} organisations contribute"),
    no_figure: "No approved figure yet",
    none_shared: "No indicator is shared by two parks yet.",
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
                  (definisi dan satuan yang sama), hanya dari laporan yang disetujui. Angka \
                  kawasan dari organisasi yang kurang dari batas minimum tidak ditampilkan \
                  kepada pembaca yang tidak boleh melihat tenant.",
    indicator: "Indikator",
    unit: "Satuan",
    period: "Periode",
    coverage: |reported, assigned| format!("{reported} dari {assigned} organisasi melapor"),
    too_few: |minimum| format!("Disembunyikan: kurang dari {minimum} organisasi berkontribusi"),
    no_figure: "Belum ada angka yang disetujui",
    none_shared: "Belum ada indikator yang sama di dua kawasan.",
    granted: "Program",
    granted_hint: "Manajer atau peninjau bekerja di program yang dicentang di sini dan tidak \
                   melihat apa pun dari program lain.",
    granted_by_role: "Admin dan verifikator masuk ke setiap program; pengguna tenant masuk ke \
                      program tempat organisasinya melapor.",
    save_programs: "Simpan program",
    programs_saved: "Program telah disimpan.",
    unknown_program: "Program tidak ada.",
};
