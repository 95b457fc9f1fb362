#!/usr/bin/env bash
# Runs every test of the repository: starts the local RabbitMQ broker the AMQP tests need, checks that the
# README's API section matches the references, then builds and tests the whole solution.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/start-rabbitmq.sh
dotnet test Taskcluster.Client.slnx --nologo "$@"
