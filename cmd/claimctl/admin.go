package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	pb "github.com/claimledger/claimledger/proto/claimledger/v1"
	"google.golang.org/protobuf/proto"
)

func runReviewerAdd(e *env, args []string) error {
	fs := e.flags("admin reviewer add", "admin reviewer add NAME --role reviewer|editor|auditor|admin [--save FILE] [--request-id R] [-o table|json]",
		"Registers a reviewer and issues their first token (admin role). The token is printed once and never\n"+
			"again; with --save it is written to FILE (mode 0600) instead of printed.",
		"claimctl admin reviewer add alice --role reviewer --save alice.token")
	role := fs.String("role", "", "reviewer, editor, auditor or admin (required)")
	save := fs.String("save", "", "write the token to this file, readable by you only, instead of stdout")
	requestID := fs.String("request-id", "", "idempotency key (default: a random one)")
	out := output(fs, "table", "json")
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *role == "" {
		return usagef("--role is required")
	}
	r, err := parseEnum("role", *role, "ROLE_", pb.Role_value)
	if err != nil {
		return err
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	ctx, cancel := e.call()
	defer cancel()
	res, err := pb.NewAdminServiceClient(conn).RegisterReviewer(ctx, &pb.RegisterReviewerRequest{
		RequestId: orRandom(*requestID), Name: pos[0], Role: pb.Role(r)})
	if err != nil {
		return err
	}
	return e.printToken(out.value, *save, res.GetReviewer().GetId(), roleName(res.GetReviewer().GetRole()),
		res.GetTokenId(), res.GetTokenSecret(), res)
}

func runTokenIssue(e *env, args []string) error {
	fs := e.flags("admin token issue", "admin token issue REVIEWER [--save FILE] [--request-id R] [-o table|json]",
		"Issues another token to a reviewer, for example to rotate one (admin role). Printed once, or saved with --save.",
		"claimctl admin token issue alice --save alice-2.token")
	save := fs.String("save", "", "write the token to this file, readable by you only, instead of stdout")
	requestID := fs.String("request-id", "", "idempotency key (default: a random one)")
	out := output(fs, "table", "json")
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	ctx, cancel := e.call()
	defer cancel()
	res, err := pb.NewAdminServiceClient(conn).IssueToken(ctx, &pb.IssueTokenRequest{RequestId: orRandom(*requestID), ReviewerId: pos[0]})
	if err != nil {
		return err
	}
	return e.printToken(out.value, *save, pos[0], "", res.GetTokenId(), res.GetTokenSecret(), res)
}

// printToken shows a new token once: on stdout, or only in the file --save
// names, so it need not pass through a terminal's scrollback.
func (e *env) printToken(format, save, reviewer, role, tokenID, secret string, res proto.Message) error {
	if secret == "" { // a retried request: the server shows a secret only once
		fmt.Fprintln(e.stderr, "note: this request was made before; its token was shown then and is not shown again")
	}
	if save != "" && secret != "" {
		if err := os.WriteFile(save, []byte(secret+"\n"), 0o600); err != nil {
			return fmt.Errorf("save token: %w", err)
		}
		fmt.Fprintf(e.stderr, "token %s saved to %s; use it with --token \"$(cat %s)\" or CLAIMLEDGER_TOKEN\n", tokenID, save, save)
		secret = "(saved to " + save + ")"
	}
	if format == "json" {
		if save != "" { // the file holds the secret; stdout must not
			res = proto.Clone(res)
			m := res.ProtoReflect()
			m.Clear(m.Descriptor().Fields().ByName("token_secret"))
		}
		return writeJSON(e.stdout, res)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "reviewer\t%s\n", reviewer)
	if role != "" {
		fmt.Fprintf(tw, "role\t%s\n", role)
	}
	fmt.Fprintf(tw, "token id\t%s\n", tokenID)
	fmt.Fprintf(tw, "token\t%s\n", secret)
	if err := tw.Flush(); err != nil {
		return err
	}
	if save == "" && secret != "" {
		fmt.Fprintln(e.stderr, "Store the token now: it is not shown again. Use it with --token or CLAIMLEDGER_TOKEN.")
	}
	return nil
}

func runReviewerList(e *env, args []string) error {
	fs := e.flags("admin reviewer list", "admin reviewer list [-o table|json|jsonl]",
		"Lists the reviewers in registration order, with their active token ids (admin role).",
		"claimctl admin reviewer list")
	out := output(fs, "table", "json", "jsonl")
	if _, err := e.parse(fs, args, 0, 0); err != nil {
		return err
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	cl := pb.NewAdminServiceClient(conn)
	req := &pb.ListReviewersRequest{PageSize: 500}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	arr := &jsonArray{w: e.stdout}
	if out.value == "table" {
		fmt.Fprintln(tw, "ID\tNAME\tROLE\tTOKENS\tCREATED")
	}
	for {
		ctx, cancel := e.call()
		res, err := cl.ListReviewers(ctx, req)
		cancel()
		if err != nil {
			return err
		}
		for _, r := range res.GetReviewers() {
			switch out.value {
			case "json":
				err = arr.add(r)
			case "jsonl":
				err = writeJSONL(e.stdout, r)
			default:
				_, err = fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\n", r.GetId(), r.GetName(), roleName(r.GetRole()),
					len(r.GetActiveTokenIds()), when(r.GetCreatedAt()))
			}
			if err != nil {
				return err
			}
		}
		if res.GetNextPageToken() == "" {
			break
		}
		req.PageToken = res.GetNextPageToken()
	}
	if out.value == "json" {
		return arr.close()
	}
	return tw.Flush()
}

func runTokenRevoke(e *env, args []string) error {
	fs := e.flags("admin token revoke", "admin token revoke TOKEN_ID --reason TEXT [--request-id R] [--expected-version V] [-o table|json]",
		"Revokes a token (admin role): calls made with it fail with exit code 6 from then on.\n"+
			"TOKEN_ID is the id printed when the token was issued (the part of the token before the dot).",
		"claimctl admin token revoke t3a91f0c2d4e5 --reason 'laptop lost'")
	reason := fs.String("reason", "", "why the token is revoked (required)")
	var m mutation
	fs.StringVar(&m.requestID, "request-id", "", "idempotency key (default: a random one)")
	fs.Var(&m.expected, "expected-version", "apply only if the reviewer's stream is at this version")
	out := output(fs, "table", "json")
	pos, err := e.parse(fs, args, 1, 1)
	if err != nil {
		return err
	}
	if *reason == "" {
		return usagef("--reason is required")
	}
	conn, err := e.client()
	if err != nil {
		return err
	}
	ctx, cancel := e.call()
	defer cancel()
	res, err := pb.NewAdminServiceClient(conn).RevokeToken(ctx, &pb.RevokeTokenRequest{RequestId: m.id(), TokenId: pos[0],
		Reason: *reason, ExpectedVersion: m.expected.v})
	if err != nil {
		return err
	}
	if out.value == "json" {
		return writeJSON(e.stdout, res)
	}
	r := res.GetReviewer()
	_, err = fmt.Fprintf(e.stdout, "revoked %s of %s (%d active tokens left, version %d, position %d)\n",
		pos[0], r.GetId(), len(r.GetActiveTokenIds()), res.GetVersion(), res.GetPosition())
	return err
}

func orRandom(requestID string) string {
	if requestID != "" {
		return requestID
	}
	return newRequestID()
}
