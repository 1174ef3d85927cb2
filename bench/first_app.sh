#!/usr/bin/env bash
# A new user's first app, measured (`./x bench-first-app`): the README's "Your first app" as a
# fresh crate outside the workspace (its own target directory and a fresh dependency
# resolution, as a new user gets; the crates' downloads may already be cached), then the same
# greeter with Gradio, `pip install gradio` into a fresh venv (no pip cache).
#
# Reports: cold `cargo build --release`, the rebuild after editing the function, the binary's
# size, start-up to the first 200 and the idle RSS; with `default-features = false` too.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PORT=${PORT:-3400}
WORK=$(mktemp -d /tmp/ferrio-first-app-bench.XXXXXX)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

now_ms() { echo $(($(date +%s%N) / 1000000)); }
rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }

# Starts "$@" in the current directory (SERVER_PID) and sets FIRST_200 to the milliseconds to
# its first 200 on / (polled every 5 ms, so within a poll of the truth).
first_200() {
  local start
  if curl -fs -o /dev/null "http://127.0.0.1:$PORT/"; then
    echo "port $PORT already answers" >&2
    return 1
  fi
  start=$(now_ms)
  "$@" >/dev/null 2>&1 &
  SERVER_PID=$!
  until curl -fs -o /dev/null "http://127.0.0.1:$PORT/"; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the server exited" >&2; return 1; }
    sleep 0.005
  done
  FIRST_200=$(($(now_ms) - start))
}

stop() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

# One Ferrio crate: $1 names it, $2 is the ferrio dependency's extra settings.
ferrio_app() {
  local name=$1 extra=$2 dir=$WORK/$1 t0 cold incr
  mkdir -p "$dir/src" "$dir/deploy"
  awk '/^## Your first app/ {s = 1} s && /^```rust/ {c = 1; next} c && /^```/ {exit} c' \
    "$ROOT/README.md" >"$dir/src/main.rs"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "$name"
version = "0.1.0"
edition = "2021"

[dependencies]
ferrio = { path = "$ROOT/server"$extra }
tokio = { version = "1", features = ["macros", "rt-multi-thread"] }
anyhow = "1"
TOML
  cd "$dir"
  cargo fetch -q
  t0=$(now_ms)
  cargo build --release -q
  cold=$(($(now_ms) - t0))
  sed -i 's/Hello, {name}!/Hi, {name}!/' src/main.rs
  t0=$(now_ms)
  cargo build --release -q
  incr=$(($(now_ms) - t0))
  cp "target/release/$name" deploy/
  cd deploy
  LEPTOS_SITE_ADDR="127.0.0.1:$PORT" first_200 "./$name"
  sleep 1
  printf '| %s | %.1f s | %.1f s | %.1f MB | %s ms | %.1f MB |\n' "$extra" \
    "$(echo "$cold / 1000" | bc -l)" "$(echo "$incr / 1000" | bc -l)" \
    "$(echo "$(stat -c%s "$name") / 1000000" | bc -l)" "$FIRST_200" \
    "$(echo "$(rss_kb "$SERVER_PID") / 1000" | bc -l)"
  stop
}

echo "## Ferrio: the README's first app ($(nproc) cores, $(date -u +%F))"
echo
echo "| ferrio dependency | cold release build | rebuild after an edit | binary | start to first 200 | idle RSS |"
echo "|---|---|---|---|---|---|"
ferrio_app hello ""
ferrio_app hello_lean ", default-features = false"

echo
echo "## Gradio: the same greeter"
python3 -m venv "$WORK/venv"
t0=$(now_ms)
"$WORK/venv/bin/pip" install --quiet --no-cache-dir --disable-pip-version-check gradio
install=$(($(now_ms) - t0))
version=$("$WORK/venv/bin/python" -c 'import gradio; print(gradio.__version__)')
cat >"$WORK/app.py" <<'PY'
import gradio as gr

def greet(name):
    return f"Hello, {name}!"

gr.Interface(greet, gr.Textbox(label="Name"), gr.Textbox(label="Greeting"), title="Greeter",
             examples=["Ada", "Grace"], cache_examples=True).launch()
PY
cd "$WORK"
GRADIO_ANALYTICS_ENABLED=False GRADIO_SERVER_PORT=$PORT first_200 "$WORK/venv/bin/python" app.py
sleep 1
echo
echo "| gradio | pip install (fresh venv, no cache) | venv on disk | start to first 200 | idle RSS |"
echo "|---|---|---|---|---|"
printf '| %s | %.1f s | %s | %s ms | %.1f MB |\n' "$version" "$(echo "$install / 1000" | bc -l)" \
  "$(du -sh "$WORK/venv" | cut -f1)" "$FIRST_200" "$(echo "$(rss_kb "$SERVER_PID") / 1000" | bc -l)"
stop
