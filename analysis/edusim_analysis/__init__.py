"""Reading, plotting and reporting edusim results files (HDF5).

Import the modules directly (`from edusim_analysis import load, plots`); the command
line is `python3 -m edusim_analysis {report,summary} RESULTS.h5`, with the
investigations `indicator-diff`, `labour-summary`, `reach-changes` and `bass-fit`.
"""

__version__ = "0.1.0"

from .api import EdusimError, find_program, run, sweep  # noqa: E402,F401
from .results import Results, load_results  # noqa: E402,F401
