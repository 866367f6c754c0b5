"""The desktop window: the only package that imports Qt (PySide6).

``app.run()`` starts it; ``mainwindow.MainWindow`` holds the pages in ``pages/``; tables are
lazy models in ``models/``; long work goes through ``ops``; every message to the user goes
through ``messages`` so that ``--no-error-dialogs`` and the tests never block.
"""
