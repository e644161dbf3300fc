//! The presentation's state: which slide, whether its detail is open and how far it is
//! scrolled, and whether redaction is on. Keys change only this; the deck is rebuilt from the
//! loaded Board when redaction is toggled, never re-read from or written to the database.

use super::keys::PresentAction;
use crate::board::{self, Board, Deck, Redaction};

pub struct Presenter {
    pub board: Board,
    pub redaction: Redaction,
    pub deck: Deck,
    pub slide: usize,
    pub detail: bool,
    pub scroll: usize,
    pub quit: bool,
}

impl Presenter {
    pub fn new(board: Board, redaction: Redaction) -> Presenter {
        let deck = board::build::deck(&board, &redaction);
        Presenter {
            board,
            redaction,
            deck,
            slide: 0,
            detail: false,
            scroll: 0,
            quit: false,
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
                self.deck = board::build::deck(&self.board, &self.redaction);
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
