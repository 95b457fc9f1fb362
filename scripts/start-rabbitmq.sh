#!/usr/bin/env bash
# Installs (if missing) and starts a local RabbitMQ broker on 127.0.0.1:5672 (guest/guest).
# Idempotent: a broker that already answers on the port is left alone.
# Used by the README's commands and by .ci/run; the AMQP tests need a real broker.
set -euo pipefail

port=5672
wait_seconds=${RABBITMQ_WAIT_SECONDS:-60}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

if port_open; then
  echo "rabbitmq: already listening on $port"
  exit 0
fi

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v rabbitmq-server >/dev/null 2>&1; then
  echo "rabbitmq: installing the Debian package"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq rabbitmq-server >/dev/null
fi

# A node named after an unresolvable hostname hangs silently at start; pin it to localhost.
if ! grep -qs '^NODENAME=rabbit@localhost' /etc/rabbitmq/rabbitmq-env.conf; then
  echo 'NODENAME=rabbit@localhost' | as_root tee -a /etc/rabbitmq/rabbitmq-env.conf >/dev/null
fi

echo "rabbitmq: starting"
as_root rabbitmq-server -detached

# `rabbitmq-diagnostics ping` answers before the AMQP port opens, so wait on the port itself.
for _ in $(seq 1 "$wait_seconds"); do
  if port_open; then
    echo "rabbitmq: listening on $port"
    exit 0
  fi
  sleep 1
done

echo "rabbitmq: port $port did not open within ${wait_seconds}s; log follows" >&2
as_root sh -c 'tail -n 50 /var/log/rabbitmq/*.log' >&2 || true
exit 1
