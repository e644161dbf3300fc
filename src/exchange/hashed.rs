//! Fingerprints of table files (SHA-256 of their bytes), taken while the file is read, so an
//! import reads each file once to check it and knows exactly which bytes it checked.

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::error::{HubError, Result};

/// A reader that hashes every byte it passes on.
pub struct Hashed<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Hashed<R> {
    pub fn new(inner: R) -> Self {
        Hashed {
            inner,
            hasher: Sha256::new(),
        }
    }

    /// The fingerprint of the bytes read so far, as lower-case hex.
    pub fn finish(self) -> String {
        self.hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl<R: Read> Read for Hashed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Opens a file to be read and hashed, saying which file on failure.
pub fn open(path: &Path) -> Result<Hashed<File>> {
    File::open(path)
        .map(Hashed::new)
        .map_err(|e| HubError::io(format!("cannot read {}", path.display()), e))
}

/// The fingerprint of a whole file, read in pieces.
pub fn fingerprint(path: &Path) -> Result<String> {
    let mut file = open(path)?;
    io::copy(&mut file, &mut io::sink())
        .map_err(|e| HubError::io(format!("cannot read {}", path.display()), e))?;
    Ok(file.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashing_while_reading_gives_the_fingerprint_of_the_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.csv");
        std::fs::write(&path, "abc").unwrap();
        // SHA-256("abc"), the standard's first example.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assert_eq!(fingerprint(&path).unwrap(), abc);
        let mut h = open(&path).unwrap();
        let mut first = [0u8; 1];
        h.read_exact(&mut first).unwrap();
        io::copy(&mut h, &mut io::sink()).unwrap();
        assert_eq!(h.finish(), abc);
    }
}
