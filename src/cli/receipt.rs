//! `vafa receipt SALE_ID` (print, reprint, or `--out FILE.png`), `vafa report close` (the
//! day's or the shift's figures, on screen or printed) and `vafa close` (records the shift's
//! close). See docs/printing.md.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use vafa_core::error::{Error, Field, Result, Why};
use vafa_core::receipt::{CloseReport, Slip};
use vafa_devices::printer::Paper;
use vafa_service::Vafa;
use vafa_service::receipts::{Printed, draw};
use vafa_text::receipt::{Word, plain, word};

use super::args::date;
use super::output::Out;

/// Where a slip goes: a printer, a PNG file, or (neither) the screen.
#[derive(Args, Debug, Clone, Default)]
pub struct PrintArgs {
    /// The printer: tcp://HOST[:PORT], serial:PATH[@BAUD] or file:PATH (default: [printer] target).
    #[arg(long)]
    pub printer: Option<String>,
    /// Paper width in millimetres: 58 or 80 (default: [printer] paper).
    #[arg(long)]
    pub width: Option<String>,
    /// Write the slip as a PNG picture instead of printing it.
    #[arg(skip)]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct ReceiptArgs {
    /// The sale (the receipt number).
    pub sale_id: String,
    #[command(flatten)]
    pub to: PrintArgs,
    /// Write the slip as a PNG picture instead of printing it.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct CloseArgs {
    /// Print the close on the receipt printer.
    #[arg(long)]
    pub print: bool,
    #[command(flatten)]
    pub to: PrintArgs,
    /// Write the close as a PNG picture.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

/// `vafa report close` (its `--out FILE.png` is the report's).
#[derive(Args, Debug, Clone)]
pub struct ReportCloseArgs {
    /// The day (ISO or Jalali; default today). Without --shift.
    #[arg(long)]
    pub date: Option<String>,
    /// The shift: since the last close.
    #[arg(long)]
    pub shift: bool,
    /// Print the close on the receipt printer.
    #[arg(long)]
    pub print: bool,
    #[command(flatten)]
    pub to: PrintArgs,
}

fn paper(v: &Vafa, text: &Option<String>) -> Result<Paper> {
    match text {
        None => Ok(v.paper(None)),
        Some(t) => {
            Paper::parse(&vafa_core::digits::normalize_digits(t)).ok_or_else(|| Error::Invalid {
                field: Field::Paper,
                value: t.clone(),
                why: Why::UnknownChoice,
            })
        }
    }
}

/// Prints `slip` or writes it as PNG; says what it did (JSON: `printed`).
fn send(v: &Vafa, slip: &Slip, to: &PrintArgs, drawer: bool) -> Result<Option<Printed>> {
    let p = paper(v, &to.width)?;
    let bitmap = draw(slip, p);
    let l = v.lang();
    if let Some(path) = &to.out {
        let bytes = vafa_devices::printer::png::encode(&bitmap).map_err(|detail| Error::Io {
            path: path.display().to_string(),
            detail,
        })?;
        std::fs::write(path, bytes).map_err(|e| Error::Io {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        eprintln!("{} {}", word(l, Word::Written), path.display());
        return Ok(None);
    }
    let printed = v.print_slip(&bitmap, to.printer.as_deref(), drawer)?;
    eprintln!("{} {}", word(l, Word::Printed), printed.target);
    Ok(Some(printed))
}

/// `vafa receipt SALE_ID`.
pub(crate) fn receipt(mut a: ReceiptArgs, v: &mut Vafa, out: &mut Out) -> Result<()> {
    a.to.out = a.out.take();
    let r = v.receipt(&a.sale_id, true)?;
    let slip = v.receipt_slip(&r);
    let printed = send(v, &slip, &a.to, false)?;
    let mut o = std::io::stdout().lock();
    if out.json() {
        let json = serde_json::json!({"receipt": r, "printed": printed});
        let _ = writeln!(
            o,
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    } else if a.to.out.is_none() && printed.is_none() {
        let _ = write!(o, "{}", plain(&slip));
    }
    Ok(())
}

fn show(v: &Vafa, c: &CloseReport, print: bool, to: &PrintArgs, out: &mut Out) -> Result<()> {
    let slip = v.close_slip(c);
    let printed = if print || to.out.is_some() {
        send(v, &slip, to, false)?
    } else {
        None
    };
    let mut o = std::io::stdout().lock();
    if out.json() {
        let mut json = serde_json::to_value(c).unwrap_or_default();
        if let (Some(p), Some(obj)) = (printed, json.as_object_mut()) {
            obj.insert(
                "printed".into(),
                serde_json::to_value(p).unwrap_or_default(),
            );
        }
        let _ = writeln!(
            o,
            "{}",
            serde_json::to_string_pretty(&json).unwrap_or_default()
        );
    } else {
        let _ = write!(o, "{}", plain(&slip));
    }
    Ok(())
}

/// `vafa report close [--date D] [--shift]`: read only.
pub(crate) fn report(
    mut a: ReportCloseArgs,
    file: Option<PathBuf>,
    v: &mut Vafa,
    out: &mut Out,
) -> Result<()> {
    a.to.out = file;
    let day = a
        .date
        .as_deref()
        .map(|t| date(Field::Day, t).map(|g| g.date))
        .transpose()?;
    let c = v.close_report(day, a.shift)?;
    show(v, &c, a.print, &a.to, out)
}

/// `vafa close`: closes the shift (recorded, audited) and shows or prints its figures.
pub(crate) fn close(mut a: CloseArgs, v: &mut Vafa, out: &mut Out) -> Result<()> {
    a.to.out = a.out.take();
    let c = v.close_shift()?;
    if !out.json() {
        eprintln!("{}", word(v.lang(), Word::CloseRecorded));
    }
    show(v, &c, a.print, &a.to, out)
}
