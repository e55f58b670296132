"""`bass-fit`: least-squares fit of the Bass recursion of sim/networks.c to the
published membership of the school-company networks.

The points are those of nl_programmes.csv (the published inputs): Jet-Net 15 of about
540 havo/vwo schools in 2002 (0.028) and 160 in 2008 (0.30), the merged Jet-Net &
TechNet network 71.4 % of vo schools in 2019. Prints the best adoption p, imitation q
and potential m on a grid, and the shares they give. Reads no file."""

import math

POINTS = {2002: 15 / 540, 2008: 160 / 540, 2019: 0.714}


def add_parser(sub):
    p = sub.add_parser("bass-fit", help="the networks' Bass diffusion fitted to the published "
                       "membership", description=__doc__.split("\n\n")[1])
    p.set_defaults(func=lambda a: fit())
    return p


def shares(p, q, m, first=2002, last=2019):
    """Member share of each year from first to last: the recursion of sim/networks.c."""
    a, out = 0.0, {}
    for y in range(first, last + 1):
        if a < m:
            a += (m - a) * (1.0 - math.exp(-(p + q * a / m)))
        out[y] = a
    return out


def best_fit():
    """(sum of squares, p, q, m, shares) of the grid point closest to POINTS."""
    best = None
    for p in (x / 1000 for x in range(5, 60)):
        for q in (x / 100 for x in range(0, 200, 2)):
            for m in (x / 100 for x in range(50, 101, 2)):
                s = shares(p, q, m)
                err = sum((s[y] - v) ** 2 for y, v in POINTS.items())
                if best is None or err < best[0]:
                    best = (err, p, q, m, s)
    return best


def fit(out=print):
    err, p, q, m, s = best_fit()
    out(f"adoption {p:.3f}  imitation {q:.2f}  potential {m:.2f}  (sum of squares {err:.2g})")
    out("share " + "  ".join(f"{y}: {s[y]:.3f}" for y in (2002, 2005, 2008, 2010, 2014, 2019)))
