#!/usr/bin/env bash
# Runs every test of the repository: starts the local RabbitMQ broker the AMQP tests need, installs chromium for
# the browser tests and clang/lld for the NativeAOT sample, checks that docs/api.md matches the references, then
# builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/start-rabbitmq.sh
# The browser tests drive Debian's chromium headless (installed here when missing).
./scripts/install-chromium.sh
# The NativeAOT sample's test publishes with clang and lld (installed here when missing).
./scripts/install-aot-toolchain.sh
# docs/api.md is generated from the references; a stale one fails the run.
dotnet run --project tools/Taskcluster.References -- docs --check
# One test project at a time (-m:1): the AMQP recovery tests restart the shared broker, which must not happen
# while another project's tests (the stand-in's events, the quick start) are talking to it.
dotnet test Taskcluster.Client.slnx --nologo -m:1 "$@"
