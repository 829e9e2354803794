//! The desk's own probes of the platform's health endpoints (reqwest, with a timeout), so the
//! dashboard shows what the desk sees now beside what the platform recorded.

use std::time::Instant;

use chrono::{SecondsFormat, Utc};
use desk_domain::operations::ServiceStatus;
use serde::{Deserialize, Serialize};

use crate::settings::HEALTH_TIMEOUT;

/// What one probe saw.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    /// The service.
    pub service: String,
    /// The endpoint.
    pub url: String,
    /// Healthy: 2xx within the timeout; down: an error status, no answer in time or no
    /// connection. (One answer is not a p95: its latency is shown, not judged.)
    pub status: ServiceStatus,
    /// The HTTP status, if it answered.
    pub status_code: Option<u16>,
    /// How long it took, ms (the timeout when it gave up).
    pub latency_ms: u64,
    /// In words: "HTTP 200 in 84 ms", "no answer within 5 s".
    pub detail: String,
    /// When.
    pub probed_at: String,
}

/// Probes `url` of `service`.
pub async fn probe(service: &str, url: &str) -> Probe {
    // reqwest's rustls needs a process-wide crypto provider; the first call installs ring's.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let probed_at = Utc::now().to_rfc3339_opts(SecondsFormat::Secs, true);
    let started = Instant::now();
    let client = reqwest::Client::builder().timeout(HEALTH_TIMEOUT).build();
    let answer = match client {
        Err(e) => Err(format!("could not make an HTTP client: {e}")),
        Ok(client) => client.get(url).send().await.map_err(|e| {
            if e.is_timeout() {
                format!("no answer within {} s", HEALTH_TIMEOUT.as_secs())
            } else if e.is_connect() {
                format!("could not connect ({e})")
            } else {
                format!("failed: {e}")
            }
        }),
    };
    let latency_ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    let (status, status_code, detail) = match answer {
        Ok(r) => {
            let code = r.status();
            let status = if code.is_success() {
                ServiceStatus::Healthy
            } else {
                ServiceStatus::Down
            };
            (
                status,
                Some(code.as_u16()),
                format!("HTTP {} in {latency_ms} ms", code.as_u16()),
            )
        }
        Err(detail) => (ServiceStatus::Down, None, detail),
    };
    Probe {
        service: service.to_string(),
        url: url.to_string(),
        status,
        status_code,
        latency_ms,
        detail,
        probed_at,
    }
}

/// Probes every `(service, url)` at once; results in the given order.
pub async fn probe_all(targets: Vec<(String, String)>) -> Vec<Probe> {
    let mut set = tokio::task::JoinSet::new();
    for (i, (service, url)) in targets.into_iter().enumerate() {
        set.spawn(async move { (i, probe(&service, &url).await) });
    }
    let mut out = Vec::new();
    while let Some(done) = set.join_next().await {
        if let Ok(p) = done {
            out.push(p);
        }
    }
    out.sort_by_key(|(i, _)| *i);
    out.into_iter().map(|(_, p)| p).collect()
}
