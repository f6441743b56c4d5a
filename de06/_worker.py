"""What a render worker imports, loaded once by the forkserver that forks the workers of ``render_many``.

A worker forked from it starts with papermill, nbconvert and jupyter_client already imported (about 0.75 s of CPU
each otherwise), and without jsonschema's slow optional grammar (see ``briefing._skip_slow_format_checker``).
(vietnamadminunits is not loaded: a commune's name comes from ``data/reference/communes_legacy.csv``; only the
builders of the place tables read that library.)
"""

from de06 import briefing

briefing._skip_slow_format_checker()

import jupyter_client.manager  # noqa: E402,F401
import nbconvert  # noqa: E402,F401
import nbformat  # noqa: E402,F401
import papermill  # noqa: E402,F401

from de06 import kernels  # noqa: E402,F401
