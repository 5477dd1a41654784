"""Write seeds/reference/rfm_segment_map.csv: every (r, f, m) cell of 1..n to one segment.

The committed CSV is the marketing-owned table: edit it directly to move cells between
segments. This script only produces the starting point (and a map for another number of
score bins, var rfm_score_bins). Rules, first match wins, on scores rescaled to 1..5:

    r 4-5, f 1    -> New (r 5) / Promising (r 4)
    r 4-5, f 2-3  -> Potential Loyalist
    r 4-5, f 4-5  -> Champions when m >= 4, else Loyal
    r 3,   f 1-2  -> About to Sleep
    r 3,   f 3    -> Need Attention
    r 3,   f 4-5  -> Loyal
    r 2,   f 1-2  -> Hibernating
    r 1,   f 1-2  -> Lost
    r 1-2, f 3-5  -> Can't Lose when f >= 4 and m >= 4, else At Risk

Usage: python scripts/generate_rfm_segment_map.py [--bins 5] [--out seeds/reference/rfm_segment_map.csv]
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
from pathlib import Path


def rescale(score: int, bins: int) -> int:
    """Map a score of 1..bins onto 1..5 (identity when bins == 5)."""
    return min(5, 1 + math.floor((score - 1) * 5 / bins))


def segment(r: int, f: int, m: int) -> str:
    if r >= 4:
        if f == 1:
            return "New" if r == 5 else "Promising"
        if f <= 3:
            return "Potential Loyalist"
        return "Champions" if m >= 4 else "Loyal"
    if r == 3:
        if f <= 2:
            return "About to Sleep"
        return "Need Attention" if f == 3 else "Loyal"
    if f <= 2:
        return "Hibernating" if r == 2 else "Lost"
    return "Can't Lose" if f >= 4 and m >= 4 else "At Risk"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bins", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("seeds/reference/rfm_segment_map.csv"))
    args = parser.parse_args()
    with args.out.open("w", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["r_score", "f_score", "m_score", "rfm_segment"])
        for r, f, m in itertools.product(range(1, args.bins + 1), repeat=3):
            writer.writerow([r, f, m, segment(rescale(r, args.bins), rescale(f, args.bins), rescale(m, args.bins))])


if __name__ == "__main__":
    main()
