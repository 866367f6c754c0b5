"""Bringing existing lists in: CSV, Excel and KoboToolbox files read (:mod:`.sources`), their
columns mapped to the app's fields (:mod:`.schema`, :mod:`.mapping`), every row checked before
anything is written (:mod:`.checking`), duplicates reviewed (:mod:`.duplicates`) and the rows
written in one transaction (:mod:`.run`)."""
