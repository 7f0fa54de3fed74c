# The two commands of the README, plus lint on its own.
.PHONY: run test lint

run:
	bash tools/run.sh

test:
	bash tools/test.sh

lint:
	ruff check . && ruff format --check .
