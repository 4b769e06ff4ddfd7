//! Time-based one-time passwords (TOTP, RFC 6238) as authenticator apps make them: HMAC-SHA-1,
//! 6 digits, 30-second steps. Pure functions — the caller passes the time — so the store, the
//! command line and the tests compute the same codes.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds per step.
pub const STEP_SECONDS: i64 = 30;
/// Digits per code.
pub const DIGITS: u32 = 6;
/// Steps before and after the current one that are still accepted (clock drift, typing time).
pub const TOLERANCE: i64 = 1;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// Base32 (RFC 4648) without padding, as authenticator apps expect secrets.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            out.push(ALPHABET[((buffer >> (bits - 5)) & 31) as usize] as char);
            bits -= 5;
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32 (case and spaces ignored, padding allowed); `None` for other characters.
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET.iter().position(|a| *a as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            out.push((buffer >> (bits - 8)) as u8);
            bits -= 8;
        }
        buffer &= 0xFF;
    }
    Some(out)
}

/// The step a Unix time falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The current step.
pub fn current_step() -> i64 {
    step_at(chrono::Utc::now().timestamp())
}

/// The 6-digit code of `secret` (raw bytes) for `step` (RFC 4226 dynamic truncation).
pub fn code_for(secret: &[u8], step: i64) -> String {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(&(step as u64).to_be_bytes());
    let h = mac.finalize().into_bytes();
    let offset = (h[19] & 0x0f) as usize;
    let bin = ((h[offset] as u32 & 0x7f) << 24) | ((h[offset + 1] as u32) << 16) | ((h[offset + 2] as u32) << 8) | h[offset + 3] as u32;
    format!("{:0width$}", bin % 10u32.pow(DIGITS), width = DIGITS as usize)
}

/// The code of a base32 `secret` for `step`; `None` when the secret is not base32.
pub fn code(secret_base32: &str, step: i64) -> Option<String> {
    base32_decode(secret_base32).map(|s| code_for(&s, step))
}

/// The step within the tolerance around `now_step` whose code is `given`, if any. Compares
/// without revealing by timing which digits matched.
pub fn matching_step(secret_base32: &str, given: &str, now_step: i64) -> Option<i64> {
    let secret = base32_decode(secret_base32)?;
    let mut found = None;
    for step in now_step - TOLERANCE..=now_step + TOLERANCE {
        let expected = code_for(&secret, step);
        let same = expected.len() == given.len() && expected.bytes().zip(given.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0;
        if same && found.is_none() {
            found = Some(step);
        }
    }
    found
}

/// A fresh random secret: 20 bytes (160 bits, as RFC 4226 recommends), base32.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 20];
    getrandom::getrandom(&mut bytes).expect("the operating system's random source");
    base32_encode(&bytes)
}

/// The `otpauth://` address an authenticator app reads from the QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret_base32: &str) -> String {
    let enc = |s: &str| -> String {
        s.bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'@' => (b as char).to_string(),
                _ => format!("%{b:02X}"),
            })
            .collect()
    };
    format!(
        "otpauth://totp/{}:{}?secret={secret_base32}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_6238_test_vectors_with_six_digits() {
        // RFC 6238 appendix B, SHA-1 key "12345678901234567890"; the last 6 of the 8 digits.
        let key = b"12345678901234567890";
        assert_eq!(code_for(key, step_at(59)), "287082");
        assert_eq!(code_for(key, step_at(1_111_111_109)), "081804");
        assert_eq!(code_for(key, step_at(1_234_567_890)), "005924");
        assert_eq!(code_for(key, step_at(2_000_000_000)), "279037");
    }

    #[test]
    fn base32_round_trips_and_matches_rfc_4648() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_decode("mzxw 6ytb oi======").unwrap(), b"foobar");
        assert_eq!(base32_decode("MZ1"), None);
        let s = new_secret();
        assert_eq!(s.len(), 32);
        assert_eq!(base32_decode(&s).unwrap().len(), 20);
    }

    #[test]
    fn only_codes_within_one_step_match() {
        let s = base32_encode(b"12345678901234567890");
        let now = 1000;
        assert_eq!(matching_step(&s, &code(&s, now).unwrap(), now), Some(now));
        assert_eq!(matching_step(&s, &code(&s, now - 1).unwrap(), now), Some(now - 1));
        assert_eq!(matching_step(&s, &code(&s, now + 1).unwrap(), now), Some(now + 1));
        assert_eq!(matching_step(&s, &code(&s, now + 2).unwrap(), now), None);
        assert_eq!(matching_step(&s, "12345", now), None);
    }
}
