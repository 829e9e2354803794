//! Listing, saving and removing platform profiles; passwords go to the keychain only.

use desk_domain::{Profile, ProfileDraft};
use desk_store::profiles::password_entry;

use crate::views::{ProfileInput, ProfileView};
use crate::{Desk, DeskError};

fn new_profile_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

impl Desk {
    /// Every saved profile, with whether its password is in the keychain.
    pub fn list_profiles(&self) -> Result<Vec<ProfileView>, DeskError> {
        self.profiles
            .load()?
            .into_iter()
            .map(|p| {
                let has = self.keychain.get(&password_entry(&p.id))?.is_some();
                Ok(ProfileView::new(p, has))
            })
            .collect()
    }

    /// The saved profile with `id`.
    pub fn profile(&self, id: &str) -> Result<Profile, DeskError> {
        self.profiles
            .load()?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| DeskError::NotFound(format!("no profile with id {id}")))
    }

    /// Validates and saves a new or edited profile; its password, if given and to be
    /// remembered, goes to the keychain, never to the file.
    pub fn save_profile(&self, input: ProfileInput) -> Result<ProfileView, DeskError> {
        let id = match &input.id {
            Some(id) => self.profile(id)?.id,
            None => new_profile_id(),
        };
        let draft = ProfileDraft {
            name: input.name,
            host: input.host,
            port: i64::from(input.port),
            database: input.database,
            tls_mode: input.tls_mode,
            user: input.user,
        };
        let profile = draft.validate(id)?;
        let entry = password_entry(&profile.id);
        if !input.remember_password {
            self.keychain.delete(&entry)?;
        } else if let Some(password) = input.password.as_deref().filter(|p| !p.is_empty()) {
            self.keychain.set(&entry, password)?;
        }
        self.profiles.upsert(profile.clone())?;
        tracing::info!(profile = %profile.id, name = %profile.name, "profile saved");
        let has = self.keychain.get(&entry)?.is_some();
        Ok(ProfileView::new(profile, has))
    }

    /// Removes a profile and its password; refused for the profile currently signed in.
    pub async fn delete_profile(&self, id: &str) -> Result<(), DeskError> {
        if let Some(s) = &self.state.read().await.session {
            if s.profile_id == id {
                return Err(DeskError::InvalidInput(
                    "You are signed in with this profile; sign out before removing it.".into(),
                ));
            }
        }
        if !self.profiles.remove(id)? {
            return Err(DeskError::NotFound(format!("no profile with id {id}")));
        }
        self.keychain.delete(&password_entry(id))?;
        tracing::info!(profile = %id, "profile removed");
        Ok(())
    }
}
