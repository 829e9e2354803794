//! TLS to the platform database with verify-full, against a real PostgreSQL serving a
//! certificate: the connection is encrypted when the certificate's authority is trusted and
//! its name matches the host; it is refused, with a TLS error (not "unreachable"), when the
//! name differs, when the authority is unknown, or when the server offers no TLS at all.

use desk_domain::{Profile, TlsMode};
use desk_platform::{connect, Credentials, PlatformError};
use desk_tests::cluster::Cluster;
use desk_tests::tls::Certificates;

fn profile(host: &str, port: u16) -> Profile {
    Profile {
        id: "tls".into(),
        name: "TLS".into(),
        host: host.into(),
        port,
        database: "postgres".into(),
        tls_mode: TlsMode::VerifyFull,
        user: "postgres".into(),
    }
}

async fn try_connect(
    host: &str,
    cluster: &Cluster,
    ca: &std::path::Path,
) -> Result<sqlx::PgPool, PlatformError> {
    connect(Credentials {
        profile: &profile(host, cluster.port),
        password: &cluster.superuser_password,
        root_cert: Some(ca),
    })
    .await
}

#[tokio::test]
async fn verify_full_connects_only_to_the_certified_name_of_a_trusted_authority() {
    let certs = Certificates::new("Penguin Desk Test CA", &["localhost"]);
    let cluster = Cluster::start_tls(&certs.server_cert(), &certs.server_key());

    let pool = try_connect("localhost", &cluster, &certs.ca())
        .await
        .expect("verify-full to the certificate's name connects");
    let encrypted: bool =
        sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .fetch_one(&pool)
            .await
            .expect("pg_stat_ssl");
    assert!(encrypted, "the session is encrypted");
    pool.close().await;

    // The same server by an address its certificate does not name.
    match try_connect("127.0.0.1", &cluster, &certs.ca()).await {
        Err(PlatformError::Tls(_)) => {}
        other => panic!("a name mismatch must be refused as a TLS error, got {other:?}"),
    }

    // A certificate from an authority the desk does not trust.
    let strangers = Certificates::new("Some Other CA", &["localhost"]);
    match try_connect("localhost", &cluster, &strangers.ca()).await {
        Err(PlatformError::Tls(_)) => {}
        other => panic!("an unknown authority must be refused as a TLS error, got {other:?}"),
    }
}

#[tokio::test]
async fn verify_full_refuses_a_server_without_tls() {
    let certs = Certificates::new("Penguin Desk Test CA", &["localhost"]);
    let plain = Cluster::start();
    match try_connect("localhost", &plain, &certs.ca()).await {
        Err(PlatformError::Tls(_)) => {}
        other => panic!("a server without TLS must be refused as a TLS error, got {other:?}"),
    }
}
