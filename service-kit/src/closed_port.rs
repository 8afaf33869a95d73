//! An address on 127.0.0.1 where nothing listens and, while it is held,
//! nothing can: the socket is bound but never listens, so a connection to
//! it is refused. Tests point clients at it to see a party that is down.
//! (A port that was bound and dropped is no such thing: the kernel may
//! hand it to the next test's listener at once.)

use std::{io, net::SocketAddr};

use tokio::net::TcpSocket;

/// A refused address, reserved for as long as the value lives.
pub struct ClosedPort {
    _socket: TcpSocket,
    addr: SocketAddr,
}

impl ClosedPort {
    /// Reserves a free port on 127.0.0.1 without listening on it.
    pub fn reserve() -> io::Result<ClosedPort> {
        let socket = TcpSocket::new_v4()?;
        socket.bind(SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let addr = socket.local_addr()?;
        Ok(ClosedPort {
            _socket: socket,
            addr,
        })
    }

    /// The address, e.g. for `http://{addr}/cxml`.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_connection_to_it_is_refused() {
        let closed = ClosedPort::reserve().expect("a free port");
        let error = tokio::net::TcpStream::connect(closed.addr())
            .await
            .expect_err("nothing listens");
        assert_eq!(error.kind(), io::ErrorKind::ConnectionRefused);
    }

    #[test]
    fn while_held_nobody_else_can_bind_it() {
        let closed = ClosedPort::reserve().expect("a free port");
        assert!(std::net::TcpListener::bind(closed.addr()).is_err());
    }
}
