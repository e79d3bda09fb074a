#!/usr/bin/env bash
# Lints the API contract and checks that the committed generated Go matches
# the .proto files. Installs the pinned code generators first (needs only Go;
# the network only has to reach the Go module proxy).
#
#   .ci/proto.sh            lint, regenerate, fail on drift
#
# Tools go to $CLAIMLEDGER_TOOLS (default .tools/bin at the repository root,
# which is not committed). A tool already there at the pinned version is not
# rebuilt; building buf cold takes a few minutes.
set -euo pipefail
cd "$(dirname "$0")/.."

BUF_VERSION=v1.75.0
PROTOC_GEN_GO_VERSION=v1.36.12     # google.golang.org/protobuf, as in go.mod
PROTOC_GEN_GO_GRPC_VERSION=v1.5.1  # google.golang.org/grpc/cmd/protoc-gen-go-grpc

tools=${CLAIMLEDGER_TOOLS:-$PWD/.tools/bin}
mkdir -p "$tools"
tools=$(cd "$tools" && pwd)

# install <binary> <package> <module> <version>: go install the package at
# the version unless the binary in $tools was built from exactly that module
# version.
install() {
	local bin=$1 pkg=$2 mod=$3 version=$4 have=
	if [[ -x $tools/$bin ]]; then
		have=$(go version -m "$tools/$bin" 2>/dev/null | awk -v m="$mod" '$1 == "mod" && $2 == m { print $3 }')
	fi
	if [[ $have == "$version" ]]; then
		return
	fi
	echo "proto.sh: installing $pkg@$version into $tools" >&2
	GOBIN=$tools go install "$pkg@$version"
}

install buf github.com/bufbuild/buf/cmd/buf github.com/bufbuild/buf "$BUF_VERSION"
install protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go google.golang.org/protobuf "$PROTOC_GEN_GO_VERSION"
install protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc "$PROTOC_GEN_GO_GRPC_VERSION"

# buf.gen.yaml names the plugins as local binaries: ours must come first.
export PATH=$tools:$PATH

echo "proto.sh: buf lint" >&2
buf lint

# Remove the generated Go first, so that a .pb.go whose .proto was deleted or
# renamed shows up as a deletion instead of lingering.
echo "proto.sh: buf generate" >&2
find proto -type f -name '*.pb.go' -delete
buf generate
go build ./proto/...

if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	echo "proto.sh: not a git work tree, cannot check the generated Go for drift" >&2
	exit 1
fi
generated=':(glob)proto/**/*.pb.go'
drift=$(git status --porcelain --untracked-files=all -- "$generated")
if [[ -n $drift ]]; then
	{
		echo "proto.sh: the committed generated Go is out of date with the .proto files:"
		echo "$drift"
		git --no-pager diff --stat -- "$generated"
		echo "proto.sh: run .ci/proto.sh (or buf generate with the pinned plugins) and commit proto/."
	} >&2
	exit 1
fi
echo "proto.sh: ok, generated Go is up to date" >&2
