//! A new member's first sign-in: they signed in with the one-time setup code from their
//! welcome e-mail, and before anything else the desk has them choose their own password. The
//! platform replaces the code with it at once (the code never works again) and the keychain
//! keeps the new password instead of the code.

use desk_store::profiles::password_entry;

use crate::views::Session;
use crate::{Desk, DeskError};

/// The problems with a chosen password the laptop can see (the platform checks its policy
/// again), one `field: message` each.
pub fn password_problems(
    password: &str,
    confirm: &str,
    login: &str,
    min_len: usize,
) -> Vec<String> {
    let mut p = Vec::new();
    if password.chars().count() < min_len {
        p.push(format!("password: at least {min_len} characters"));
    }
    if !login.is_empty() && password.to_lowercase().contains(&login.to_lowercase()) {
        p.push("password: it must not contain your login".to_string());
    }
    if password != confirm {
        p.push("confirm: the two passwords differ".to_string());
    }
    p
}

impl Desk {
    /// Sets the password of a member signed in with their setup code.
    pub async fn complete_setup(
        &self,
        password: &str,
        confirm: &str,
    ) -> Result<Session, DeskError> {
        let session =
            self.state.read().await.session.clone().ok_or_else(|| {
                DeskError::NotSignedIn("Sign in with your setup code first.".into())
            })?;
        if session.setup_pending_until.is_none() {
            return Err(DeskError::InvalidInput(
                "Your password is already set; change it from your platform account.".into(),
            ));
        }
        let pool = self.platform().await.ok_or_else(|| {
            DeskError::Unreachable(
                "Choosing your password needs the platform, and this desk is offline.".into(),
            )
        })?;
        let min_len = desk_platform::staff::password_min_length(&pool).await?;
        let problems = password_problems(
            password,
            confirm,
            &session.login,
            usize::try_from(min_len).unwrap_or(12),
        );
        if !problems.is_empty() {
            return Err(DeskError::InvalidInput(problems.join("\n")));
        }
        desk_platform::staff::complete_setup(&pool, password).await?;
        self.keychain
            .set(&password_entry(&session.profile_id), password)?;
        let mut state = self.state.write().await;
        let updated = state.session.as_mut().map(|s| {
            s.setup_pending_until = None;
            s.clone()
        });
        drop(state);
        tracing::info!(login = %session.login, "first sign-in: password chosen");
        updated.ok_or_else(|| DeskError::NotSignedIn("Signed out meanwhile.".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_is_long_enough_without_the_login_and_typed_twice_the_same() {
        assert!(
            password_problems("correct horse battery", "correct horse battery", "ana", 12)
                .is_empty()
        );
        assert_eq!(
            password_problems("short", "short", "ana", 12),
            vec!["password: at least 12 characters"]
        );
        assert_eq!(
            password_problems("my-ANA-password!", "my-ANA-password", "ana", 12),
            vec![
                "password: it must not contain your login",
                "confirm: the two passwords differ"
            ]
        );
    }
}
