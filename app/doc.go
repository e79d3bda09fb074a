// Package app holds ClaimLedger's use cases: command handlers that load an
// aggregate's stream, let the domain decide, and append the new events with
// an expected version and a request id; the projector that turns the log
// into verification views; and the queries that read them. It knows the
// domain and the events port, nothing of SQL or gRPC.
package app
