// SPDX-License-Identifier: GPL-2.0

//! The classic kprobe example: logs every IPv4 `bind()` with the process name, its pid and
//! the address and port, decoded from the `struct sockaddr_in` argument of `inet_bind()`.
//!
//!     insmod rust_inet_bind.ko
//!     rust_inet_bind: httpd[77] bind 127.0.0.1:8080

use kernel::prelude::*;

#[path = "../kprobes/mod.rs"]
pub mod kprobes;

use kprobes::{
    kprobe::{
        self,
        Probe,
        Registration, //
    },
    InspectInitErr,
    Regs,
    Target, //
};

module! {
    type: InetBind,
    name: "rust_inet_bind",
    authors: ["rust-kprobes developers"],
    description: "Logs IPv4 binds: process, pid, address and port",
    license: "GPL",
}

const AF_INET: u16 = 2;

struct Binds;

#[vtable]
impl kprobe::Handler for Binds {
    // int inet_bind(struct socket *sock, struct sockaddr *uaddr, int addr_len)
    fn pre(&self, _p: &Probe, regs: &Regs) {
        // struct sockaddr_in: sin_family (host order), sin_port (network order), sin_addr.
        let Some(sa) = regs.arg(1).and_then(kprobes::read_kernel::<[u8; 8]>) else {
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
    _probe: Registration<Binds>,
}

impl kernel::InPlaceModule for InetBind {
    fn init(_module: &'static ThisModule) -> impl PinInit<Self, Error> {
        let target = [Target::symbol(c"inet_bind")];
        let probe = Registration::new(target, kprobe::Options::default(), Binds)
            .inspect_err(|e| pr_err!("register_kprobe failed, returned {}: {e}\n", e.to_errno()));
        try_pin_init!(Self { _probe <- probe }? Error)
    }
}
