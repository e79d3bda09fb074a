package events

// SizeRows is what a bounded read scans: rows of (position, payload size)
// in position order, as *sql.Rows and pgx.Rows give them.
type SizeRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// CutPage decides how much of the log a page bounded in bytes holds: it
// scans sizes until the payloads past the first event would exceed
// maxBytes (the first event is always taken, so a large one cannot stall
// a reader). It returns how many events the page holds, the position of
// the last, and whether it stopped before the rows ran out. The caller
// closes rows.
func CutPage(rows SizeRows, maxBytes int) (n int, last uint64, cut bool, err error) {
	total := 0
	for rows.Next() {
		var pos uint64
		var size int
		if err := rows.Scan(&pos, &size); err != nil {
			return 0, 0, false, err
		}
		if n > 0 && total+size > maxBytes {
			return n, last, true, nil
		}
		last, total = pos, total+size
		n++
	}
	return n, last, false, rows.Err()
}
