//! `vafa report …`: the window from `--from`/`--to` (ISO or Jalali, any digits), the
//! report from the service, then the contract's JSON (`--json`), a readable table in the
//! shop's language, and/or the table as CSV (`--out FILE.csv`: heads in the shop's
//! language, figures as plain numbers: rials, ASCII digits, ISO days, so that a spreadsheet
//! can compute with them; a report of several tables writes each after a blank line), or
//! its charts (`--out FILE.svg|.html`, drawn by `vafa_chart`, the survey's drawing too).

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use super::args::date;
use super::output::Out;
use vafa_core::digits::normalize_digits;
use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::lang::Lang;
use vafa_service::Vafa;
use vafa_service::reports::{self as rep, DEFAULT_WITHIN_DAYS, Window};
use vafa_service::suggest_offers::reason_text;
use vafa_text::format::{date as day, num, rials};
use vafa_text::report::{Label, decimal, label, suggestion};

#[derive(Args, Debug)]
pub struct ReportArgs {
    #[command(subcommand)]
    pub what: ReportCmd,
    /// The window's first day (ISO or Jalali); default: 365 days before --to.
    #[arg(long, global = true)]
    pub from: Option<String>,
    /// The window's last day (ISO or Jalali); default: today.
    #[arg(long, global = true)]
    pub to: Option<String>,
    /// Also write the table to FILE.csv.
    #[arg(long, global = true)]
    pub out: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
pub enum ReportCmd {
    /// Members, active members, visits, sales, paid, credit earned and redeemed, liability.
    Summary,
    /// Of members who visited in the window, who came back within DAYS (default 30).
    ReturnRate {
        #[arg(long)]
        within: Option<String>,
    },
    /// Visit frequency histogram, gap between visits, amount per visit.
    Visits,
    /// Recency / frequency / monetary quintile scores and segments.
    Rfm,
    /// Each offer's uses, members, reward given and uplift against a comparison group.
    Offers,
    /// Who brought whom, and what the members they brought spent.
    Referrals,
    /// Categories and SKUs by sales, and pairs bought together.
    Products,
    /// Stored credit, gift-card balances and points outstanding; what expires in 30/90 days.
    Liability,
    /// One member: recency, frequency, spend, favourite categories, segment, suggested offer.
    Member { id: String },
    /// The day's (or with --shift the shift's) sales, guests, discounts, credit, voids by cashier.
    Close(super::receipt::ReportCloseArgs),
}

/// `vafa suggest`.
#[derive(Args, Debug)]
pub struct SuggestArgs {
    /// The window's first day (ISO or Jalali); default: 365 days before --to.
    #[arg(long)]
    pub from: Option<String>,
    /// The window's last day (ISO or Jalali); default: today.
    #[arg(long)]
    pub to: Option<String>,
    /// Also write each suggestion as an offer (with a budget) to FILE.toml for `offers import`.
    #[arg(long, value_name = "FILE.toml")]
    pub write: Option<PathBuf>,
}

/// Runs `vafa suggest`: each suggestion's reasoning, then the members it targets; with
/// `--write` the drafted offers file too (written before anything is printed).
pub(crate) fn suggest(args: SuggestArgs, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let w = v.report_window(
        date_arg(Field::WindowFrom, &args.from)?,
        date_arg(Field::WindowTo, &args.to)?,
    )?;
    let s = v.suggest(&w)?;
    if let Some(path) = &args.write {
        let text = v.suggestion_file(&s, &w)?;
        std::fs::write(path, text).map_err(|e| Error::Io {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
    }
    let mut o = std::io::stdout().lock();
    if out.json() {
        let _ = writeln!(
            o,
            "{}",
            serde_json::to_string_pretty(&s).unwrap_or_default()
        );
        return Ok(());
    }
    let l = v.lang();
    let _ = writeln!(o, "{}", vafa_text::report::window(w.from(), w.to(), l));
    if s.suggestions.is_empty() {
        let _ = writeln!(o, "{}", label(l, Label::NothingToSuggest));
    }
    for x in &s.suggestions {
        let _ = writeln!(o, "\n{}", reason_text(x, l));
        for m in &x.members {
            let _ = writeln!(o, "  {m}");
        }
    }
    Ok(())
}

/// One value of a table.
enum Cell {
    Text(String),
    Int(i64),
    Rials(i64),
    Dec(String),
    Day(Option<NaiveDate>),
}

struct Table {
    title: Label,
    head: Vec<Label>,
    rows: Vec<Vec<Cell>>,
}

fn int(v: u64) -> Cell {
    Cell::Int(i64::try_from(v).unwrap_or(i64::MAX))
}

fn dec(v: impl ToString) -> Cell {
    Cell::Dec(v.to_string())
}

/// A two-column table: figure, value.
fn figures(title: Label, rows: Vec<(Label, Cell)>, l: Lang) -> Table {
    Table {
        title,
        head: vec![Label::Figure, Label::Value],
        rows: rows
            .into_iter()
            .map(|(k, v)| vec![Cell::Text(label(l, k).to_string()), v])
            .collect(),
    }
}

fn date_arg(field: Field, text: &Option<String>) -> Result<Option<NaiveDate>> {
    text.as_deref()
        .map(|t| date(field, t).map(|g| g.date))
        .transpose()
}

fn within_arg(text: &Option<String>) -> Result<u32> {
    match text {
        None => Ok(DEFAULT_WITHIN_DAYS),
        Some(t) => normalize_digits(t.trim())
            .parse::<u32>()
            .map_err(|_| Error::Invalid {
                field: Field::Within,
                value: t.clone(),
                why: Why::BadChars,
            }),
    }
}

/// Runs `vafa report …`.
pub(crate) fn run(args: ReportArgs, v: &mut Vafa, out: &mut Out) -> Result<()> {
    let what = match args.what {
        ReportCmd::Close(a) => return super::receipt::report(a, args.out, v, out),
        w => w,
    };
    let json = out.json();
    let kind = args.out.as_deref().map(file_kind).transpose()?;
    let w = v.report_window(
        date_arg(Field::WindowFrom, &args.from)?,
        date_arg(Field::WindowTo, &args.to)?,
    )?;
    let l = v.lang();
    let (report, tables, empty) = match what {
        ReportCmd::Summary => {
            let s = v.report_summary(&w)?;
            (
                value(&s),
                vec![summary(&s, l)],
                s.visits == 0 && s.sales == 0,
            )
        }
        ReportCmd::ReturnRate { within } => {
            let r = v.report_return_rate(&w, within_arg(&within)?)?;
            (value(&r), vec![return_rate(&r, l)], false)
        }
        ReportCmd::Visits => {
            let s = v.report_visits(&w)?;
            (value(&s), visits(&s, l), s.members == 0)
        }
        ReportCmd::Rfm => {
            let r = v.report_rfm(&w)?;
            (value(&r), rfm(&r, l), r.members.is_empty())
        }
        ReportCmd::Offers => {
            let o = v.report_offers(&w)?;
            (value(&o), vec![offers(&o, l)], false)
        }
        ReportCmd::Referrals => {
            let r = v.report_referrals(&w)?;
            (value(&r), vec![referrals(&r)], false)
        }
        ReportCmd::Products => {
            let p = v.report_products(&w)?;
            (value(&p), products(&p, l), false)
        }
        ReportCmd::Liability => {
            let x = v.report_liability()?;
            (value(&x), vec![liability(&x, l)], false)
        }
        ReportCmd::Close(_) => return Ok(()),
        ReportCmd::Member { id } => {
            let m = v.report_member(&id, &w)?;
            (value(&m), vec![member(&m, l)], false)
        }
    };
    // The file first: a path that cannot be written prints nothing but the error.
    if let (Some(path), Some(kind)) = (&args.out, kind) {
        match kind {
            FileKind::Csv => write_csv(path, &tables, l)?,
            chart => write_chart(path, chart, &tables, &w, l)?,
        }
    }
    if json {
        let _ = writeln!(
            std::io::stdout(),
            "{}",
            serde_json::to_string_pretty(&report).unwrap_or_default()
        );
    } else {
        print(&tables, &w, empty, args.out.as_deref(), l);
    }
    Ok(())
}

fn value<T: Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

fn summary(s: &rep::Summary, l: Lang) -> Table {
    use Label::*;
    figures(
        Summary,
        vec![
            (Members, int(s.members)),
            (NewMembers, int(s.new_members)),
            (ActiveMembers, int(s.active_members)),
            (VisitCount, int(s.visits)),
            (Sales, int(s.sales)),
            (Paid, Cell::Rials(s.paid)),
            (CreditEarned, Cell::Rials(s.credit_earned)),
            (CreditRedeemed, Cell::Rials(s.credit_redeemed)),
            (CreditOutstanding, Cell::Rials(s.credit_outstanding)),
            (PointsOutstanding, Cell::Int(s.points_outstanding)),
            (GuestSales, int(s.guest_sales)),
        ],
        l,
    )
}

fn return_rate(r: &rep::ReturnRate, l: Lang) -> Table {
    use Label::*;
    figures(
        ReturnRate,
        vec![
            (WithinDays, Cell::Int(r.within_days.into())),
            (Members, int(r.members)),
            (Returned, int(r.returned)),
            (Rate, dec(r.rate)),
        ],
        l,
    )
}

fn visits(s: &rep::VisitStats, l: Lang) -> Vec<Table> {
    use Label::*;
    let head = figures(
        Visits,
        vec![
            (Members, int(s.members)),
            (VisitCount, int(s.visits)),
            (Gaps, int(s.gaps)),
            (GapMedianDays, dec(s.gap_median_days)),
            (GapMeanDays, dec(s.gap_mean_days)),
            (AmountPerVisit, Cell::Rials(s.amount_per_visit)),
            (AmountMedian, Cell::Rials(s.amount_median)),
        ],
        l,
    );
    let histogram = Table {
        title: Visits,
        head: vec![VisitCount, Members],
        rows: s
            .histogram
            .iter()
            .map(|b| vec![int(b.visits), int(b.members)])
            .collect(),
    };
    vec![head, histogram]
}

fn segment_label(s: rep::Segment) -> Label {
    match s {
        rep::Segment::Champions => Label::Champions,
        rep::Segment::AtRisk => Label::AtRisk,
        rep::Segment::Loyal => Label::Loyal,
        rep::Segment::Lost => Label::Lost,
        rep::Segment::New => Label::New,
        rep::Segment::Others => Label::Others,
    }
}

fn rfm(r: &rep::Rfm, l: Lang) -> Vec<Table> {
    use Label::*;
    let members = Table {
        title: Rfm,
        head: vec![Id, RecencyDays, Frequency, Monetary, R, F, M, Segment],
        rows: r
            .members
            .iter()
            .map(|m| {
                vec![
                    Cell::Text(m.id.clone()),
                    Cell::Int(m.recency_days),
                    int(m.frequency),
                    Cell::Rials(m.monetary),
                    Cell::Int(m.r.into()),
                    Cell::Int(m.f.into()),
                    Cell::Int(m.m.into()),
                    Cell::Text(label(l, segment_label(m.segment)).into()),
                ]
            })
            .collect(),
    };
    let segments = Table {
        title: Segments,
        head: vec![Segment, Count],
        rows: rep::Segment::ALL
            .iter()
            .map(|s| {
                vec![
                    Cell::Text(label(l, segment_label(*s)).into()),
                    int(r.segments.get(s.name()).copied().unwrap_or(0)),
                ]
            })
            .collect(),
    };
    vec![members, segments]
}

fn offers(o: &rep::OffersReport, l: Lang) -> Table {
    use Label::*;
    let yes_no = |b: bool| Cell::Text(label(l, if b { Yes } else { No }).into());
    Table {
        title: Offers,
        head: vec![
            Id,
            Uses,
            Members,
            RewardValue,
            SalesWith,
            UsersVisitsPerMember,
            UsersSpendPerMember,
            Comparison,
            ComparisonMembers,
            ComparisonVisitsPerMember,
            ComparisonSpendPerMember,
            UpliftPercent,
            TooSmall,
        ],
        rows: o
            .offers
            .iter()
            .map(|r| {
                let kind = match r.comparison_kind {
                    rep::Comparison::EligibleNonUsers => EligibleNonUsers,
                    rep::Comparison::UsersBefore => UsersBefore,
                };
                vec![
                    Cell::Text(r.id.clone()),
                    int(r.uses),
                    int(r.members),
                    Cell::Rials(r.reward_value),
                    int(r.sales_with),
                    dec(r.users.visits_per_member),
                    Cell::Rials(r.users.spend_per_member),
                    Cell::Text(label(l, kind).into()),
                    int(r.comparison.members),
                    dec(r.comparison.visits_per_member),
                    Cell::Rials(r.comparison.spend_per_member),
                    dec(r.uplift_percent),
                    yes_no(r.too_small),
                ]
            })
            .collect(),
    }
}

fn referrals(r: &rep::Referrals) -> Table {
    use Label::*;
    Table {
        title: Referrals,
        head: vec![Id, Referred, ReferredSpend],
        rows: r
            .referrers
            .iter()
            .map(|x| {
                vec![
                    Cell::Text(x.id.clone()),
                    int(x.referred),
                    Cell::Rials(x.referred_spend),
                ]
            })
            .collect(),
    }
}

fn products(p: &rep::Products, l: Lang) -> Vec<Table> {
    use Label::*;
    let name = |c: &str| {
        Cell::Text(if c.is_empty() {
            label(l, Uncategorised).into()
        } else {
            c.into()
        })
    };
    let categories = Table {
        title: Categories,
        head: vec![Category, Sales, Amount],
        rows: p
            .categories
            .iter()
            .map(|c| vec![name(&c.category), int(c.sales), Cell::Rials(c.amount)])
            .collect(),
    };
    let skus = Table {
        title: Skus,
        head: vec![Sku, Sales, Amount],
        rows: p
            .skus
            .iter()
            .map(|c| {
                vec![
                    Cell::Text(c.sku.clone()),
                    int(c.sales),
                    Cell::Rials(c.amount),
                ]
            })
            .collect(),
    };
    let pairs = Table {
        title: Pairs,
        head: vec![A, B, Together, Support, Confidence, Lift],
        rows: p
            .pairs
            .iter()
            .map(|x| {
                vec![
                    Cell::Text(x.a.clone()),
                    Cell::Text(x.b.clone()),
                    int(x.together),
                    dec(x.support),
                    dec(x.confidence),
                    dec(x.lift),
                ]
            })
            .collect(),
    };
    vec![categories, skus, pairs]
}

fn liability(x: &rep::Liability, l: Lang) -> Table {
    use Label::*;
    figures(
        Liability,
        vec![
            (Credit, Cell::Rials(x.credit)),
            (Points, Cell::Int(x.points)),
            (PointsValue, Cell::Rials(x.points_value)),
            (GiftCards, Cell::Rials(x.gift_cards)),
            (Expiring30, Cell::Rials(x.expiring_30)),
            (Expiring90, Cell::Rials(x.expiring_90)),
        ],
        l,
    )
}

fn member(m: &rep::MemberReport, l: Lang) -> Table {
    use Label::*;
    let opt = |v: Option<u8>| match v {
        Some(v) => Cell::Int(v.into()),
        None => Cell::Text("-".into()),
    };
    let favourites = m
        .favourite_categories
        .iter()
        .map(|f| f.category.as_str())
        .collect::<Vec<_>>()
        .join(l.pick("، ", ", "));
    let segment = label(l, m.segment.map_or(NotScored, segment_label));
    figures(
        Member,
        vec![
            (Id, Cell::Text(m.id.clone())),
            (LastVisit, Cell::Day(m.last_visit)),
            (
                RecencyDays,
                m.recency_days.map_or(Cell::Text("-".into()), Cell::Int),
            ),
            (Frequency, int(m.frequency)),
            (Spend, Cell::Rials(m.spend)),
            (TotalSpend, Cell::Rials(m.total_spend)),
            (Credit, Cell::Rials(m.credit)),
            (Points, Cell::Int(m.points)),
            (Favourites, Cell::Text(favourites)),
            (R, opt(m.r)),
            (F, opt(m.f)),
            (M, opt(m.m)),
            (Segment, Cell::Text(segment.into())),
            (
                SuggestedOffer,
                Cell::Text(suggestion(
                    l,
                    m.suggested_offer,
                    m.favourite_categories.first().map(|f| f.category.as_str()),
                )),
            ),
        ],
        l,
    )
}

/// A cell as a person reads it.
fn shown(c: &Cell, l: Lang) -> String {
    match c {
        Cell::Text(t) => vafa_text::printable(t).into_owned(),
        Cell::Int(v) => num(*v, l),
        Cell::Rials(v) => rials(*v, l),
        Cell::Dec(d) => decimal(d, l),
        Cell::Day(Some(d)) => day(*d, l),
        Cell::Day(None) => "-".into(),
    }
}

/// A cell as a spreadsheet reads it.
fn plain(c: &Cell) -> String {
    match c {
        Cell::Text(t) | Cell::Dec(t) => t.clone(),
        Cell::Int(v) | Cell::Rials(v) => v.to_string(),
        Cell::Day(Some(d)) => d.format("%Y-%m-%d").to_string(),
        Cell::Day(None) => String::new(),
    }
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_line(fields: impl Iterator<Item = String>) -> String {
    let mut line = fields.map(|f| csv_field(&f)).collect::<Vec<_>>().join(",");
    line.push('\n');
    line
}

fn write_csv(path: &Path, tables: &[Table], l: Lang) -> Result<()> {
    let mut text = String::new();
    for (i, t) in tables.iter().enumerate() {
        if i > 0 {
            text.push('\n');
        }
        text.push_str(&csv_line(t.head.iter().map(|h| label(l, *h).to_string())));
        for row in &t.rows {
            text.push_str(&csv_line(row.iter().map(plain)));
        }
    }
    std::fs::write(path, text).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

/// What `--out` writes, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Csv,
    Svg,
    Html,
}

fn file_kind(path: &Path) -> Result<FileKind> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("csv") => Ok(FileKind::Csv),
        Some("svg") => Ok(FileKind::Svg),
        Some("html" | "htm") => Ok(FileKind::Html),
        // PNG is not drawn yet.
        _ => Err(Error::Invalid {
            field: Field::OutFile,
            value: path.display().to_string(),
            why: Why::UnknownChoice,
        }),
    }
}

/// Which (label, value) columns of which of a report's tables are drawn as bars: visits
/// per member (the histogram), members per RFM segment, amount per category, spend per
/// member of each offer's users and of its comparison group, referred spend per referrer.
fn chart_columns(t: &Table) -> Vec<(usize, usize)> {
    use Label::*;
    match t.title {
        Visits if t.head.first() == Some(&VisitCount) => vec![(0, 1)],
        Segments | Referrals => vec![(0, t.head.len() - 1)],
        Categories => vec![(0, 2)],
        Offers => vec![(0, 6), (0, 10)],
        _ => Vec::new(),
    }
}

/// How many bars a chart shows at most (the first, largest first where the table is).
const MAX_BARS: usize = 12;

fn charts(tables: &[Table], w: &Window, l: Lang) -> Vec<vafa_chart::Bars> {
    let value = |c: &Cell| match c {
        Cell::Int(v) | Cell::Rials(v) => *v,
        _ => 0,
    };
    let mut out = Vec::new();
    for t in tables {
        for (name, v) in chart_columns(t) {
            out.push(vafa_chart::Bars {
                title: format!("{} — {}", label(l, t.title), label(l, t.head[v])),
                subtitle: vafa_text::report::window(w.from(), w.to(), l),
                bars: t
                    .rows
                    .iter()
                    .take(MAX_BARS)
                    .map(|r| vafa_chart::Bar {
                        label: shown(&r[name], l),
                        value: value(&r[v]),
                        shown: shown(&r[v], l),
                    })
                    .collect(),
            });
        }
    }
    out
}

/// `--out FILE.svg|.html`: the report's charts (a report without one is refused), the
/// page with the report's first table above them.
fn write_chart(path: &Path, kind: FileKind, tables: &[Table], w: &Window, l: Lang) -> Result<()> {
    let c = charts(tables, w, l);
    if c.is_empty() {
        return Err(Error::Invalid {
            field: Field::OutFile,
            value: path.display().to_string(),
            why: Why::UnknownChoice,
        });
    }
    let text = match kind {
        FileKind::Html => {
            let (title, head, rows) = match tables.first() {
                Some(t) => (
                    label(l, t.title).to_string(),
                    t.head.iter().map(|h| label(l, *h).to_string()).collect(),
                    t.rows
                        .iter()
                        .map(|r| r.iter().map(|c| shown(c, l)).collect())
                        .collect(),
                ),
                None => (String::new(), Vec::new(), Vec::new()),
            };
            vafa_chart::html(&title, &head, &rows, &c, l)
        }
        _ => vafa_chart::svg(&c, l),
    };
    std::fs::write(path, text).map_err(|e| Error::Io {
        path: path.display().to_string(),
        detail: e.to_string(),
    })
}

fn print(tables: &[Table], w: &Window, empty: bool, out: Option<&Path>, l: Lang) {
    let mut o = std::io::stdout().lock();
    let _ = writeln!(o, "{}", vafa_text::report::window(w.from(), w.to(), l));
    if empty {
        let _ = writeln!(o, "{}", label(l, Label::NoVisits));
    }
    for t in tables {
        let _ = writeln!(o, "\n{}", label(l, t.title));
        let rows: Vec<Vec<String>> = std::iter::once(
            t.head
                .iter()
                .map(|h| label(l, *h).to_string())
                .collect::<Vec<_>>(),
        )
        .chain(
            t.rows
                .iter()
                .map(|r| r.iter().map(|c| shown(c, l)).collect()),
        )
        .collect();
        let widths: Vec<usize> = (0..t.head.len())
            .map(|i| {
                rows.iter()
                    .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for r in &rows {
            let cells: Vec<String> = r
                .iter()
                .zip(&widths)
                .map(|(c, w)| format!("{c}{}", " ".repeat(w - c.chars().count())))
                .collect();
            let _ = writeln!(o, "  {}", cells.join("  ").trim_end());
        }
    }
    if let Some(p) = out {
        let _ = writeln!(o, "\n{} {}", label(l, Label::Written), p.display());
    }
}
