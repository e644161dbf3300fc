//! Colour for terminals without 256 colours. The terminal library writes every colour as a
//! 256-colour index (`ESC[38;5;9m`), which a plain `xterm`, the Linux console or `screen` may not
//! understand; there the output passes through `Sixteen`, which rewrites the first sixteen
//! indices — the only colours the themes use — as the classic codes (`ESC[91m`).

use std::io::{self, Write};

/// Whether this terminal should get the classic sixteen-colour codes: it names neither 256
/// colours nor true colour.
pub fn sixteen_only(term: Option<&str>, colorterm: Option<&str>) -> bool {
    if colorterm.is_some_and(|c| matches!(c, "truecolor" | "24bit")) {
        return false;
    }
    match term {
        Some(t) => !(t.contains("256") || t.contains("direct") || t.contains("truecolor")),
        None => false,
    }
}

/// Reads the environment for `sixteen_only`.
pub fn sixteen_only_here() -> bool {
    let term = std::env::var("TERM").ok();
    let colorterm = std::env::var("COLORTERM").ok();
    sixteen_only(term.as_deref(), colorterm.as_deref())
}

/// A writer that rewrites 256-colour indices below 16 as classic codes, holding back an escape
/// sequence until it is complete (the library may write one in pieces).
pub struct Sixteen<W: Write> {
    inner: W,
    pending: Vec<u8>,
}

/// The longest control sequence held back; anything longer passes through as it is.
const MOST: usize = 64;

impl<W: Write> Sixteen<W> {
    pub fn new(inner: W) -> Sixteen<W> {
        Sixteen {
            inner,
            pending: Vec::new(),
        }
    }

    fn finish(&mut self) -> io::Result<()> {
        let seq = std::mem::take(&mut self.pending);
        match rewrite(&seq) {
            Some(s) => self.inner.write_all(s.as_bytes()),
            None => self.inner.write_all(&seq),
        }
    }
}

/// `ESC[…m` with every `38;5;N` / `48;5;N` (N < 16) as `30+N`/`90+N-8` / `40+N`/`100+N-8`;
/// `None` when there is nothing to change.
fn rewrite(seq: &[u8]) -> Option<String> {
    let body = seq.strip_prefix(b"\x1b[")?.strip_suffix(b"m")?;
    let params: Vec<&str> = std::str::from_utf8(body).ok()?.split(';').collect();
    let mut out: Vec<String> = Vec::with_capacity(params.len());
    let mut changed = false;
    let mut i = 0;
    while i < params.len() {
        let index = params.get(i + 2).and_then(|n| n.parse::<u8>().ok());
        match (params[i], params.get(i + 1), index) {
            (layer @ ("38" | "48"), Some(&"5"), Some(n)) if n < 16 => {
                let base = match (layer, n < 8) {
                    ("38", true) => 30,
                    ("38", false) => 90 - 8,
                    (_, true) => 40,
                    (_, false) => 100 - 8,
                };
                out.push((base + u32::from(n)).to_string());
                changed = true;
                i += 3;
            }
            (p, _, _) => {
                out.push(p.to_string());
                i += 1;
            }
        }
    }
    changed.then(|| format!("\x1b[{}m", out.join(";")))
}

impl<W: Write> Write for Sixteen<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut plain_from = 0;
        for (i, &b) in buf.iter().enumerate() {
            if self.pending.is_empty() {
                if b == 0x1b {
                    self.inner.write_all(&buf[plain_from..i])?;
                    self.pending.push(b);
                }
                continue;
            }
            self.pending.push(b);
            let n = self.pending.len();
            let done = (n == 2 && b != b'[') || (n > 2 && (0x40..=0x7e).contains(&b)) || n >= MOST;
            if done {
                self.finish()?;
                plain_from = i + 1;
            }
        }
        if self.pending.is_empty() {
            self.inner.write_all(&buf[plain_from..])?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(pieces: &[&str]) -> String {
        let mut w = Sixteen::new(Vec::new());
        for p in pieces {
            w.write_all(p.as_bytes()).unwrap();
        }
        String::from_utf8(w.inner).unwrap()
    }

    #[test]
    fn the_first_sixteen_indices_become_classic_codes_even_when_written_in_pieces() {
        assert_eq!(through(&["\x1b[38;5;9mHi\x1b[0m"]), "\x1b[91mHi\x1b[0m");
        assert_eq!(through(&["a\x1b[48;5;", "2m", "b"]), "a\x1b[42mb");
        assert_eq!(through(&["\x1b[1;38;5;0;48;5;15m"]), "\x1b[1;30;107m");
        // Other sequences and colours pass as they are.
        assert_eq!(
            through(&["\x1b[38;5;200m\x1b[2J\x1b[?25l"]),
            "\x1b[38;5;200m\x1b[2J\x1b[?25l"
        );
        assert_eq!(through(&["£ plain ", "text"]), "£ plain text");
    }

    #[test]
    fn only_terminals_naming_neither_256_nor_true_colour_get_sixteen() {
        assert!(sixteen_only(Some("xterm"), None));
        assert!(sixteen_only(Some("linux"), None));
        assert!(sixteen_only(Some("screen"), None));
        assert!(!sixteen_only(Some("xterm-256color"), None));
        assert!(!sixteen_only(Some("tmux-256color"), None));
        assert!(!sixteen_only(Some("xterm"), Some("truecolor")));
        assert!(!sixteen_only(None, None));
    }
}
