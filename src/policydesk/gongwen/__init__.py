"""公文 conventions, each implemented once: 文号 (:mod:`.docnumber`), dates and the 成文日期 (:mod:`.dates`), heading
numbers (:mod:`.numbering`), Chinese numerals (:mod:`.numerals`) and title endings (:mod:`.titles`).

The lowest layer beside ``errors``/``rules``: it imports nothing of readers, analysis, compare, draft or library, so
all of them (and ``textproc``) can use it.  Patterns a drafter may change are data in ``resources/``.
tests/test_one_concept.py checks that nothing else in the code base implements these concepts again.
"""
