"""Chinese text processing shared by the library and the comparison (no Qt, lazy jieba).

* :func:`normalize` — the form every similarity feature is computed on (NFKC, lower case,
  responsibility annotations such as ``〔责任单位：…〕`` removed).
* :func:`words` — jieba tokens of a text with the government user dictionary
  (``resources/jieba_userdict.txt``) loaded once, punctuation and spaces dropped.
* :func:`char_ngrams` — character bigrams over the CJK/alphanumeric runs of a text.
* :func:`normalize_doc_number` — ``国发[2019]11号`` / ``国发（2019）11 号`` → ``国发〔2019〕11号``.
"""

from __future__ import annotations

from ..gongwen.docnumber import normalize_doc_number
from .normalize import normalize, normalize_title, strip_annotations
from .tokenize import char_ngrams, ensure_tokenizer, words

__all__ = ["normalize", "normalize_doc_number", "normalize_title", "strip_annotations",
           "words", "char_ngrams", "ensure_tokenizer"]
