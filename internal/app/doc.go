// Package app starts the parts every command shares (catalogues, forms,
// the database, the session store, reports and the router) in order, and
// stops them in reverse. It owns no behaviour of its own.
//
// As wiring it may import any package of the module except test support.
package app
