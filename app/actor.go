package app

import "github.com/claimledger/claimledger/domain/reviewer"

// Actor is who makes a call: an authenticated reviewer and their role.
type Actor struct {
	ID   string
	Role reviewer.Role
}

// System is the actor of start-up work such as creating the first admin.
var System = Actor{ID: "system", Role: reviewer.RoleAdmin}
