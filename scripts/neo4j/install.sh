#!/usr/bin/env bash
# Resolves an in-process Neo4j 5 (org.neo4j.test:neo4j-harness, see pom.xml) from Maven Central into
# .tools/neo4j/lib, for the graph integration tests and scripts/neo4j/Neo4jLauncher.java.
# Idempotent and quiet: it does nothing when the jars for the pinned version are already there.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pom="$root/scripts/neo4j/pom.xml"
lib="$root/.tools/neo4j/lib"
version="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' "$pom")"
stamp="$lib/.complete-$version"

if [[ -f "$stamp" ]]; then exit 0; fi

# Test files in parallel may all find the lib missing: one installs, the others wait for it.
mkdir -p "$root/.tools/neo4j"
exec 9>"$root/.tools/neo4j/.install.lock"
if command -v flock >/dev/null 2>&1; then flock 9; fi
if [[ -f "$stamp" ]]; then exit 0; fi

for tool in java mvn; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "scripts/neo4j/install.sh: '$tool' not found on PATH; the Neo4j test server needs Java 17+ and Maven (Debian: apt-get install openjdk-17-jdk-headless maven)" >&2
    exit 1
  fi
done
java_major="$(java -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = \([0-9]*\).*/\1/p')"
if [[ -z "$java_major" || "$java_major" -lt 17 ]]; then
  echo "scripts/neo4j/install.sh: Java 17 or newer is needed for Neo4j $version (found: ${java_major:-unknown})" >&2
  exit 1
fi

# Resolve into a scratch folder and move it into place only when complete, so an interrupted run
# never leaves a half-filled lib that looks installed.
tmp="$root/.tools/neo4j/lib.partial"
rm -rf "$tmp"
mkdir -p "$tmp"
log="$root/.tools/neo4j/install.log"
if ! mvn -q -B -f "$pom" dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$tmp" >"$log" 2>&1; then
  echo "scripts/neo4j/install.sh: Maven could not resolve org.neo4j.test:neo4j-harness:$version; see $log" >&2
  tail -n 20 "$log" >&2
  rm -rf "$tmp"
  exit 1
fi
rm -rf "$lib"
mv "$tmp" "$lib"

# A class-data-sharing archive of everything Neo4j loads at start-up roughly halves the launcher's
# start time on a busy 2-core machine. Made by one warm-up run; optional: without it the launcher
# still starts, only slower. Same working directory, class path and JVM flags as tests/support/neo4j.ts.
archive="$root/.tools/neo4j/neo4j-cds.jsa"
rm -f "$archive"
fifo="$(mktemp -u)"
mkfifo "$fifo"
out="$root/.tools/neo4j/warm-up.out"
: >"$out"
(cd "$root" && exec java -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ArchiveClassesAtExit="$archive" \
  -cp '.tools/neo4j/lib/*' scripts/neo4j/Neo4jLauncher.java <"$fifo" >"$out" 2>>"$log") &
pid=$!
exec 3>"$fifo"
for _ in $(seq 1 1800); do
  if grep -q '^BOLT ' "$out" || ! kill -0 "$pid" 2>/dev/null; then break; fi
  sleep 0.1
done
exec 3>&-
wait "$pid" || rm -f "$archive"
rm -f "$fifo" "$out"

touch "$lib/.complete-$version"
