//! The CRM server as a library: the binary, the client's local mode and the end-to-end tests
//! all start it through [`serve`].
