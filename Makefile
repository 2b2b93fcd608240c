# Takt: `make demo` and `make test` are the two commands of the quick start.
BUILD ?= build
JOBS ?= $(shell nproc)
GENERATOR := $(shell command -v ninja >/dev/null 2>&1 && echo "-G Ninja")

.PHONY: all build deps configure demo test bench bench-schedule format clean

all: build

deps:
	@bash scripts/install-deps.sh

$(BUILD)/CMakeCache.txt:
	@bash scripts/install-deps.sh
	cmake -S . -B $(BUILD) $(GENERATOR) -DCMAKE_BUILD_TYPE=Release

configure: $(BUILD)/CMakeCache.txt

build: deps configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	$(BUILD)/src/app/takt demo --db sqlite:takt-demo.db --listen 127.0.0.1:8080

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

bench: build
	bash bench/run.sh $(BUILD)

# Scheduling engine on the public instance families (reads ../shared/data).
#   SCHEDULE_SECONDS per instance (default 60), SCHEDULE_FAMILIES (default: ft la abz orb ta mk),
#   SCHEDULE_ARGS for bench_schedule's options (--threads N --parallel N --results FILE)
bench-schedule: build
	$(BUILD)/bench/bench_schedule ../shared/data $${SCHEDULE_SECONDS:-60} $${SCHEDULE_FAMILIES:-ft la abz orb ta mk} $${SCHEDULE_ARGS}

format:
	clang-format -i $$(git ls-files '*.h' '*.cc')

clean:
	rm -rf $(BUILD)
