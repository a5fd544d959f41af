// Package storagetest gives tests a fresh, migrated storage.Store: a
// private PostgreSQL schema when TEST_DATABASE_URL is set, an SQLite file
// in a temporary directory otherwise.
//
// Only tests import it. It imports storage and nothing else of the
// module.
package storagetest
