# whdctl: the two set-up commands are `make demo` and `make test`.
GO      ?= go
BIN     := bin/whdctl
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -s -w -X github.com/whdctl/whdctl/internal/cli.Version=$(VERSION)
FUZZTIME ?= 10s
# A static binary without cgo and without urfave/cli's man-page generator starts
# faster (fewer pages to map and fault in): see scripts/bench-patch.sh.
BUILDENV := CGO_ENABLED=0
TAGS    := urfave_cli_no_docs

.PHONY: build demo test unit fuzz-short bench vet clean

build:
	$(BUILDENV) $(GO) build -trimpath -tags '$(TAGS)' -ldflags '$(LDFLAGS)' -o $(BIN) ./cmd/whdctl

# Runs the main job on a temporary copy of the sample installs and shows what it did.
demo: build
	@scripts/demo.sh $(BIN)

# The whole suite: vet, every test (the real-program oracles included), short fuzz runs.
test: vet unit fuzz-short

vet:
	$(GO) vet ./...
	GOOS=windows $(GO) build -o /dev/null ./cmd/whdctl
	GOOS=darwin $(GO) build -o /dev/null ./cmd/whdctl

unit:
	$(GO) test -count=1 -timeout 30m ./...

# Every fuzz target, briefly (a longer run: make fuzz-short FUZZTIME=5m).
fuzz-short:
	@scripts/fuzz-all.sh $(FUZZTIME)

bench: build
	scripts/bench-patch.sh $(BIN)

clean:
	rm -rf bin
