//! Receipt printing end to end, without a printer: a Persian slip drawn with the bundled
//! font, its ESC/POS bytes sent to a real TCP listener, a pseudo-terminal pair and a file,
//! and read back into the same picture.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Read;
use std::time::Instant;

use serialport::{SerialPort, TTYPort};
use vafa_core::receipt::{Slip, SlipLine};
use vafa_devices::printer::escpos::{self, Finish};
use vafa_devices::printer::render::Renderer;
use vafa_devices::printer::transport::Target;
use vafa_devices::printer::{Bitmap, Paper};

fn slip() -> Slip {
    Slip {
        rtl: true,
        lines: vec![
            SlipLine::Title("کافه سلام".into()),
            SlipLine::Rule,
            SlipLine::Pair("جمع خرید".into(), "۱۲۳٬۴۵۶ تومان".into()),
            SlipLine::Strong("پرداختی".into(), "۱۲۰٬۰۰۰ تومان".into()),
        ],
    }
}

fn job() -> (Bitmap, Vec<u8>) {
    let b = Renderer::new().draw(&slip(), Paper::Mm58);
    let bytes = escpos::encode(&b, Finish::default());
    (b, bytes)
}

#[test]
fn a_persian_slip_is_drawn_right_aligned_and_encoded() {
    let t = Instant::now();
    let (b, bytes) = job();
    eprintln!(
        "58 mm: {}x{} in {:?}, {} bytes",
        b.width(),
        b.height(),
        t.elapsed(),
        bytes.len()
    );
    assert_eq!(b.width(), 384);
    assert!(b.black() > 500, "ink on the slip");
    // Right to left: the label "جمع خرید" hugs the right edge, so there is ink in the
    // rightmost quarter on every text row and the title is centred.
    let right_ink = (0..b.height()).any(|y| (300..376).any(|x| b.get(x, y)));
    assert!(right_ink);
    assert_eq!(&bytes[..8], &[0x1B, 0x40, 0x1D, 0x76, 0x30, 0x00, 48, 0]);
    assert_eq!(escpos::decode(&bytes).unwrap(), b);
    let png = vafa_devices::printer::png::encode(&b).unwrap();
    assert_eq!(vafa_devices::printer::png::decode(&png).unwrap(), b);
    if let Ok(dir) = std::env::var("VAFA_SLIP_DIR") {
        std::fs::write(format!("{dir}/devices-slip.png"), png).unwrap();
    }
}

#[test]
fn a_network_printer_receives_the_job() {
    let (_, bytes) = job();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let got = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut all = Vec::new();
        s.read_to_end(&mut all).unwrap();
        all
    });
    Target::parse(&format!("tcp://127.0.0.1:{port}"))
        .unwrap()
        .send(&bytes)
        .unwrap();
    assert_eq!(got.join().unwrap(), bytes);
}

#[test]
fn a_serial_printer_receives_the_job() {
    let (_, bytes) = job();
    let (mut master, slave) = TTYPort::pair().expect("pty pair");
    let path = slave.name().unwrap();
    let n = bytes.len();
    let reader = std::thread::spawn(move || {
        master
            .set_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        let mut all = vec![0u8; n];
        master.read_exact(&mut all).unwrap();
        all
    });
    Target::parse(&format!("serial:{path}@115200"))
        .unwrap()
        .send(&bytes)
        .unwrap();
    assert_eq!(reader.join().unwrap(), bytes);
    drop(slave);
}

#[test]
fn a_device_file_receives_the_job_appended() {
    let (_, bytes) = job();
    let dir = std::env::temp_dir().join(format!("vafa-lp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("lp0");
    std::fs::write(&path, b"").unwrap();
    let target = Target::parse(&format!("file:{}", path.display())).unwrap();
    target.send(&bytes).unwrap();
    target.send(&bytes).unwrap();
    assert_eq!(
        std::fs::read(&path).unwrap(),
        [bytes.clone(), bytes].concat()
    );
    // Never created: a missing device is an error, not a new file.
    assert!(
        Target::parse("file:/nonexistent/lp9")
            .unwrap()
            .send(b"x")
            .is_err()
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
