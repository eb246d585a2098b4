//! A request's head and its small body sent in one write. ureq writes them apart, and
//! with Nagle's algorithm off each is a packet of its own: the target reads the head,
//! waits, and is woken again for the body — for every form posted and every control API
//! call. What ureq sends is held until it waits for the answer (or more than [`HOLD`]
//! bytes wait), then written at once; a large body's pieces go out as they come.

use ureq::unversioned::transport::{Buffers, ConnectionDetails, Connector, NextTimeout, Transport};

/// The most bytes held back: a form or a JSON command fits; a file's pieces do not wait.
const HOLD: usize = 64 * 1024;

/// Wraps the connections `C` makes in a [`Cork`].
#[derive(Debug)]
pub(super) struct Corked<C>(pub(super) C);

impl<C: Connector> Connector for Corked<C> {
    type Out = Cork;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<()>,
    ) -> Result<Option<Cork>, ureq::Error> {
        Ok(self.0.connect(details, chained)?.map(|inner| Cork {
            inner: inner.boxed(),
            held: Vec::new(),
        }))
    }
}

/// A connection whose output waits until its answer is waited for.
#[derive(Debug)]
pub(super) struct Cork {
    inner: Box<dyn Transport>,
    held: Vec<u8>,
}

impl Cork {
    /// Writes what is held, through the connection's own output buffer.
    fn flush(&mut self, timeout: NextTimeout) -> Result<(), ureq::Error> {
        let mut at = 0;
        while at < self.held.len() {
            let out = self.inner.buffers().output();
            let n = out.len().min(self.held.len() - at);
            out[..n].copy_from_slice(&self.held[at..at + n]);
            self.inner.transmit_output(n, timeout)?;
            at += n;
        }
        self.held.clear();
        Ok(())
    }
}

impl Transport for Cork {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if self.held.is_empty() && amount >= HOLD {
            return self.inner.transmit_output(amount, timeout);
        }
        let out = &self.inner.buffers().output()[..amount];
        self.held.extend_from_slice(out);
        if self.held.len() >= HOLD {
            self.flush(timeout)?;
        }
        Ok(())
    }

    fn maybe_await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush(timeout)?;
        self.inner.maybe_await_input(timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.flush(timeout)?;
        self.inner.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.held.is_empty() && self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};
    use ureq::unversioned::transport::LazyBuffers;

    /// A connection that keeps what it was asked to write, each write apart.
    #[derive(Debug)]
    struct Wire {
        buffers: LazyBuffers,
        writes: Arc<Mutex<Vec<Vec<u8>>>>,
    }

    impl Transport for Wire {
        fn buffers(&mut self) -> &mut dyn Buffers {
            &mut self.buffers
        }
        fn transmit_output(&mut self, amount: usize, _: NextTimeout) -> Result<(), ureq::Error> {
            let written = self.buffers.output()[..amount].to_vec();
            self.writes.lock().expect("writes").push(written);
            Ok(())
        }
        fn await_input(&mut self, _: NextTimeout) -> Result<bool, ureq::Error> {
            Ok(true)
        }
        fn is_open(&mut self) -> bool {
            true
        }
    }

    /// What `cork` writes for these pieces, as the connection saw its writes; whether
    /// the connection was idle (fit to be reused) before the answer was waited for.
    fn written(pieces: &[&[u8]]) -> (Vec<Vec<u8>>, bool) {
        let writes = Arc::new(Mutex::new(Vec::new()));
        let mut cork = Cork {
            inner: Box::new(Wire {
                buffers: LazyBuffers::new(1024, 128 * 1024),
                writes: writes.clone(),
            }),
            held: Vec::new(),
        };
        let t = NextTimeout::default();
        for p in pieces {
            cork.buffers().output()[..p.len()].copy_from_slice(p);
            cork.transmit_output(p.len(), t).expect("writes");
        }
        let idle = cork.is_open();
        cork.await_input(t).expect("waits");
        assert!(
            cork.is_open(),
            "nothing is held once the answer is waited for"
        );
        let writes = writes.lock().expect("writes").clone();
        (writes, idle)
    }

    #[test]
    fn a_head_and_a_small_body_leave_together_and_a_file_as_it_comes() {
        let (head, body) = (&b"POST / HTTP/1.1\r\n\r\n"[..], &b"a=1"[..]);
        let (writes, idle) = written(&[head, body]);
        assert_eq!(writes, vec![[head, body].concat()]);
        assert!(!idle, "a connection holding a request is not reused");
        // A file's pieces: the head with the first, then each as it is.
        let piece = vec![7u8; HOLD];
        let (writes, _) = written(&[head, &piece, &piece]);
        assert_eq!(writes, vec![[head, &piece].concat(), piece]);
    }
}
