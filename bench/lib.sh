# Shared by the bench scripts (sourced; not a benchmark itself, and not executable, so run-all.sh skips it).

# The load generator lives in local-stack. Only compile it (or package it when its runtime libraries are missing or
# lack one it now needs): ./openly bench runs next to a running stack, whose jars must not be rewritten under it.
ensure_load_generator() {
  if [ -d local-stack/target/lib ] && compgen -G "local-stack/target/lib/HdrHistogram-*.jar" >/dev/null; then
    ./mvnw -B -ntp -q compile -pl local-stack -am >/dev/null
  else
    ./mvnw -B -ntp -q package -DskipTests -pl local-stack -am >/dev/null
  fi
}
