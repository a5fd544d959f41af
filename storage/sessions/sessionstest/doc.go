// Package sessionstest gives tests a session store: real Redis when
// TEST_REDIS_URL is set (each test under its own key prefix, cleaned up
// afterwards), miniredis otherwise, and the in-process Memory store. It also
// gives the contract suite backends whose clock it can move.
//
// Only tests import it. It imports storage/sessions and nothing else of
// the module.
package sessionstest
