// Package viewpb maps the app's views to the API's messages: the one
// mapping both the gRPC answers and the export files are made from, so a
// claim downloaded from the desk and the same claim claimctl writes from
// ExportClaims are the same bytes.
//
// It sits outside adapters/ because two adapters need it and one adapter
// never imports another; it imports app, domain and the generated proto
// only.
package viewpb
