// SPDX-License-Identifier: GPL-2.0

//! The classic kprobe example: logs every IPv4 `bind()` with the process name, its pid and
//! the address and port, decoded from the `struct sockaddr_in` argument of `inet_bind()`.
//!
//! The handler receives `inet_bind()`'s own typed arguments (a jprobe, as the kernel had
//! before 4.15): the prototype below is checked against the kernel's declaration when the
//! module is built.
//!
//!     insmod rust_inet_bind.ko
//!     rust_inet_bind: httpd[77] bind 127.0.0.1:8080

use kernel::{
    bindings::{
        sockaddr_unsized,
        socket, //
    },
    prelude::*,
};

#[path = "../kit/mod.rs"]
pub mod kit;
use kit::{
    bindings,
    kprobes, //
};

use kit::{
    typed::{
        self,
        EntryProbe, //
    }, //
};
use kprobes::InspectInitErr;

module! {
    type: InetBind,
    name: "rust_inet_bind",
    authors: ["rust-kprobes developers"],
    description: "Logs IPv4 binds: process, pid, address and port",
    license: "GPL",
}

kit::typed::prototype! {
    /// A call of `inet_bind()`, the bind operation of IPv4 sockets.
    #[header = "net/inet_common.h"]
    struct Bind = fn inet_bind(
        sock: *mut socket,
        uaddr: *mut sockaddr_unsized,
        addr_len: c_int,
    ) -> c_int;
}

const AF_INET: u16 = 2;
/// `sizeof(struct sockaddr_in)`: family, port, address and padding.
const SOCKADDR_IN_LEN: usize = 16;

struct Binds;

impl typed::Entry for Binds {
    type Call = Bind;

    fn entry(&self, call: Bind) {
        // Shorter than a `struct sockaddr_in`: inet_bind() refuses it.
        if !usize::try_from(call.addr_len).is_ok_and(|len| len >= SOCKADDR_IN_LEN) {
            return;
        }
        // struct sockaddr_in: sin_family (host order), sin_port (network order), sin_addr.
        let Some(sa) = kprobes::read_kernel::<[u8; 8]>(call.uaddr.addr()) else {
            return;
        };
        if u16::from_ne_bytes([sa[0], sa[1]]) != AF_INET {
            return;
        }
        pr_info!(
            "{}[{}] bind {}.{}.{}.{}:{}\n",
            kprobes::current_comm(),
            current!().pid(),
            sa[4],
            sa[5],
            sa[6],
            sa[7],
            u16::from_be_bytes([sa[2], sa[3]]),
        );
    }
}

#[pin_data]
struct InetBind {
    #[pin]
    _probe: EntryProbe<Binds>,
}

impl kernel::InPlaceModule for InetBind {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let probe = EntryProbe::new(Binds)
            .inspect_err(|e| pr_err!("register_kprobe failed, returned {}: {e}\n", e.to_errno()));
        try_pin_init!(Self { _probe <- probe }? Error)
    }
}
