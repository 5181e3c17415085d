export SWIFT_DETERMINISTIC_HASHING := 1

.PHONY: build test run migrate demo bench crash fuzz format lint vendor

build:
	swift build

test:
	scripts/test

run:
	swift run anlan serve --demo

migrate:
	swift run anlan migrate

demo:
	swift run anlan demo

bench:
	scripts/bench
	scripts/bench-import

crash:
	scripts/crash 40

fuzz:
	scripts/fuzz 150

format:
	swift format --in-place --recursive Sources Tests Package.swift

lint:
	swift format lint --strict --recursive Sources Tests Package.swift

vendor:
	scripts/vendor
