//! Printing off the window's thread (headless, iced_test): a sale's slip goes to a network
//! printer that does not answer (its listen queue full, so a connection hangs until the
//! transport's 5 s timeout), and the window's update returns at once; the outcome arrives
//! later as a message, shown in the window. A printer that answers gets the ESC/POS job.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::*;
use iced::Task;
use iced::futures::StreamExt;
use iced_test::runtime::Action;
use vafa_core::lang::Lang;
use vafa_text::receipt::{Word, word};
use vafa_ui::screen::till::{self, print::Note};
use vafa_ui::{App, Message};

/// Runs a task as the window's runtime would (to its end) and returns what it produced.
fn outputs(task: Task<Message>) -> Vec<Message> {
    let Some(stream) = iced_test::runtime::task::into_stream(task) else {
        return Vec::new();
    };
    iced::futures::executor::block_on(
        stream
            .filter_map(|a| async move {
                match a {
                    Action::Output(m) => Some(m),
                    _ => None,
                }
            })
            .collect(),
    )
}

fn shop_with_printer(target: &str) -> (tempfile::TempDir, App) {
    let (dir, mut app) = demo_shop(Lang::En);
    let v = app.vafa.as_mut().unwrap();
    v.import_config(&format!(
        "[printer]\npaper = 58\nauto = true\ntarget = \"{target}\"\n"
    ))
    .unwrap();
    (dir, app)
}

/// A guest sale of 50,000 toman typed and confirmed; the task Enter gave back.
fn guest_sale(app: &mut App) -> (Task<Message>, Duration) {
    let _ = app.update(Message::Till(till::Message::Guest));
    type_into(app, till::AMOUNT_ID, "50000");
    let t = Instant::now();
    let task = app.update(Message::Till(till::Message::Confirm));
    (task, t.elapsed())
}

/// A listener nobody accepts from, its queue filled: a new connection hangs.
fn printer_that_never_answers() -> (TcpListener, Vec<TcpStream>, SocketAddr) {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let mut held = Vec::new();
    while let Ok(s) = TcpStream::connect_timeout(&addr, Duration::from_millis(300)) {
        held.push(s);
        assert!(held.len() < 10_000, "the listen queue never filled");
    }
    (l, held, addr)
}

#[test]
fn a_printer_that_does_not_answer_does_not_hold_the_window() {
    let (_l, _held, addr) = printer_that_never_answers();
    let (_dir, mut app) = shop_with_printer(&format!("tcp://{addr}"));
    let (task, took) = guest_sale(&mut app);
    // The sale is on screen and the window is free: the slip is only on its way.
    assert!(
        matches!(app.till.stage, till::Stage::Done { .. }),
        "{:?}",
        app.till.error
    );
    assert!(took < Duration::from_secs(1), "update took {took:?}");
    assert_eq!(app.till.print_note, Some(Note::Sending));
    assert!(shows(&app, word(Lang::En, Word::Printing)));
    // The window goes on meanwhile: "next customer" and a lookup.
    let t = Instant::now();
    let _ = app.update(Message::Till(till::Message::Confirm));
    assert!(app.till.is_idle());
    assert!(t.elapsed() < Duration::from_secs(1));
    // The outcome arrives later, from the print thread: it waited for the printer.
    let t = Instant::now();
    let msgs = outputs(task);
    let waited = t.elapsed();
    assert!(
        waited >= Duration::from_secs(3),
        "the send waited {waited:?}"
    );
    println!("update: {took:?}; the printer's answer came {waited:?} later");
    assert_eq!(msgs.len(), 1, "{msgs:?}");
    feed(&mut app, msgs);
    let Some(Note::Failed(why)) = &app.till.print_note else {
        panic!("{:?}", app.till.print_note)
    };
    assert!(why.contains(&addr.to_string()), "{why}");
    assert!(shows(&app, why));
}

#[test]
fn a_printer_that_answers_gets_the_slip_and_the_window_says_so() {
    let l = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = l.local_addr().unwrap();
    let printer = std::thread::spawn(move || {
        let (mut s, _) = l.accept().unwrap();
        let mut job = Vec::new();
        s.read_to_end(&mut job).unwrap();
        job
    });
    let (_dir, mut app) = shop_with_printer(&format!("tcp://{addr}"));
    let (task, took) = guest_sale(&mut app);
    assert!(took < Duration::from_secs(1), "update took {took:?}");
    assert_eq!(app.till.print_note, Some(Note::Sending));
    feed(&mut app, outputs(task));
    assert_eq!(app.till.print_note, Some(Note::Printed));
    assert!(shows(&app, word(Lang::En, Word::PrintDone)));
    let job = printer.join().unwrap();
    assert_eq!(&job[..2], &[0x1B, 0x40]);
    // Reprint from idle (F7): the same way, and a missing printer says so at once.
    let _ = app.update(Message::Till(till::Message::Cancel));
    app.vafa
        .as_mut()
        .unwrap()
        .import_config("[printer]\npaper = 58\n")
        .unwrap();
    let task = app.update(Message::Till(till::Message::Print));
    assert!(outputs(task).is_empty());
    assert!(matches!(app.till.print_note, Some(Note::Failed(_))));
}
