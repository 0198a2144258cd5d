//! Headless Chromium driven over the `DevTools` protocol: a page opened in its own tab, real
//! key presses and typed text, scripts evaluated in the page, and the network requests the
//! page made. A minimal `WebSocket` client (RFC 6455, text frames) over a `TcpStream`; the
//! browser is killed when the [`Browser`] is dropped.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

/// How long any one answer from the browser may take before the test fails.
const PATIENCE: Duration = Duration::from_mins(1);

/// The Chromium on `PATH`, if any. In CI it must be there (`.ci/run` installs it).
pub fn chromium() -> Option<&'static str> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| {
            std::env::var_os("PATH")
                .is_some_and(|paths| std::env::split_paths(&paths).any(|p| p.join(b).is_file()))
        });
    if found.is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI installs chromium (see .ci/run)"
        );
    }
    found
}

/// A headless browser with one page open.
pub struct Browser {
    child: Child,
    socket: TcpStream,
    session: String,
    next_id: u64,
    /// Events received while waiting for answers, oldest first.
    pub events: Vec<Value>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts `program` and opens `page` in a new tab, with network events recorded from
    /// before the first request; returns once the page's `load` event fired.
    pub fn open(program: &str, page: &Path) -> Browser {
        let profile = tempfile::tempdir().expect("profile dir");
        let child = Command::new(program)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--window-size=1280,900",
                "--remote-debugging-port=0",
                &format!("--user-data-dir={}", profile.path().display()),
                "about:blank",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromium");
        // Chromium writes its port and the browser's WebSocket path to this file.
        let port_file = profile.path().join("DevToolsActivePort");
        let started = Instant::now();
        let (port, path) = loop {
            if let Ok(text) = std::fs::read_to_string(&port_file)
                && let Some((port, path)) = text.split_once('\n')
                && !path.trim().is_empty()
            {
                break (port.trim().to_owned(), path.trim().to_owned());
            }
            assert!(
                started.elapsed() < PATIENCE,
                "chromium did not open its DevTools port"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let socket = connect(&port, &path);
        let mut browser = Browser {
            child,
            socket,
            session: String::new(),
            next_id: 1,
            events: Vec::new(),
            _profile: profile,
        };
        let target = browser.call_browser("Target.createTarget", json!({"url": "about:blank"}));
        let target = target["targetId"].as_str().expect("a target id").to_owned();
        let attached = browser.call_browser(
            "Target.attachToTarget",
            json!({"targetId": target, "flatten": true}),
        );
        attached["sessionId"]
            .as_str()
            .expect("a session id")
            .clone_into(&mut browser.session);
        browser.call("Network.enable", json!({}));
        browser.call("Page.enable", json!({}));
        browser.call("Performance.enable", json!({}));
        browser.events.clear();
        let url = format!("file://{}", page.display());
        browser.call("Page.navigate", json!({"url": url}));
        browser.wait_event("Page.loadEventFired");
        browser
    }

    /// Calls a method of the page's session and returns its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.send(method, params, Some(&session))
    }

    fn call_browser(&mut self, method: &str, params: Value) -> Value {
        self.send(method, params, None)
    }

    fn send(&mut self, method: &str, params: Value, session: Option<&str>) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut message = json!({"id": id, "method": method});
        message["params"] = params;
        if let Some(session) = session {
            message["sessionId"] = session.into();
        }
        write_frame(&mut self.socket, message.to_string().as_bytes());
        loop {
            let reply = self.receive();
            if reply["id"].as_u64() == Some(id) {
                assert!(reply.get("error").is_none(), "{method}: {reply}");
                return reply["result"].clone();
            }
            if reply.get("method").is_some() {
                self.events.push(reply);
            }
        }
    }

    fn receive(&mut self) -> Value {
        let text = read_message(&mut self.socket);
        serde_json::from_slice(&text).expect("DevTools messages are JSON")
    }

    /// Waits for an event named `method` (one already received counts).
    pub fn wait_event(&mut self, method: &str) -> Value {
        if let Some(e) = self.events.iter().find(|e| e["method"] == method) {
            return e.clone();
        }
        loop {
            let message = self.receive();
            if message.get("method").is_some() {
                self.events.push(message.clone());
                if message["method"] == method {
                    return message;
                }
            }
        }
    }

    /// Evaluates `expression` in the page and returns its value (promises awaited); a
    /// thrown exception fails the test.
    pub fn eval(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({"expression": expression, "returnByValue": true, "awaitPromise": true}),
        );
        assert!(
            result.get("exceptionDetails").is_none(),
            "{expression}: {}",
            result["exceptionDetails"]
        );
        result["result"]["value"].clone()
    }

    /// The page's performance counters in milliseconds (`ScriptDuration`, `LayoutDuration`,
    /// `RecalcStyleDuration`, `TaskDuration`), since it was opened.
    pub fn durations(&mut self) -> Vec<(String, u64)> {
        let metrics = self.call("Performance.getMetrics", json!({}));
        metrics["metrics"]
            .as_array()
            .expect("metrics")
            .iter()
            .filter(|m| m["name"].as_str().is_some_and(|n| n.ends_with("Duration")))
            .map(|m| {
                let seconds = m["value"].as_f64().unwrap_or(0.0);
                (
                    m["name"].as_str().unwrap_or("").to_owned(),
                    u64::try_from(Duration::from_secs_f64(seconds.max(0.0)).as_millis())
                        .unwrap_or(u64::MAX),
                )
            })
            .collect()
    }

    /// Presses and releases a key, as a user would: `n`, `/`, `Escape`, `Enter`.
    pub fn key(&mut self, key: &str) {
        let (code, text, vk) = match key {
            "Escape" => ("Escape".to_owned(), String::new(), 27),
            "Enter" => ("Enter".to_owned(), "\r".to_owned(), 13),
            "/" => ("Slash".to_owned(), "/".to_owned(), 191),
            k => {
                let c = k.chars().next().expect("a key");
                (
                    format!("Key{}", c.to_ascii_uppercase()),
                    k.to_owned(),
                    u32::from(c.to_ascii_uppercase()),
                )
            }
        };
        let mut down =
            json!({"type": "keyDown", "key": key, "code": code, "windowsVirtualKeyCode": vk});
        if !text.is_empty() {
            down["text"] = text.into();
        }
        self.call("Input.dispatchKeyEvent", down);
        self.call(
            "Input.dispatchKeyEvent",
            json!({"type": "keyUp", "key": key, "code": code, "windowsVirtualKeyCode": vk}),
        );
    }

    /// Types `text` into the focused element.
    pub fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({"text": text}));
    }

    /// The URLs of every request the page made since it was opened.
    pub fn requests(&mut self) -> Vec<String> {
        // A round trip flushes the events sent before it.
        self.eval("0");
        self.events
            .iter()
            .filter(|e| e["method"] == "Network.requestWillBeSent")
            .map(|e| {
                e["params"]["request"]["url"]
                    .as_str()
                    .unwrap_or("")
                    .to_owned()
            })
            .collect()
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Opens the `WebSocket` at `ws://127.0.0.1:{port}{path}`.
fn connect(port: &str, path: &str) -> TcpStream {
    let mut socket = TcpStream::connect(format!("127.0.0.1:{port}")).expect("connect to chromium");
    socket
        .set_read_timeout(Some(PATIENCE))
        .expect("read timeout");
    write!(
        socket,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: bmF2ZGlmZi10ZXN0LWtleQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
    )
    .expect("send the handshake");
    let mut reader = BufReader::new(socket.try_clone().expect("clone the socket"));
    let mut status = String::new();
    reader.read_line(&mut status).expect("handshake answer");
    assert!(status.contains(" 101 "), "WebSocket handshake: {status}");
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).expect("handshake headers");
        if line == "\r\n" || line.is_empty() {
            break;
        }
    }
    assert!(
        reader.buffer().is_empty(),
        "no frame arrives before the first call"
    );
    socket
}

/// Sends `payload` as one masked text frame.
fn write_frame(socket: &mut TcpStream, payload: &[u8]) {
    let mut frame = vec![0x81];
    let len = payload.len();
    if len < 126 {
        frame.push(0x80 | u8::try_from(len).expect("small"));
    } else if let Ok(len) = u16::try_from(len) {
        frame.push(0x80 | 0x7e);
        frame.extend_from_slice(&len.to_be_bytes());
    } else {
        frame.push(0x80 | 0x7f);
        frame.extend_from_slice(&(len as u64).to_be_bytes());
    }
    let mask = [0x6e, 0x61, 0x76, 0x64];
    frame.extend_from_slice(&mask);
    frame.extend(payload.iter().enumerate().map(|(i, b)| b ^ mask[i % 4]));
    socket.write_all(&frame).expect("send a frame");
}

/// Reads one whole message (continuation frames joined; pings and pongs skipped).
fn read_message(socket: &mut TcpStream) -> Vec<u8> {
    let mut message = Vec::new();
    loop {
        let mut head = [0u8; 2];
        socket.read_exact(&mut head).expect("a frame from chromium");
        let (fin, opcode) = (head[0] & 0x80 != 0, head[0] & 0x0f);
        let mut len = u64::from(head[1] & 0x7f);
        if len == 126 {
            let mut b = [0u8; 2];
            socket.read_exact(&mut b).expect("length");
            len = u64::from(u16::from_be_bytes(b));
        } else if len == 127 {
            let mut b = [0u8; 8];
            socket.read_exact(&mut b).expect("length");
            len = u64::from_be_bytes(b);
        }
        let mut payload = vec![0u8; usize::try_from(len).expect("fits in memory")];
        socket.read_exact(&mut payload).expect("payload");
        match opcode {
            0x8 => panic!("chromium closed the DevTools connection"),
            0x9 | 0xa => continue,
            _ => message.extend_from_slice(&payload),
        }
        if fin {
            return message;
        }
    }
}
