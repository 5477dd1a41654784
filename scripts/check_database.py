"""Before dbt opens the DuckDB file (scripts/dbt, scripts/build): make it and its
write-ahead log readable by their owner only, and stop with one line when another
process holds the file open (DuckDB allows one writer: a second dbt, a BI tool or a
notebook), instead of dbt's traceback."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import duckdb


def main() -> int:
    path = Path(os.environ.get("ATTRITION_DUCKDB_PATH", "attrition.duckdb"))
    if not path.exists():
        return 0
    for file in (path, path.with_name(path.name + ".wal")):
        if file.exists():
            file.chmod(0o600)
    try:
        duckdb.connect(str(path)).close()
    except duckdb.IOException as error:
        if "lock" not in str(error):
            raise
        holder = re.search(r"held in (.+?) \(PID (\d+)\)", str(error))
        who = f" by {holder.group(1)} (PID {holder.group(2)})" if holder else ""
        print(f"{path} is open{who}: close that program (another dbt, a BI tool, a notebook) or let it finish, "
              "then run again", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
