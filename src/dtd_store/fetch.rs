//! Downloading one version's files from cxml.org (or the base URL given
//! for tests and mirrors): `<base>/<version>/<file>`, one file at a time,
//! each bounded in size. The bytes are verified on install, not here.

use super::PinnedVersion;

/// Where cxml.org publishes the DTDs.
pub const DEFAULT_BASE_URL: &str = "http://xml.cxml.org/schemas/cXML";

/// No DTD comes near this; a server sending more is not serving DTDs.
const MAX_FILE_BYTES: usize = 16 * 1024 * 1024;

/// Why a download failed. Nothing of it is kept.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("cannot download {url}: {message}")]
    Http { url: String, message: String },
    #[error("cannot download {url}: the server answered HTTP {status}")]
    Status { url: String, status: u16 },
    #[error("cannot download {url}: larger than {MAX_FILE_BYTES} bytes")]
    TooLarge { url: String },
}

/// One file downloaded.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// 1-based.
    pub index: usize,
    pub total: usize,
    pub file: &'static str,
    pub bytes: usize,
}

/// Downloads every file of `pinned`, reporting each as it arrives.
pub async fn download(
    client: &reqwest::Client,
    base_url: &str,
    pinned: &PinnedVersion,
    mut progress: impl FnMut(Progress),
) -> Result<Vec<(&'static str, Vec<u8>)>, FetchError> {
    let base = base_url.trim_end_matches('/');
    let mut files = Vec::with_capacity(pinned.files.len());
    for (i, file) in pinned.files.iter().enumerate() {
        let url = format!("{base}/{}/{}", pinned.version, file.name);
        let bytes = get(client, &url).await?;
        progress(Progress {
            index: i + 1,
            total: pinned.files.len(),
            file: file.name,
            bytes: bytes.len(),
        });
        files.push((file.name, bytes));
    }
    Ok(files)
}

async fn get(client: &reqwest::Client, url: &str) -> Result<Vec<u8>, FetchError> {
    let http = |err: reqwest::Error| FetchError::Http {
        url: url.to_owned(),
        message: err.to_string(),
    };
    let mut response = client.get(url).send().await.map_err(http)?;
    if !response.status().is_success() {
        return Err(FetchError::Status {
            url: url.to_owned(),
            status: response.status().as_u16(),
        });
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(http)? {
        if bytes.len() + chunk.len() > MAX_FILE_BYTES {
            return Err(FetchError::TooLarge {
                url: url.to_owned(),
            });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}
