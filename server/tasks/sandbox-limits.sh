# Sourced by bash (as BASH_ENV) before a sandboxed bash task's own command runs: the sandbox's
# kernel limits, set by the task's shell itself instead of by a prlimit process in front of it
# (one program start less per task). Both soft and hard limits: the task cannot raise them.
ulimit -d "$TRIBUTARY_LIMIT_DATA_KB" -u "$TRIBUTARY_LIMIT_PROCESSES" -n "$TRIBUTARY_LIMIT_OPEN_FILES" -f "$TRIBUTARY_LIMIT_FILE_BLOCKS" || {
  echo "The sandbox could not set the task's limits." >&2
  exit 125
}
unset BASH_ENV TRIBUTARY_LIMIT_DATA_KB TRIBUTARY_LIMIT_PROCESSES TRIBUTARY_LIMIT_OPEN_FILES TRIBUTARY_LIMIT_FILE_BLOCKS
