// Package sessions keeps what can be rebuilt: conversation state, the
// seen-update set for dedup, per-chat locks and shared rate budgets. It is
// Redis when REDIS_URL is set and in-process memory otherwise; both
// implement Store and pass the same tests.
//
// It imports nothing of the module: the router and the adapters declare
// the few methods they use as their own interfaces.
package sessions
