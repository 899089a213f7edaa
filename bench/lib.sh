# Shared by the bench scripts (sourced; not a benchmark itself, and not executable, so run-all.sh skips it).

# The load generator lives in local-stack. Only compile it (or package it when its runtime libraries are missing or
# lack one it now needs): ./openly bench runs next to a running stack, whose jars must not be rewritten under it.
# Nothing changed since its classes were compiled (local-stack's sources and pom, the modules -am builds with it, the
# root pom): no Maven at all, which on two shared cores saved 10-20 CPU s per `./openly bench`.
ensure_load_generator() {
  local marker=local-stack/target/classes/app/openly/localstack/OpenlyLocal.class
  if [ -d local-stack/target/lib ] && compgen -G "local-stack/target/lib/HdrHistogram-*.jar" >/dev/null; then
    if [ -f "$marker" ] && [ -z "$(find local-stack/src/main local-stack/pom.xml events/src/main events/pom.xml \
        platform/src/main platform/pom.xml pom.xml -type f -newer "$marker" -print -quit 2>/dev/null)" ]; then
      return 0
    fi
    ./mvnw -B -ntp -q compile -pl local-stack -am >/dev/null
  else
    ./mvnw -B -ntp -q package -DskipTests -pl local-stack -am >/dev/null
  fi
}
