package events

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sync"
)

// Upcaster turns a payload of one schema version into the next version's.
// Old events are never rewritten; they are upcast on every read.
type Upcaster func(payload json.RawMessage) (json.RawMessage, error)

// Registry maps event type names to Go types and schema versions. It is safe
// for concurrent use; registration normally happens once at start-up.
type Registry struct {
	mu     sync.RWMutex
	byName map[string]*registered
	byType map[reflect.Type]*registered
}

type registered struct {
	name    string
	version int              // current schema version
	goType  reflect.Type     // struct type, not pointer
	up      map[int]Upcaster // from version → from+1
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{byName: map[string]*registered{}, byType: map[reflect.Type]*registered{}}
}

// Register records that events named name are decoded into T, whose current
// schema version is version. It panics on a duplicate, like http.Handle: a
// duplicate is a programming error found at start-up.
func Register[T any](r *Registry, name string, version int) {
	r.register(reflect.TypeFor[T](), name, version)
}

// Typed is an event value that names its own type.
type Typed interface{ EventType() string }

// RegisterValue registers the Go type of the zero value v under
// v.EventType(), for packages that list their events as values.
func (r *Registry) RegisterValue(v Typed, version int) {
	t := reflect.TypeOf(v)
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	r.register(t, v.EventType(), version)
}

func (r *Registry) register(t reflect.Type, name string, version int) {
	if version < 1 {
		panic(fmt.Sprintf("events: %s: schema version %d < 1", name, version))
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if _, dup := r.byName[name]; dup {
		panic("events: event type registered twice: " + name)
	}
	if _, dup := r.byType[t]; dup {
		panic(fmt.Sprintf("events: Go type %v registered twice", t))
	}
	reg := &registered{name: name, version: version, goType: t, up: map[int]Upcaster{}}
	r.byName[name] = reg
	r.byType[t] = reg
}

// RegisterUpcaster adds the step from schema version from to from+1 of name.
func (r *Registry) RegisterUpcaster(name string, from int, up Upcaster) {
	r.mu.Lock()
	defer r.mu.Unlock()
	reg, ok := r.byName[name]
	if !ok {
		panic("events: upcaster for unregistered type " + name)
	}
	if from < 1 || from >= reg.version {
		panic(fmt.Sprintf("events: %s: upcaster from version %d outside 1..%d", name, from, reg.version-1))
	}
	reg.up[from] = up
}

// Encode turns a registered event value into a Proposed event at the current
// schema version.
func (r *Registry) Encode(v any) (Proposed, error) {
	t := reflect.TypeOf(v)
	if t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	r.mu.RLock()
	reg, ok := r.byType[t]
	r.mu.RUnlock()
	if !ok {
		return Proposed{}, fmt.Errorf("%w: Go type %v", ErrUnknownEventType, t)
	}
	payload, err := json.Marshal(v)
	if err != nil {
		return Proposed{}, fmt.Errorf("encode %s: %w", reg.name, err)
	}
	return Proposed{Type: reg.name, SchemaVersion: reg.version, Payload: payload}, nil
}

// Decode returns a pointer to the Go value of e, upcasting older payloads.
func (r *Registry) Decode(e *Envelope) (any, error) {
	r.mu.RLock()
	reg, ok := r.byName[e.Type]
	r.mu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("%w: %q at position %d", ErrUnknownEventType, e.Type, e.Position)
	}
	payload, v := e.Payload, e.SchemaVersion
	if v < 1 || v > reg.version {
		return nil, fmt.Errorf("%w: %s v%d at position %d (this build knows v1..v%d)", ErrUnknownSchema, e.Type, v, e.Position, reg.version)
	}
	for ; v < reg.version; v++ {
		up, ok := reg.up[v]
		if !ok {
			return nil, fmt.Errorf("%w: %s has no upcaster from v%d (position %d)", ErrUnknownSchema, e.Type, v, e.Position)
		}
		var err error
		if payload, err = up(payload); err != nil {
			return nil, fmt.Errorf("upcast %s v%d at position %d: %w", e.Type, v, e.Position, err)
		}
	}
	ptr := reflect.New(reg.goType)
	if err := json.Unmarshal(payload, ptr.Interface()); err != nil {
		return nil, fmt.Errorf("decode %s at position %d: %w", e.Type, e.Position, err)
	}
	return ptr.Interface(), nil
}
