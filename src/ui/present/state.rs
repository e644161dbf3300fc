//! The presentation's state: which slide, whether its detail is open and how far it is
//! scrolled, and whether redaction is on. Keys change only this; the deck is rebuilt from the
//! figures read when redaction is toggled, never re-read from or written to the database. The
//! headline figures may come first, alone, and the whole Board after (`complete`).

use super::keys::PresentAction;
use crate::board::{self, Board, Deck, Headlines, Redaction};

/// What has been read so far.
enum Read {
    /// The headline figures alone: the first slide, while the rest is read.
    Headlines(Box<Headlines>),
    Board(Box<Board>),
}

impl Read {
    fn deck(&self, r: &Redaction) -> Deck {
        match self {
            Read::Headlines(h) => board::build::headlines_deck(h, r),
            Read::Board(b) => board::build::deck(b, r),
        }
    }
}

pub struct Presenter {
    read: Read,
    pub redaction: Redaction,
    pub deck: Deck,
    pub slide: usize,
    pub detail: bool,
    pub scroll: usize,
    pub quit: bool,
    /// Keys pressed from the first move to another slide while only the headline figures are
    /// in: kept, in order, and applied once the other slides are (no key is lost).
    held: Vec<PresentAction>,
}

impl Presenter {
    pub fn new(board: Board, redaction: Redaction) -> Presenter {
        Presenter::of(Read::Board(Box::new(board)), redaction)
    }

    /// The first slide alone, from the headline figures, until `complete` brings the rest.
    /// Redaction here has no member names yet; the headline figures name none.
    pub fn headlines_first(headlines: Headlines, redaction: Redaction) -> Presenter {
        Presenter::of(Read::Headlines(Box::new(headlines)), redaction)
    }

    fn of(read: Read, redaction: Redaction) -> Presenter {
        let deck = read.deck(&redaction);
        Presenter {
            read,
            redaction,
            deck,
            slide: 0,
            detail: false,
            scroll: 0,
            quit: false,
            held: Vec::new(),
        }
    }

    /// Whether only the headline figures are in, the other slides still being read.
    pub fn reading_rest(&self) -> bool {
        matches!(self.read, Read::Headlines(_))
    }

    /// Takes in the whole Board, read after the headline figures, with its redaction (the
    /// member names' pseudonyms): redaction stays as the presenter has it, the slide, detail
    /// and scroll where they are.
    pub fn complete(&mut self, board: Board, redaction: Redaction) {
        self.redaction = if redaction.on == self.redaction.on {
            redaction
        } else {
            redaction.toggled()
        };
        self.read = Read::Board(Box::new(board));
        self.deck = self.read.deck(&self.redaction);
        for action in std::mem::take(&mut self.held) {
            self.apply(action);
        }
    }

    pub fn slide_count(&self) -> usize {
        self.deck.slides.len()
    }

    /// Handles a key press (a host loop, such as the dashboard's, passes keys here while the
    /// slides are up); returns whether the screen must be redrawn. Unknown keys do nothing.
    pub fn key(&mut self, key: &crossterm::event::KeyEvent) -> bool {
        super::keys::action(key).is_some_and(|a| self.apply(a))
    }

    /// Applies `action`; returns whether the screen must be redrawn.
    pub fn apply(&mut self, action: PresentAction) -> bool {
        let moves = matches!(
            action,
            PresentAction::Next
                | PresentAction::Previous
                | PresentAction::First
                | PresentAction::Last
        );
        if self.reading_rest() && action != PresentAction::Quit && (moves || !self.held.is_empty())
        {
            self.held.push(action);
            return false;
        }
        let last = self.slide_count().saturating_sub(1);
        let before = (self.slide, self.detail, self.scroll, self.redaction.on);
        match action {
            PresentAction::Next => self.go(self.slide.saturating_add(1).min(last)),
            PresentAction::Previous => self.go(self.slide.saturating_sub(1)),
            PresentAction::First => self.go(0),
            PresentAction::Last => self.go(last),
            PresentAction::Drill => {
                self.detail = true;
                self.scroll = 0;
            }
            PresentAction::Back => {
                self.detail = false;
                self.scroll = 0;
            }
            PresentAction::ScrollUp => self.scroll = self.scroll.saturating_sub(1),
            PresentAction::ScrollDown => self.scroll = self.scroll.saturating_add(1),
            PresentAction::PageUp => self.scroll = self.scroll.saturating_sub(10),
            PresentAction::PageDown => self.scroll = self.scroll.saturating_add(10),
            PresentAction::ToggleRedaction => {
                self.redaction = self.redaction.toggled();
                self.deck = self.read.deck(&self.redaction);
            }
            PresentAction::Quit => self.quit = true,
        }
        self.quit || before != (self.slide, self.detail, self.scroll, self.redaction.on)
    }

    fn go(&mut self, slide: usize) {
        if slide != self.slide {
            self.slide = slide;
            self.detail = false;
            self.scroll = 0;
        }
    }
}
