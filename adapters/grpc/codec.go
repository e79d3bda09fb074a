package grpcadapter

import (
	"fmt"
	"sync"
	"unicode/utf8"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/encoding"
	protocodec "google.golang.org/grpc/encoding/proto"
	"google.golang.org/grpc/mem"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/encoding/protowire"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// decodeCodec is the proto codec with one difference: a request it cannot
// decode (a string field with invalid UTF-8, broken wire data) is not an
// error at decode time. grpc-go answers an unmarshal error INTERNAL, before
// any interceptor runs, so the caller would be told the server failed and
// nothing would be logged. Instead the message is left empty and the
// problem is kept for the interceptors, which take it with failure, admit
// the caller as for any call, and answer INVALID_ARGUMENT naming the field.
//
// Every message the server decodes reaches an interceptor (unary requests
// before the handler, stream messages through serverStream.RecvMsg), and
// each takes its message's entry, so the table holds only calls in flight.
type decodeCodec struct {
	inner  encoding.CodecV2
	failed sync.Map // message pointer → error, until taken
}

func newDecodeCodec() *decodeCodec {
	return &decodeCodec{inner: encoding.GetCodecV2(protocodec.Name)}
}

func (c *decodeCodec) Name() string { return protocodec.Name }

func (c *decodeCodec) Marshal(v any) (mem.BufferSlice, error) { return c.inner.Marshal(v) }

func (c *decodeCodec) Unmarshal(data mem.BufferSlice, v any) error {
	err := c.inner.Unmarshal(data, v)
	if err == nil {
		return nil
	}
	m, ok := v.(proto.Message)
	if !ok {
		return err // not a message of ours: let grpc-go say so
	}
	proto.Reset(m) // a handler must never see half a request
	raw := data.Materialize()
	msg := fmt.Sprintf("request: not a valid %s message (%v)", m.ProtoReflect().Descriptor().FullName(), err)
	if f := badUTF8Field(raw, m.ProtoReflect().Descriptor()); f != "" {
		msg = f + ": not valid UTF-8"
	}
	c.failed.Store(v, status.Error(codes.InvalidArgument, msg))
	return nil
}

// failure takes the decoding error of m, if it had one.
func (c *decodeCodec) failure(m any) error {
	if m == nil {
		return nil
	}
	if err, ok := c.failed.LoadAndDelete(m); ok {
		return err.(error)
	}
	return nil
}

// badUTF8Field names the first string field of raw, a message of type md,
// that holds invalid UTF-8 ("title", "evidence_urls"), or "" if none does
// or raw is not well-formed enough to tell.
func badUTF8Field(raw []byte, md protoreflect.MessageDescriptor) string {
	for len(raw) > 0 {
		num, typ, n := protowire.ConsumeTag(raw)
		if n < 0 {
			return ""
		}
		raw = raw[n:]
		if typ != protowire.BytesType {
			if n = protowire.ConsumeFieldValue(num, typ, raw); n < 0 {
				return ""
			}
			raw = raw[n:]
			continue
		}
		val, n := protowire.ConsumeBytes(raw)
		if n < 0 {
			return ""
		}
		raw = raw[n:]
		fd := md.Fields().ByNumber(num)
		switch {
		case fd == nil:
		case fd.Kind() == protoreflect.StringKind && !utf8.Valid(val):
			return string(fd.Name())
		case fd.Kind() == protoreflect.MessageKind && !fd.IsMap():
			if inner := badUTF8Field(val, fd.Message()); inner != "" {
				return string(fd.Name()) + "." + inner
			}
		}
	}
	return ""
}
