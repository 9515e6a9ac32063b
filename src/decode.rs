//! Turning a file's bytes into text.
//!
//! UTF-8 (with or without BOM), UTF-16 LE/BE with BOM, and Windows-1252 for
//! bytes that are not UTF-8. Binary and empty files are refused with a
//! reason, never a panic.

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use std::borrow::Cow;

/// Why a file's bytes were not taken as text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("empty file")]
    Empty,
    #[error("binary file (not text)")]
    Binary,
}

/// The decoded text and the encoding it was read as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: &'static str,
}

/// Decodes a file's bytes. Borrows when the bytes are already UTF-8.
pub fn decode(bytes: &[u8]) -> Result<Decoded<'_>, DecodeError> {
    decode_after(bytes, Sniff::Needed)
}

/// Whether the bytes were already judged text by [`sniff`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniff {
    Needed,
    /// The reader sniffed them as it read: the binary test is not run
    /// twice over every file loaded.
    Done,
}

/// [`decode`], skipping the binary test of the first bytes when the
/// reader already made it.
pub fn decode_after(bytes: &[u8], sniffed: Sniff) -> Result<Decoded<'_>, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let decoded = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        utf8_or_1252(rest)
    } else if bytes.starts_with(b"\xFF\xFE") {
        utf16(bytes, UTF_16LE)
    } else if bytes.starts_with(b"\xFE\xFF") {
        utf16(bytes, UTF_16BE)
    } else if sniffed == Sniff::Needed && looks_binary(bytes) {
        return Err(DecodeError::Binary);
    } else {
        utf8_or_1252(bytes)
    };
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if decoded.encoding.starts_with("UTF-16") && looks_binary_text(&decoded.text) {
        return Err(DecodeError::Binary);
    }
    Ok(decoded)
}

fn utf8_or_1252(bytes: &[u8]) -> Decoded<'_> {
    // simdutf8 checks 32 bytes at a time; `from_utf8` is the same test.
    match simdutf8::basic::from_utf8(bytes) {
        Ok(s) => Decoded {
            text: Cow::Borrowed(s),
            encoding: "UTF-8",
        },
        Err(_) => {
            let (text, _) = WINDOWS_1252.decode_without_bom_handling(bytes);
            Decoded {
                text,
                encoding: "windows-1252",
            }
        }
    }
}

fn utf16<'a>(bytes: &'a [u8], enc: &'static encoding_rs::Encoding) -> Decoded<'a> {
    // `decode` sniffs and strips the BOM; malformed pairs become U+FFFD.
    let (text, used, _) = enc.decode(bytes);
    Decoded {
        text,
        encoding: used.name(),
    }
}

/// Judges a file from its first bytes (at least the first 8 KiB, or all of
/// a shorter file), so a reader can refuse binary content before reading
/// the rest: the same rule [`decode`] applies.
pub fn sniff(head: &[u8]) -> Result<(), DecodeError> {
    let bom = [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"];
    if !bom.iter().any(|b| head.starts_with(b)) && looks_binary(head) {
        return Err(DecodeError::Binary);
    }
    Ok(())
}

/// A NUL byte, or many control characters, in the first 8 KiB means binary.
/// One branch-free pass, so it vectorises: it runs on every file loaded.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    let (mut nuls, mut controls) = (0usize, 0usize);
    // Byte-wide counters over at most 255 bytes cannot overflow, and let the
    // compiler test 16 or 32 bytes per instruction.
    for chunk in head.chunks(255) {
        let (mut n, mut c) = (0u8, 0u8);
        for &b in chunk {
            n += u8::from(b == 0);
            let text_control = (b == b'\n') | (b == b'\r') | (b == b'\t') | (b == 0x0C);
            c += u8::from((b < 0x20) & !text_control);
        }
        nuls += usize::from(n);
        controls += usize::from(c);
    }
    nuls > 0 || controls * 20 > head.len()
}

fn looks_binary_text(text: &str) -> bool {
    let head: Vec<char> = text.chars().take(4096).collect();
    let bad = head
        .iter()
        .filter(|&&c| {
            (c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}')) || c == '\u{FFFD}'
        })
        .count();
    bad * 10 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("héllo".as_bytes()).unwrap().text, "héllo");
        let d = decode(b"\xEF\xBB\xBFhi").unwrap();
        assert_eq!(d.text, "hi");
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend("Grüße".encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(decode(&le).unwrap().text, "Grüße");
        let mut be = vec![0xFE, 0xFF];
        be.extend("Grüße".encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(decode(&be).unwrap().text, "Grüße");
    }

    #[test]
    fn windows_1252_fallback() {
        let d = decode(b"It\x92s \x93quoted\x94 \x96 caf\xe9").unwrap();
        assert_eq!(d.text, "It’s “quoted” – café");
        assert_eq!(d.encoding, "windows-1252");
    }

    #[test]
    fn binary_and_empty_are_refused() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\r\n "), Err(DecodeError::Empty));
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Err(DecodeError::Binary)
        );
        assert_eq!(
            decode(&[1u8, 2, 3, 4, 5, 6, 7, 8]),
            Err(DecodeError::Binary)
        );
    }
}
