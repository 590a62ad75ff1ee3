//! Test helpers (feature `test-util`): moto's S3-compatible server as a child process, for this crate's
//! tests and the app's.

use std::fs::File;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

/// The first interpreter that can actually import moto's server, preferring the one the scripts point at.
pub fn moto_python() -> Option<PathBuf> {
    let workspace_venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../.venv/bin/python");
    std::env::var_os("PARLEY_TEST_PYTHON").map(PathBuf::from).into_iter().chain([workspace_venv]).find(|python| {
        Command::new(python)
            .args(["-c", "import moto.server"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success())
    })
}

/// Owns the moto process so it is killed however the test ends, panics included.
pub struct MotoServer {
    child: Child,
    port: u16,
    log: PathBuf,
}

impl MotoServer {
    pub async fn start(python: &Path) -> Self {
        let port = free_port();
        // moto logs every request; a file keeps that from filling a pipe and is there to read if startup fails.
        let log = std::env::temp_dir().join(format!("parley-moto-{}.log", Uuid::now_v7().simple()));
        let log_file = File::create(&log).expect("create moto log");
        let child = Command::new(python)
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(log_file.try_clone().expect("clone log handle"))
            .stderr(log_file)
            .spawn()
            .expect("spawn moto server");
        let mut server = Self { child, port, log };
        server.wait_until_ready().await;
        server
    }

    async fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            if let Some(status) = self.child.try_wait().expect("poll moto") {
                panic!("moto exited during startup ({status}):\n{}", self.log_text());
            }
            if answers_http(self.port).await {
                return;
            }
            assert!(Instant::now() < deadline, "moto did not answer within 60s:\n{}", self.log_text());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        // Errors here only mean the process is already gone; reaping it keeps no zombie behind.
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_file(&self.log);
    }
}

/// The OS picks the port; releasing it just before moto binds leaves a tiny race that beats hard-coding one.
fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind an ephemeral port");
    listener.local_addr().expect("ephemeral port address").port()
}

/// Waits for an actual HTTP reply rather than an open port, so a stray listener on a recycled port cannot pass.
async fn answers_http(port: u16) -> bool {
    let probe = async {
        let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.ok()?;
        stream.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").await.ok()?;
        let mut head = [0u8; 5];
        stream.read_exact(&mut head).await.ok()?;
        Some(&head == b"HTTP/")
    };
    tokio::time::timeout(Duration::from_secs(2), probe).await.ok().flatten().unwrap_or(false)
}

/// An S3 client for moto with its test credentials.
pub fn admin_client(endpoint: &str) -> aws_sdk_s3::Client {
    use aws_sdk_s3::config::{BehaviorVersion, Credentials, Region};
    let config = aws_sdk_s3::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "parley-test"))
        .endpoint_url(endpoint)
        .force_path_style(true)
        .build();
    aws_sdk_s3::Client::from_conf(config)
}

/// moto's S3 server with a fresh, empty bucket; `None` (after saying why) where no Python has moto. CI always has
/// it (scripts/lib.sh installs it), so there a missing moto fails `test` rather than skipping it.
pub async fn moto_with_bucket(test: &str) -> Option<(MotoServer, String)> {
    let Some(python) = moto_python() else {
        let reason = "no python with moto[server]: set PARLEY_TEST_PYTHON or create .venv at the workspace root";
        assert_ne!(std::env::var("CI").as_deref(), Ok("true"), "CI must run {test}: {reason}");
        eprintln!("skipping {test}: {reason}");
        return None;
    };
    let moto = MotoServer::start(&python).await;
    let bucket = format!("parley-{}", Uuid::now_v7().simple());
    create_bucket(&moto.endpoint(), &bucket).await;
    Some((moto, bucket))
}

pub async fn create_bucket(endpoint: &str, bucket: &str) {
    admin_client(endpoint).create_bucket().bucket(bucket).send().await.expect("create bucket");
}

/// Every key in a bucket.
pub async fn list_keys(endpoint: &str, bucket: &str) -> Vec<String> {
    let res = admin_client(endpoint).list_objects_v2().bucket(bucket).send().await.expect("list objects");
    res.contents().iter().filter_map(|o| o.key().map(str::to_owned)).collect()
}
