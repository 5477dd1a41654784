# Sourced by scripts/build and scripts/test: install the locked environment.
# Needs Python 3.11 and access to PyPI; installs uv itself when it is missing.
set -euo pipefail
UV_VERSION=0.13.9
if command -v uv >/dev/null 2>&1; then
    UV=(uv)
else
    if ! python3 -m uv --version >/dev/null 2>&1; then
        echo "Installing uv ${UV_VERSION} with pip..." >&2
        python3 -m pip install --quiet --user "uv==${UV_VERSION}" 2>/dev/null \
            || python3 -m pip install --quiet "uv==${UV_VERSION}"
    fi
    UV=(python3 -m uv)
fi
# --locked: install exactly uv.lock (fails if pyproject.toml and the lock disagree).
# --compile-bytecode: dbt starts seconds faster with bytecode (PYTHONDONTWRITEBYTECODE may be set).
"${UV[@]}" sync --locked --compile-bytecode --python 3.11 >&2
export DBT_SEND_ANONYMOUS_USAGE_STATS=false
