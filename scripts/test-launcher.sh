#!/usr/bin/env bash
# Tests the ./bulwark launcher's JDK discovery, error messages and argument
# pass-through, without the Java build: it runs a temporary copy of the
# launcher next to empty cli/target/bulwark.jar and bench/target/bulwark-bench.jar, with fake JDK homes whose
# bin/java reports a chosen version for -version and otherwise prints
# "JDK=<home>" and then its arguments, one per line.
#
# Usage: bash scripts/test-launcher.sh     (prints "N passed, M failed")
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# A copy of the launcher with stub jars, as the launcher checks they exist.
mkdir -p "$T/repo/cli/target" "$T/repo/bench/target" "$T/home" "$T/elsewhere"
cp "$REPO/bulwark" "$T/repo/bulwark"
: > "$T/repo/cli/target/bulwark.jar"
: > "$T/repo/bench/target/bulwark-bench.jar"

# Only the tools the launcher needs, so no real java (or mvn) is on PATH.
mkdir -p "$T/tools"
for tool in dirname basename sed head readlink find sh touch; do
  ln -s "$(command -v "$tool")" "$T/tools/$tool"
done

# fake_jdk NAME VERSION [STYLE]: a JDK home at $T/jdks/NAME reporting VERSION.
fake_jdk() {
  local home=$T/jdks/$1 kind=${3:-openjdk}
  mkdir -p "$home/bin"
  cat > "$home/bin/java" <<EOF
#!/bin/sh
if [ "\$1" = -version ]; then
  echo '$kind version "$2" 2025-01-01' >&2
  echo 'Runtime Environment (fake)' >&2
  exit 0
fi
echo "JDK=$home"
for a in "\$@"; do printf '%s\n' "\$a"; done
EOF
  chmod +x "$home/bin/java"
}
fake_jdk j8 1.8.0_392 java
fake_jdk j17 17.0.15
fake_jdk j21 21.0.2
fake_jdk j25 25
fake_jdk j2501 25.0.1
fake_jdk j26 26-ea
fake_jdk zz25 25.0.2                # sorts last, so "highest" is not "last found"
mkdir -p "$T/jdks/notajdk"          # a folder without bin/java is ignored

PASS=0 FAIL=0
ok()  { PASS=$((PASS + 1)); echo "ok   - $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL - $1"; printf '%s\n' "$OUT" | sed 's/^/       | /'; }

# launch [VAR=value...] -- ARGS...: runs the launcher copy in a clean
# environment (BULWARK_SKIP_BUILD=1, PATH=tools, no JDK dirs unless given);
# sets OUT (stdout+stderr) and RC.
launch() {
  local vars=()
  while [ "$1" != -- ]; do vars+=("$1"); shift; done
  shift
  RC=0
  OUT=$(cd "$T/elsewhere" && env -i HOME="$T/home" PATH="$T/tools" BULWARK_SKIP_BUILD=1 \
        BULWARK_JDK_DIRS= ${vars[@]+"${vars[@]}"} "$BASH" "$T/repo/bulwark" "$@" 2>&1) || RC=$?
}

# expect NAME RC TEXT...: passes if the exit code is RC and OUT holds each TEXT.
expect() {
  local name=$1 rc=$2 text; shift 2
  if [ "$RC" != "$rc" ]; then OUT="(exit $RC, expected $rc)"$'\n'$OUT; bad "$name"; return; fi
  for text in "$@"; do
    case $OUT in *"$text"*) ;; *) OUT="(missing: $text)"$'\n'$OUT; bad "$name"; return ;; esac
  done
  ok "$name"
}

launch JAVA_HOME="$T/jdks/j25" -- demo
expect "JAVA_HOME pointing at a 25 wins" 0 "JDK=$T/jdks/j25"$'\n'"--enable-native-access=ALL-UNNAMED"$'\n'"-jar"$'\n'"$T/repo/cli/target/bulwark.jar"$'\n'"demo"

launch JAVA_HOME="$T/jdks/j25" BULWARK_JDK_DIRS="$T/jdks/*" -- demo
expect "JAVA_HOME is preferred to a newer JDK in the folders" 0 "JDK=$T/jdks/j25"

launch JAVA_HOME="$T/jdks/j17" BULWARK_JDK_DIRS="$T/jdks/j17:$T/jdks/j2501" -- demo
expect "JAVA_HOME of 17 skipped, a 25 in BULWARK_JDK_DIRS found" 0 "JDK=$T/jdks/j2501"

launch PATH="$T/tools:$T/jdks/j2501/bin" -- demo
expect "java 25 on PATH is found" 0 "JDK=$T/jdks/j2501"

launch JAVA_HOME="$T/jdks/j17" PATH="$T/tools:$T/jdks/j17/bin" BULWARK_JDK_DIRS="$T/jdks/*" -- demo
expect "the highest version in the folders is chosen" 0 "JDK=$T/jdks/j26"

launch JAVA_HOME="$T/jdks/j17" BULWARK_JDK_DIRS="$T/jdks/j17:$T/jdks/notajdk:$T/nowhere/*" -- demo
expect "only a 17: exit 3, mentions JDK 25 and the rejected 17" 3 \
  "needs a JDK 25 or newer" "$T/jdks/j17 (17)" "set JAVA_HOME" "$T/nowhere/*"

for v in "j8:1.8.0_392:3:(8)" "j21:21.0.2:3:(21)" "j25:25:0:JDK=" "j2501:25.0.1:0:JDK=" "j26:26-ea:0:JDK="; do
  IFS=: read -r name version rc text <<< "$v"
  launch JAVA_HOME="$T/jdks/$name" -- demo
  expect "version \"$version\" parsed right" "$rc" "$text"
done

# shellcheck disable=SC2016  # a literal $HOME must arrive unexpanded
launch JAVA_HOME="$T/jdks/j25" -- run --config "my file.yaml" "" "a  b" '*' '$HOME'
# shellcheck disable=SC2016
expect "arguments with spaces pass through intact" 0 \
  "bulwark.jar"$'\n'"run"$'\n'"--config"$'\n'"my file.yaml"$'\n'$'\n'"a  b"$'\n'"*"$'\n''$HOME'

launch JAVA_HOME="$T/jdks/j25" BULWARK_JAVA_OPTS="-Xmx1g -Dx=1" -- demo
expect "BULWARK_JAVA_OPTS are split into JVM options" 0 \
  "ALL-UNNAMED"$'\n'"-Xmx1g"$'\n'"-Dx=1"$'\n'"-jar"

ln -s "$T/repo/bulwark" "$T/elsewhere/bw-link"
RC=0
OUT=$(cd / && env -i HOME="$T/home" PATH="$T/tools" BULWARK_SKIP_BUILD=1 BULWARK_JDK_DIRS= \
      JAVA_HOME="$T/jdks/j25" "$BASH" "$T/elsewhere/bw-link" demo 2>&1) || RC=$?
expect "works through a symlink from another folder" 0 "$T/repo/cli/target/bulwark.jar"

mv "$T/repo/cli/target/bulwark.jar" "$T/jar.bak"
launch JAVA_HOME="$T/jdks/j25" -- demo
expect "BULWARK_SKIP_BUILD=1 with no jar: exit 3, clear message" 3 "bulwark.jar is missing"
launch JAVA_HOME="$T/jdks/j25" BULWARK_SKIP_BUILD= -- demo
expect "a build needed with no mvn on PATH: exit 3" 3 "needs Maven (mvn) on PATH"
mv "$T/jar.bak" "$T/repo/cli/target/bulwark.jar"

# `bench ...` runs the bench jar; any other first argument, cli's.
launch JAVA_HOME="$T/jdks/j25" -- bench ipc --quick --payload 16,256
expect "bench runs bench/target/bulwark-bench.jar, arguments intact" 0 \
  "-jar"$'\n'"$T/repo/bench/target/bulwark-bench.jar"$'\n'"bench"$'\n'"ipc"$'\n'"--quick"$'\n'"--payload"$'\n'"16,256"
launch JAVA_HOME="$T/jdks/j25" -- help bench
expect "bench only as the first argument picks the bench jar" 0 "-jar"$'\n'"$T/repo/cli/target/bulwark.jar"$'\n'"help"

# Staleness: a bench source newer than both jars rebuilds the bench jar only (no mvn here: exit 3 says so).
mkdir -p "$T/repo/bench/src/main/java"
touch -t 202001010000 "$T/repo/cli/target/bulwark.jar" "$T/repo/bench/target/bulwark-bench.jar"
: > "$T/repo/bench/src/main/java/New.java"
launch JAVA_HOME="$T/jdks/j25" BULWARK_SKIP_BUILD= -- bench ipc
expect "a newer bench source: the bench jar needs a build (no mvn: exit 3)" 3 \
  "needs Maven (mvn) on PATH to build bench/target/bulwark-bench.jar"
launch JAVA_HOME="$T/jdks/j25" BULWARK_SKIP_BUILD= -- demo
expect "a newer bench source leaves cli's jar current" 0 "$T/repo/cli/target/bulwark.jar"$'\n'"demo"
rm -r "$T/repo/bench/src"
mv "$T/repo/bench/target/bulwark-bench.jar" "$T/bench.bak"
launch JAVA_HOME="$T/jdks/j25" -- bench ipc
expect "no bench jar with BULWARK_SKIP_BUILD=1: exit 3, says how to build it" 3 \
  "bulwark-bench.jar is missing; build it with: mvn -DskipTests -pl cli,bench -am package"
mv "$T/bench.bak" "$T/repo/bench/target/bulwark-bench.jar"

# Against this machine's real JDKs: no JAVA_HOME, PATH=/usr/bin:/bin, default folders.
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  RC=0
  OUT=$(cd "$T/elsewhere" && env -i HOME="$HOME" PATH=/usr/bin:/bin BULWARK_SKIP_BUILD=1 \
        BULWARK_JAVA_OPTS="-XshowSettings:properties -version" "$BASH" "$T/repo/bulwark" demo 2>&1) || RC=$?
  expect "real machine: finds /usr/lib/jvm/temurin-25-jdk-amd64" 0 \
    "java.home = /usr/lib/jvm/temurin-25-jdk-amd64"
else
  echo "skip - real machine check (no /usr/lib/jvm/temurin-25-jdk-amd64 here)"
fi

# The real jar, where the build made one: pinning a thread is an FFM downcall, and it prints no JVM warning
# through the launcher (its --enable-native-access) nor with java -jar (the manifest's Enable-Native-Access).
# expect_quiet NAME: passes if the command ran (exit 0, or 1: the demo's own verdict, which a noisy host can
# spoil and which is not checked here), printed its pinning line, and no WARNING.
expect_quiet() {
  if [ "$RC" = 1 ]; then RC=0; fi
  case $OUT in
    *WARNING*) OUT="(a WARNING was printed)"$'\n'$OUT; bad "$1" ;;
    *) expect "$1" 0 $'\n'"pinned: " ;;
  esac
}
J25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
if [ -x "$J25" ] && [ -s "$REPO/cli/target/bulwark.jar" ]; then
  RC=0
  OUT=$(cd "$T/elsewhere" && env -i HOME="$HOME" PATH=/usr/bin:/bin BULWARK_SKIP_BUILD=1 \
        "$BASH" "$REPO/bulwark" demo --pin 2>&1) || RC=$?
  expect_quiet "real jar: ./bulwark demo --pin prints where it pinned, and no JVM warning"
  RC=0
  OUT=$(cd "$T/elsewhere" && "$J25" -jar "$REPO/cli/target/bulwark.jar" demo --pin 2>&1) || RC=$?
  expect_quiet "real jar: java -jar bulwark.jar demo --pin prints no JVM warning (the manifest enables native access)"
else
  echo "skip - real jar checks (no $J25, or no built $REPO/cli/target/bulwark.jar)"
fi

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]
