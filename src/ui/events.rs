//! The one thread that reads the terminal, for the dashboard and the slides alike. Each screen
//! subscribes while it runs; a key read while no screen listens (between leaving one and entering
//! the other) is kept and handed to the next, so no key is lost or read twice when switching.

use std::collections::VecDeque;
use std::sync::{Mutex, OnceLock};

use crossterm::event::{self, Event};

/// Hands an event to the screen listening; false once that screen has gone. `None` says the
/// terminal has gone.
pub type Sink = Box<dyn Fn(Option<Event>) -> bool + Send>;

#[derive(Default)]
struct Reader {
    sink: Option<Sink>,
    pending: VecDeque<Option<Event>>,
    started: bool,
}

fn reader() -> &'static Mutex<Reader> {
    static READER: OnceLock<Mutex<Reader>> = OnceLock::new();
    READER.get_or_init(|| Mutex::new(Reader::default()))
}

fn lock() -> std::sync::MutexGuard<'static, Reader> {
    // A screen that panicked while holding the lock leaves the queue as it was: still usable.
    reader().lock().unwrap_or_else(|e| e.into_inner())
}

/// Delivers `ev` to the listening screen, or keeps it for the next one.
fn deliver(r: &mut Reader, ev: Option<Event>) {
    let taken = match &r.sink {
        Some(sink) => sink(ev.clone()),
        None => false,
    };
    if !taken {
        r.sink = None;
        r.pending.push_back(ev);
    }
}

/// Hands `sink` what was kept, in order, then makes it the screen listening.
fn attach(r: &mut Reader, sink: Sink) {
    while let Some(ev) = r.pending.pop_front() {
        if !sink(ev.clone()) {
            r.pending.push_front(ev);
            return;
        }
    }
    r.sink = Some(sink);
}

/// Makes `sink` the screen listening: it first gets every event kept since the last screen left.
/// Starts the reading thread the first time.
pub fn subscribe(sink: Sink) {
    let mut r = lock();
    attach(&mut r, sink);
    if !r.started {
        r.started = true;
        std::thread::spawn(|| {
            loop {
                let ev = event::read().ok();
                let closed = ev.is_none();
                deliver(&mut lock(), ev);
                if closed {
                    break;
                }
            }
        });
    }
}

/// The screen stops listening, handing back the events it was sent but did not act on (they
/// came before any read since): those and every event read from now on go to the next screen.
/// `unread` gathers them while the reader is held, so none can be sent in between and lost.
pub fn unsubscribe(unread: impl FnOnce() -> Vec<Option<Event>>) {
    let mut r = lock();
    let unread = unread();
    detach(&mut r, unread);
}

fn detach(r: &mut Reader, unread: Vec<Option<Event>>) {
    r.sink = None;
    for ev in unread.into_iter().rev() {
        r.pending.push_front(ev);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyEvent};
    use std::sync::mpsc;

    fn key(c: char) -> Option<Event> {
        Some(Event::Key(KeyEvent::from(KeyCode::Char(c))))
    }

    #[test]
    fn a_leaving_screen_gathers_its_unread_keys_while_no_key_can_be_sent_to_it() {
        let mut gathered_while_held = false;
        unsubscribe(|| {
            // The reading thread delivers only while holding the reader: it cannot send now.
            gathered_while_held = reader().try_lock().is_err();
            vec![key('z')]
        });
        assert!(gathered_while_held);
        let mut r = lock();
        assert_eq!(r.pending.pop_front(), Some(key('z')));
    }

    #[test]
    fn a_key_read_between_screens_goes_to_the_next_one_in_order() {
        let mut r = Reader::default();
        let (tx, rx) = mpsc::channel();
        r.sink = Some(Box::new(move |ev| tx.send(ev).is_ok()));
        deliver(&mut r, key('a'));
        assert_eq!(rx.try_recv().unwrap(), key('a'));
        // The first screen leaves (its receiver dropped) without unsubscribing: the key is kept.
        drop(rx);
        deliver(&mut r, key('P'));
        deliver(&mut r, key('q'));
        assert!(r.sink.is_none());
        let (tx2, rx2) = mpsc::channel();
        attach(&mut r, Box::new(move |ev| tx2.send(ev).is_ok()));
        deliver(&mut r, key('j'));
        let got: Vec<_> = rx2.try_iter().collect();
        assert_eq!(got, [key('P'), key('q'), key('j')]);
        assert!(r.pending.is_empty());
        // A screen leaving with keys it was sent but never acted on hands them back, first.
        deliver(&mut r, key('x'));
        detach(&mut r, vec![key('1'), key('2')]);
        deliver(&mut r, key('3'));
        assert_eq!(
            r.pending.iter().cloned().collect::<Vec<_>>(),
            [key('1'), key('2'), key('3')]
        );
        assert_eq!(rx2.try_iter().collect::<Vec<_>>(), [key('x')]);
    }
}
