#!/usr/bin/env bash
# JMH benchmarks of Ringway's hot code. Usage: bench/jmh/run.sh [JMH options, e.g. -f 1 -wi 2 -i 3 encode]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd); ROOT=$(cd "$HERE/../.." && pwd)
# The launcher knows how to find a JDK >= 21; reuse its logic through a dry run of its environment.
JAVA_HOME=$(cd "$ROOT" && bash -c 'source <(sed -n "/^java_major()/,/^}/p;/^find_jdk()/,/^}/p" ringway); find_jdk; echo "$JAVA_HOME"')
export JAVA_HOME
(cd "$ROOT" && ./mvnw -q -B -DskipTests install)
(cd "$HERE" && "$ROOT/mvnw" -q -B -f pom.xml package)
exec "$JAVA_HOME/bin/java" -jar "$HERE/target/benchmarks.jar" "$@"
