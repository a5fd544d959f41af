package bot

import "treembot/storage"

// The real store must satisfy the router's interface.
var _ Store = (*storage.Store)(nil)
