// Package web serves the review desk as HTML pages: the same app commands
// and queries as the gRPC adapter, and the same permission table
// (app.Permissions). Pages are Go templates embedded in the binary; the
// only JavaScript is small static files, so the Content-Security-Policy
// allows no inline script.
//
// A reviewer signs in with their bearer token; the server keeps only the
// hash of the session cookie it gives back, and ends the session once the
// token is revoked. Every form carries a CSRF token.
package web
