//! A private desktop session for notification tests: an X server (Xvfb), a D-Bus session bus
//! of its own, a real notification daemon (dunst) on both, and `dbus-monitor` recording every
//! `org.freedesktop.Notifications.Notify` call on that bus. A test counts notifications at the
//! OS boundary, where the member would see them, not inside the desk.
//!
//! The desk's notifier in these tests is a D-Bus client through `notify-rust`, the library
//! tauri-plugin-notification itself calls on Linux, so the calls on the bus are the app's.

use std::io::{BufRead, BufReader, Read};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use desk_core::alerts::Notifier;
use desk_domain::alerts::Notice;
use tempfile::TempDir;

/// One `Notify` call seen on the bus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenNotification {
    /// Its summary (the title).
    pub summary: String,
    /// Its body.
    pub body: String,
}

/// The running session; everything stops when it is dropped.
pub struct DesktopSession {
    children: Vec<Child>,
    dbus_pid: Option<u32>,
    log: PathBuf,
    /// The session bus address (`DBUS_SESSION_BUS_ADDRESS`).
    pub address: String,
    _dir: TempDir,
}

fn spawn(cmd: &mut Command, what: &str) -> Child {
    cmd.spawn()
        .unwrap_or_else(|e| panic!("{what} could not start ({e}); run scripts/setup"))
}

impl DesktopSession {
    /// Starts Xvfb, a session bus, dunst and the monitor; returns once the daemon owns
    /// `org.freedesktop.Notifications` and the monitor listens.
    pub fn start() -> DesktopSession {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut children = Vec::new();

        // Xvfb picks a free display and writes its number to the pipe.
        let mut xvfb = spawn(
            Command::new("Xvfb")
                .args([
                    "-displayfd",
                    "1",
                    "-nolisten",
                    "tcp",
                    "-screen",
                    "0",
                    "1024x768x24",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
            "Xvfb",
        );
        let mut line = String::new();
        BufReader::new(xvfb.stdout.take().expect("xvfb stdout"))
            .read_line(&mut line)
            .expect("Xvfb display");
        let display = format!(":{}", line.trim());
        children.push(xvfb);

        let out = Command::new("dbus-daemon")
            .args(["--session", "--fork", "--print-address=1", "--print-pid=1"])
            .output()
            .expect("dbus-daemon");
        let text = String::from_utf8_lossy(&out.stdout);
        let mut lines = text.lines();
        let address = lines.next().expect("bus address").trim().to_string();
        let dbus_pid = lines.next().and_then(|p| p.trim().parse().ok());

        let log = dir.path().join("notify.log");
        let log_file = std::fs::File::create(&log).expect("monitor log");
        children.push(spawn(
            Command::new("dbus-monitor")
                .args([
                    "--address",
                    &address,
                    "type='method_call',interface='org.freedesktop.Notifications',member='Notify'",
                ])
                .stdout(log_file)
                .stderr(Stdio::null()),
            "dbus-monitor",
        ));
        let dunstrc = dir.path().join("dunstrc");
        std::fs::write(&dunstrc, "[global]\n    timeout = 2\n").expect("dunstrc");
        children.push(spawn(
            Command::new("dunst")
                .args(["-config", &dunstrc.to_string_lossy()])
                .env("DISPLAY", &display)
                .env("DBUS_SESSION_BUS_ADDRESS", &address)
                .stdout(Stdio::null())
                .stderr(Stdio::null()),
            "dunst",
        ));
        let session = DesktopSession {
            children,
            dbus_pid,
            log,
            address,
            _dir: dir,
        };
        session.wait_for_daemon();
        session
    }

    fn wait_for_daemon(&self) {
        let started = Instant::now();
        loop {
            let out = Command::new("dbus-send")
                .args([
                    "--print-reply",
                    &format!("--bus={}", self.address),
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.Notifications",
                ])
                .output()
                .expect("dbus-send");
            if String::from_utf8_lossy(&out.stdout).contains("boolean true") {
                // The monitor attached before dunst started; give it a moment to be listening.
                std::thread::sleep(Duration::from_millis(200));
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "dunst did not take org.freedesktop.Notifications"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Every `Notify` call the monitor has seen, in order.
    pub fn seen(&self) -> Vec<SeenNotification> {
        let mut text = String::new();
        std::fs::File::open(&self.log)
            .and_then(|mut f| f.read_to_string(&mut text))
            .expect("monitor log");
        let mut seen = Vec::new();
        let mut strings: Option<Vec<String>> = None;
        for line in text.lines() {
            if line.starts_with("method call") {
                if let Some(s) = strings.take() {
                    seen.extend(from_args(&s));
                }
                if line.contains("member=Notify") {
                    strings = Some(Vec::new());
                }
            } else if let Some(s) = strings.as_mut() {
                let l = line.trim_start();
                // Only the call's own top-level strings (the hints array comes later).
                if line.starts_with("   string \"") {
                    s.push(
                        l.trim_start_matches("string \"")
                            .trim_end_matches('"')
                            .to_string(),
                    );
                }
            }
        }
        if let Some(s) = strings.take() {
            seen.extend(from_args(&s));
        }
        seen
    }

    /// Waits until at least `n` notifications were seen (or 20 s passed), then a little more
    /// so that a duplicate would show too; returns all seen.
    pub fn wait_for(&self, n: usize) -> Vec<SeenNotification> {
        let started = Instant::now();
        while self.seen().len() < n && started.elapsed() < Duration::from_secs(20) {
            std::thread::sleep(Duration::from_millis(50));
        }
        std::thread::sleep(Duration::from_millis(500));
        self.seen()
    }
}

/// app name, icon, summary, body: the Notify call's four strings.
fn from_args(strings: &[String]) -> Option<SeenNotification> {
    (strings.len() >= 4).then(|| SeenNotification {
        summary: strings[2].clone(),
        body: strings[3].clone(),
    })
}

impl Drop for DesktopSession {
    fn drop(&mut self) {
        for c in &mut self.children {
            let _ = c.kill();
            let _ = c.wait();
        }
        if let Some(pid) = self.dbus_pid {
            let _ = Command::new("kill").arg(pid.to_string()).status();
        }
    }
}

/// The desk's notifier in tests: a D-Bus `Notify` call on the session bus of the process
/// environment, through notify-rust (what the app's plugin calls on Linux).
pub struct DbusNotifier;

impl Notifier for DbusNotifier {
    fn notify(&self, notice: &Notice) -> Result<(), String> {
        notify_rust::Notification::new()
            .appname("penguin-desk")
            .summary(&notice.title)
            .body(&notice.body)
            .show()
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
