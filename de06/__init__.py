"""de06: Project 06 (Đề án 06) progress reports as numbers analysts can trust.

Data flows one way: text → observations → dataset → comparisons/projections →
charts → notebook → HTML. Import the module you need (``de06.extract``,
``de06.numbers`` …); this package does no work at import time.
"""

__version__ = "0.1.0"
