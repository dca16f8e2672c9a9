//! Password hashing with argon2 (the crate's recommended parameters). Hashing is CPU-heavy,
//! so callers run it on the blocking pool.

use argon2::Argon2;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::{AppError, AppResult};

pub fn hash(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| AppError::Store(crate::store::StoreError::Failed(format!("hashing: {e}"))))
}

/// False for a wrong password and for a hash that cannot be read alike.
pub fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

pub async fn hash_async(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|e| AppError::Store(crate::store::StoreError::Failed(e.to_string())))?
}

pub async fn verify_async(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify(&password, &hash))
        .await
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_password_verifies_and_wrong_one_does_not() {
        let stored = hash("crm-demo").unwrap();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("crm-demo", &stored));
        assert!(!verify("crm-dem0", &stored));
        assert!(!verify("crm-demo", "not a hash"));
    }
}
