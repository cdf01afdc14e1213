//! The basket from the till window (headless, iced_test): a category button the shop
//! configured turns the typed amount into a line of that category, and a category offer
//! applies to the sale; the receipt of the result can be printed (a device file here). A
//! scanned SKU becomes a line of its category at its price, with a customer on screen.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use iced::Settings;
use iced_test::Simulator;
use vafa_core::lang::Lang;
use vafa_devices::ReaderEvent;
use vafa_service::demo::{self, DemoOptions};
use vafa_text::i18n::{S, tr};
use vafa_text::receipt::{Word, word};
use vafa_ui::screen::{start, till};
use vafa_ui::{App, Message, font, staff};

fn sim(app: &App) -> Simulator<'_, Message> {
    let settings = Settings {
        fonts: vec![font::REGULAR_BYTES.into(), font::BOLD_BYTES.into()],
        default_font: font::REGULAR,
        ..Settings::default()
    };
    Simulator::with_size(settings, (1280.0, 800.0), app.view())
}

/// Each message through the app, and what its task brings (a print job's outcome) too,
/// as the window's runtime would.
fn run(app: &mut App, msgs: Vec<Message>) {
    for m in msgs {
        let task = app.update(m);
        let Some(stream) = iced_test::runtime::task::into_stream(task) else {
            continue;
        };
        let more: Vec<Message> =
            iced::futures::executor::block_on(iced::futures::StreamExt::collect::<Vec<_>>(
                iced::futures::StreamExt::filter_map(stream, |a| async move {
                    match a {
                        iced_test::runtime::Action::Output(m) => Some(m),
                        _ => None,
                    }
                }),
            ));
        run(app, more);
    }
}

fn click(app: &mut App, label: &str) {
    let mut ui = sim(app);
    ui.click(label)
        .unwrap_or_else(|e| panic!("click {label:?}: {e:?}"));
    let msgs = ui.into_messages().collect();
    run(app, msgs);
}

fn type_amount(app: &mut App, text: &str) {
    for c in text.chars() {
        let mut ui = sim(app);
        ui.click(iced::widget::Id::new(till::AMOUNT_ID)).unwrap();
        ui.typewrite(&c.to_string());
        let msgs = ui.into_messages().collect();
        run(app, msgs);
    }
}

const CONFIG: &str = r#"
[printer]
paper = 58
target = "file:LP"
[[basket.category]]
id = "coffee"
name = { fa = "قهوه", en = "Coffee" }
[[basket.category]]
id = "cake"
name = { fa = "کیک", en = "Cake" }
"#;

const OFFER: &str = r#"
[[offer]]
id = "coffee-bonus"
name = { fa = "جایزهٔ قهوه", en = "Coffee bonus" }
[offer.when]
categories = ["coffee"]
[offer.reward]
extra_credit_percent = 30
"#;

/// A demo shop in `dir` with `config` and the coffee offer, signed in as the demo manager:
/// the window, and the card of a member.
fn signed_in(dir: &std::path::Path, config: &str) -> (App, String) {
    let mut v = demo::create(
        dir,
        &DemoOptions {
            members: 10,
            days: 5,
            seed: 7,
            lang: Lang::En,
            now: None,
        },
    )
    .unwrap();
    v.import_config(config).unwrap();
    v.import_offers(OFFER).unwrap();
    staff::add_first(&mut v, start::DEMO_MANAGER, start::DEMO_PIN).unwrap();
    let card = (0..10)
        .map(demo::demo_card)
        .find(|c| v.member_of_card(c, None).is_ok())
        .unwrap();
    drop(v);
    let (mut app, _) = App::new(dir);
    for d in ["1", "4", "0", "5"] {
        click(&mut app, d);
    }
    click(&mut app, tr(Lang::En, S::SignIn));
    (app, card)
}

#[test]
fn a_category_button_makes_a_basket_line_and_its_offer_applies() {
    let dir = tempfile::tempdir().unwrap();
    let lp = dir.path().join("lp0");
    std::fs::write(&lp, b"").unwrap();
    let (mut app, card) = signed_in(dir.path(), &CONFIG.replace("LP", &lp.display().to_string()));
    scan(&mut app, &card);
    // 100,000 toman of coffee, then 20,000 toman of something else.
    type_amount(&mut app, "100000");
    click(&mut app, "Coffee");
    assert!(app.till.amount.is_empty(), "the amount became a line");
    assert!(sim(&app).find(word(Lang::En, Word::Basket)).is_ok());
    type_amount(&mut app, "20000");
    click(&mut app, tr(Lang::En, S::Confirm));
    let till::Stage::Done { result, .. } = &app.till.stage else {
        panic!("no result: {:?}", app.till.error)
    };
    assert_eq!(result.gross, 1_200_000);
    let coffee = result
        .offers
        .iter()
        .find(|o| &*o.id == "coffee-bonus")
        .unwrap();
    assert!(coffee.eligible && coffee.chosen, "{coffee:?}");
    // In the database: the lines with their categories, and the offer's use.
    let id = result.sale_id.clone().unwrap();
    let v = app.vafa.as_ref().unwrap();
    let items = vafa_store::sales::items(v.conn(), &id).unwrap();
    let lines: Vec<(Option<String>, i64)> = items
        .iter()
        .map(|i| (i.category.clone(), i.unit_price))
        .collect();
    assert_eq!(lines, [(Some("coffee".into()), 1_000_000), (None, 200_000)]);
    let used: i64 = v
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM sale_offers WHERE sale_id = ?1 AND offer_id = 'coffee-bonus'",
            [&id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(used, 1);
    // Print the receipt from the result panel: an ESC/POS job on the printer.
    click(&mut app, word(Lang::En, Word::PrintReceipt));
    assert!(app.till.error.is_none(), "{:?}", app.till.error);
    assert_eq!(
        app.till.print_note,
        Some(till::print::Note::Printed),
        "the print task ran"
    );
    let job = std::fs::read(&lp).unwrap();
    assert_eq!(&job[..2], &[0x1B, 0x40]);
    assert!(
        vafa_devices::printer::escpos::decode(&job)
            .unwrap()
            .height()
            > 300
    );
    // Back to idle: reprint the last receipt, then the end-of-day panel (F8) and its close.
    let _ = app.update(Message::Till(till::Message::Cancel));
    click(&mut app, word(Lang::En, Word::ReprintLast));
    assert!(std::fs::read(&lp).unwrap().len() > job.len());
    click(&mut app, word(Lang::En, Word::EndOfDay));
    assert!(matches!(app.till.stage, till::Stage::Close(_)));
    assert!(sim(&app).find("Paid").is_ok());
    click(&mut app, word(Lang::En, Word::CloseShift));
    let v = app.vafa.as_ref().unwrap();
    let closes: i64 = v
        .conn()
        .query_row("SELECT COUNT(*) FROM closes", [], |r| r.get(0))
        .unwrap();
    assert_eq!(closes, 1);
    let till::Stage::Close(panel) = &app.till.stage else {
        panic!("the close stays on screen")
    };
    assert!(panel.report.close_id.is_some());
    assert!(panel.report.totals.sales >= 1);
}

const SKUS: &str = r#"
[[basket.category]]
id = "coffee"
name = { fa = "قهوه", en = "Coffee" }
[[basket.category]]
id = "cake"
name = { fa = "کیک", en = "Cake" }
[[basket.sku]]
code = "6260000000017"
category = "coffee"
name = { fa = "اسپرسو", en = "Espresso" }
price = 450000
[[basket.sku]]
code = "6260000000024"
category = "cake"
"#;

/// A code read by a reader (a card, or a barcode scanner's SKU).
fn scan(app: &mut App, code: &str) {
    let read = vafa_devices::typed_card(code, None).unwrap();
    let _ = app.update(Message::Reader(ReaderEvent::Read {
        reader: "scanner".into(),
        read,
        at: Instant::now(),
    }));
}

#[test]
fn a_scanned_sku_is_a_basket_line_not_another_customer() {
    let dir = tempfile::tempdir().unwrap();
    let (mut app, card) = signed_in(dir.path(), SKUS);
    // At idle a code is a card read as ever (an unknown one: the enrol offer).
    scan(&mut app, "6260000000017");
    assert!(matches!(app.till.stage, till::Stage::UnknownCard(_)));
    let _ = app.update(Message::Till(till::Message::Cancel));
    scan(&mut app, &card);
    let till::Stage::Member(m) = &app.till.stage else {
        panic!("no member: {:?}", app.till.error)
    };
    let member = m.id.clone();
    // The espresso at its price; the cake has none: it asks, then takes the typed amount.
    scan(&mut app, "6260000000017");
    assert!(sim(&app).find("Espresso").is_ok());
    scan(&mut app, "6260000000024");
    assert_eq!(
        app.till.error.as_deref(),
        Some(word(Lang::En, Word::SkuNeedsPrice))
    );
    assert_eq!(
        app.till.basket.lines.len(),
        1,
        "nothing added without a price"
    );
    type_amount(&mut app, "30000");
    scan(&mut app, "6260000000024");
    assert!(app.till.error.is_none(), "{:?}", app.till.error);
    assert!(
        app.till.amount.is_empty(),
        "the typed amount became the cake's price"
    );
    let till::Stage::Member(m) = &app.till.stage else {
        panic!("the customer changed")
    };
    assert_eq!(m.id, member, "a scanned item never switches the customer");
    click(&mut app, tr(Lang::En, S::Confirm));
    let till::Stage::Done { result, .. } = &app.till.stage else {
        panic!("no result: {:?}", app.till.error)
    };
    assert_eq!(result.gross, 750_000);
    assert!(
        result
            .offers
            .iter()
            .any(|o| &*o.id == "coffee-bonus" && o.chosen),
        "the espresso is coffee: {:?}",
        result.offers
    );
    let id = result.sale_id.clone().unwrap();
    let v = app.vafa.as_ref().unwrap();
    let lines: Vec<(String, Option<String>, i64)> = vafa_store::sales::items(v.conn(), &id)
        .unwrap()
        .iter()
        .map(|i| (i.sku.clone(), i.category.clone(), i.unit_price))
        .collect();
    assert_eq!(
        lines,
        [
            ("6260000000017".into(), Some("coffee".into()), 450_000),
            ("6260000000024".into(), Some("cake".into()), 300_000),
        ]
    );
}
