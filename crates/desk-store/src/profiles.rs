//! The profiles file: the platform databases this laptop knows, as JSON in the config folder.
//!
//! It never holds a secret; a profile's password lives in the keychain under
//! [`password_entry`]. Writes go to a temporary file renamed over the old one, so a crash
//! never leaves half a file. A damaged file is reported, never silently replaced.

use std::path::{Path, PathBuf};

use desk_domain::Profile;
use serde::{Deserialize, Serialize};

use crate::StoreError;

/// The keychain entry name of a profile's password.
pub fn password_entry(profile_id: &str) -> String {
    format!("profile:{profile_id}:password")
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileContents {
    version: u32,
    profiles: Vec<Profile>,
}

/// The profiles file at a path.
#[derive(Debug, Clone)]
pub struct ProfilesFile {
    path: PathBuf,
}

impl ProfilesFile {
    /// The profiles file at `path` (created on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        ProfilesFile { path: path.into() }
    }

    /// Where the file lives.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every saved profile, in the order they were added.
    pub fn load(&self) -> Result<Vec<Profile>, StoreError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(StoreError::Io {
                    path: self.path.clone(),
                    source,
                })
            }
        };
        let contents: FileContents =
            serde_json::from_str(&text).map_err(|e| StoreError::ProfilesFileDamaged {
                path: self.path.clone(),
                reason: e.to_string(),
            })?;
        Ok(contents.profiles)
    }

    /// Adds `profile`, or replaces the saved one with the same id.
    pub fn upsert(&self, profile: Profile) -> Result<(), StoreError> {
        let mut profiles = self.load()?;
        match profiles.iter_mut().find(|p| p.id == profile.id) {
            Some(slot) => *slot = profile,
            None => profiles.push(profile),
        }
        self.save(profiles)
    }

    /// Removes the profile with `id`; returns whether it existed.
    pub fn remove(&self, id: &str) -> Result<bool, StoreError> {
        let mut profiles = self.load()?;
        let before = profiles.len();
        profiles.retain(|p| p.id != id);
        let removed = profiles.len() != before;
        if removed {
            self.save(profiles)?;
        }
        Ok(removed)
    }

    fn save(&self, profiles: Vec<Profile>) -> Result<(), StoreError> {
        let io = |source| StoreError::Io {
            path: self.path.clone(),
            source,
        };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let text = serde_json::to_string_pretty(&FileContents {
            version: 1,
            profiles,
        })
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
        let tmp = self.path.with_extension("json.tmp");
        std::fs::write(&tmp, text).map_err(io)?;
        std::fs::rename(&tmp, &self.path).map_err(io)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use desk_domain::TlsMode;

    fn profile(id: &str, name: &str) -> Profile {
        Profile {
            id: id.into(),
            name: name.into(),
            host: "127.0.0.1".into(),
            port: 5432,
            database: "test".into(),
            tls_mode: TlsMode::Disable,
            user: "ana".into(),
        }
    }

    #[test]
    fn profiles_are_added_edited_and_removed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = ProfilesFile::new(dir.path().join("cfg/profiles.json"));
        assert!(file.load().expect("empty").is_empty());
        file.upsert(profile("a", "Production")).expect("add a");
        file.upsert(profile("b", "Staging")).expect("add b");
        file.upsert(profile("a", "Prod EU")).expect("edit a");
        let names: Vec<_> = file
            .load()
            .expect("load")
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names, vec!["Prod EU", "Staging"]);
        assert!(file.remove("a").expect("remove"));
        assert!(!file.remove("a").expect("remove twice"));
        assert_eq!(file.load().expect("load").len(), 1);
    }

    #[test]
    fn the_file_holds_no_password_field() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = ProfilesFile::new(dir.path().join("profiles.json"));
        file.upsert(profile("a", "Production")).expect("add");
        let text = std::fs::read_to_string(file.path()).expect("read");
        assert!(!text.to_lowercase().contains("password"), "{text}");
    }

    #[test]
    fn a_damaged_file_is_reported_not_replaced() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("profiles.json");
        std::fs::write(&path, "{ not json").expect("write");
        let file = ProfilesFile::new(&path);
        assert!(matches!(
            file.load(),
            Err(StoreError::ProfilesFileDamaged { .. })
        ));
        assert!(file.upsert(profile("a", "x")).is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "{ not json");
    }
}
