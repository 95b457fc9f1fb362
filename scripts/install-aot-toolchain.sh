#!/usr/bin/env bash
# Installs what NativeAOT publishing needs besides the .NET SDK: Debian's clang (the native linker driver) and lld.
# The ILCompiler package itself comes from NuGet during the publish. Used by the AOT sample's test
# (tests/Taskcluster.Local.Tests/Aot) and by the tool's AOT build.
set -euo pipefail
if command -v clang >/dev/null 2>&1 && command -v ld.lld >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq clang lld >/dev/null
command -v clang
