//! The demo organisation: bulk writes for `regie demo`, fast enough for 100 000 clients.
