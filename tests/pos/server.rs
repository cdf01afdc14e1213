//! A real `vafa pos serve` on 127.0.0.1:0 over a shop in a temp dir (the fixed clock), a
//! plain HTTP/1.1 client that can speak through any address, and a fault-injecting proxy.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use serde_json::Value;

use super::common::Shop;

/// A running `vafa pos serve`; stopped when dropped.
pub struct Server {
    pub addr: SocketAddr,
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    pub fn start(shop: &Shop) -> Server {
        Self::start_at(shop, "127.0.0.1:0")
    }

    pub fn start_at(shop: &Shop, listen: &str) -> Server {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("vafa"));
        cmd.env("VAFA_DATA_DIR", shop.dir.path())
            .env("VAFA_NOW", super::common::NOW)
            .env_remove("VAFA_LANG")
            .args(["--json", "pos", "serve", "--listen", listen])
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().expect("vafa pos serve");
        let mut out = child.stdout.take().expect("stdout");
        let mut line = Vec::new();
        let mut b = [0u8; 1];
        while out.read(&mut b).map(|n| n == 1).unwrap_or(false) && b[0] != b'\n' {
            line.push(b[0]);
        }
        let v: Value = serde_json::from_slice(&line).unwrap_or_else(|_| {
            panic!(
                "vafa pos serve printed {:?}",
                String::from_utf8_lossy(&line)
            )
        });
        let url = v["listen"].as_str().expect("listen").to_string();
        let addr = url.trim_start_matches("http://").parse().expect("address");
        Server { addr, child }
    }
}

/// One HTTP answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|_| panic!("not JSON ({}): {}", self.status, self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The error code of an error answer.
    pub fn code(&self) -> String {
        self.json()["error"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    }
}

/// Sends one request (`Connection: close`) and reads the whole answer; `None` if the
/// connection ended without one (a dropped answer) or timed out.
pub fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Option<Answer> {
    let mut tcp = TcpStream::connect(addr).ok()?;
    tcp.set_read_timeout(Some(Duration::from_secs(40))).ok()?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(t) = token {
        req.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    let body = body.unwrap_or("");
    if !body.is_empty() || method == "POST" {
        req.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    req.push_str("\r\n");
    req.push_str(body);
    tcp.write_all(req.as_bytes()).ok()?;
    let mut raw = Vec::new();
    tcp.read_to_end(&mut raw).ok()?;
    parse(&raw)
}

fn parse(raw: &[u8]) -> Option<Answer> {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.lines();
    let status = lines.next()?.split_whitespace().nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Some(Answer {
        status,
        headers,
        body: body.to_string(),
    })
}

/// A client bound to a server and a token.
pub struct Client {
    pub addr: SocketAddr,
    pub token: String,
}

impl Client {
    pub fn post(&self, path: &str, body: &str) -> Answer {
        send(self.addr, "POST", path, Some(&self.token), Some(body)).expect("an answer")
    }

    pub fn get(&self, path: &str) -> Answer {
        send(self.addr, "GET", path, Some(&self.token), None).expect("an answer")
    }

    /// Sends up to `tries` times until an answer arrives (a POS program after a timeout).
    pub fn post_retrying(&self, path: &str, body: &str, tries: usize) -> (Answer, usize) {
        for attempt in 1..=tries {
            if let Some(a) = send(self.addr, "POST", path, Some(&self.token), Some(body)) {
                return (a, attempt);
            }
        }
        panic!("no answer to {path} in {tries} tries");
    }
}

/// A TCP proxy in front of `target` that passes each request through but drops the
/// answer of the first `drop_of_each - 1` connections out of every `drop_of_each`: the
/// server has done the work, the client never hears of it.
pub struct Proxy {
    pub addr: SocketAddr,
    pub dropped: Arc<AtomicUsize>,
}

impl Proxy {
    pub fn start(target: SocketAddr, drop_of_each: usize) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let dropped = Arc::new(AtomicUsize::new(0));
        let count = Arc::clone(&dropped);
        std::thread::spawn(move || {
            for (n, conn) in listener.incoming().enumerate() {
                let Ok(client) = conn else { continue };
                let drop_answer = (n + 1) % drop_of_each != 0;
                let count = Arc::clone(&count);
                std::thread::spawn(move || {
                    let Ok(server) = TcpStream::connect(target) else {
                        return;
                    };
                    let (mut c_in, mut s_out) = (
                        client.try_clone().expect("clone"),
                        server.try_clone().expect("clone"),
                    );
                    let up = std::thread::spawn(move || {
                        let _ = std::io::copy(&mut c_in, &mut s_out);
                    });
                    let mut answer = Vec::new();
                    let mut server = server;
                    let _ = server.read_to_end(&mut answer);
                    let mut client = client;
                    if drop_answer {
                        count.fetch_add(1, Ordering::SeqCst);
                    } else {
                        let _ = client.write_all(&answer);
                    }
                    let _ = client.shutdown(std::net::Shutdown::Both);
                    let _ = up.join();
                });
            }
        });
        Proxy { addr, dropped }
    }
}

/// A shop with one member (card `C1`, 09121234567) and a POS token named `till-pos`;
/// returns (member id, token).
pub fn shop_with_member(shop: &Shop) -> (String, String) {
    let id = shop.enrol("Sara", "09121234567", Some("C1"));
    let token = shop.json(&["pos", "token", "--name", "till-pos"])["token"]
        .as_str()
        .expect("token")
        .to_string();
    (id, token)
}

/// Rows of `table` in the shop's database.
pub fn rows(shop: &Shop, table: &str) -> i64 {
    shop.counts()
        .into_iter()
        .find(|(t, _)| t == table)
        .map(|(_, n)| n)
        .unwrap_or_else(|| panic!("no table {table}"))
}
