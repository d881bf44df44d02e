"""Offline OCR with rapidocr (PP-OCR models on onnxruntime), pinned to the model files shipped inside its wheel.

* No download, ever: every model is given by ``model_path`` (rapidocr then skips its downloader entirely) and the
  files are checked to exist before the engine is built.  The recogniser's character table is inside the ONNX file.
* One engine per process, built lazily on first use (``import rapidocr`` and model loading take ~1 s).
* Geometry of the returned :class:`~policydesk.model.Line` objects is in PDF points, origin top-left, like pdfplumber.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError, PasswordRequiredError
from ..model import Line
from . import safety

if TYPE_CHECKING:
    import numpy as np
    from .base import ReadOptions

log = logging.getLogger("policydesk.ocr")

# The models rapidocr 3.x ships in its wheel (rapidocr/models/): detection, direction classifier, recognition.
DET_MODEL = "PP-OCRv6_det_small.onnx"
CLS_MODEL = "ch_ppocr_mobile_v2.0_cls_mobile.onnx"
REC_MODEL = "PP-OCRv6_rec_small.onnx"

# Speed and memory (issue 17, measured with bench/bench_ocr.py on 2 cores): the detector sees the page at most
# 1152 px on its long side (body text still ~22 px high; it used to run at the full 2000 px — at 960 px the last
# glyph of a short line, a closing bracket, was sometimes lost), the recogniser reads the crops at full resolution
# one line at a time (a batch pads every line to the widest one: more work, more memory, slightly worse text), no
# direction classifier (document lines are upright; a photo is turned by its EXIF and straightened by
# readers/pageprep.py), two intra-op threads for the two cores.  bench/bench_ocr.py --before runs the old settings.
TUNING: dict[str, Any] = {
    "Global.use_cls": False,
    "Det.limit_type": "max",
    "Det.limit_side_len": 1152,
    "Rec.rec_batch_num": 1,
    "EngineConfig.onnxruntime.intra_op_num_threads": 2,
    "EngineConfig.onnxruntime.inter_op_num_threads": 1,
}
ALLOW_SPINNING = False               # see _no_spinning(); the benchmark's "before" run turns it back on

_engine: Any = None
_engine_lock = threading.Lock()      # built once; calls serialised (rapidocr mutates its config per call)


@dataclass(slots=True)
class OcrBox:
    """One text box as recognised, in pixels of the recognised image."""
    text: str
    score: float
    x0: float
    top: float
    x1: float
    bottom: float


def models_dir() -> Path:
    import importlib.util
    spec = importlib.util.find_spec("rapidocr")
    if spec is None or not spec.origin:
        raise _unavailable()
    return Path(spec.origin).parent / "models"


def model_paths() -> dict[str, Path]:
    d = models_dir()
    paths = {"det": d / DET_MODEL, "cls": d / CLS_MODEL, "rec": d / REC_MODEL}
    missing = [p.name for p in paths.values() if not p.is_file()]
    if missing:
        log.error("OCR model files missing: %s in %s", missing, d)
        raise _unavailable()
    return paths


def available() -> bool:
    """True when OCR can run (rapidocr and onnxruntime installed, the shipped models present); builds nothing."""
    import importlib.util
    try:
        model_paths()
    except InputError:
        return False
    return importlib.util.find_spec("onnxruntime") is not None


def _unavailable() -> InputError:
    return InputError("文字识别组件（OCR 模型）缺失或已损坏，无法识别扫描件。请重新安装本软件。")


def _route_rapidocr_log() -> None:
    """rapidocr logs to stderr by default: send its warnings to our log file instead, and drop its info chatter."""
    rl = logging.getLogger("RapidOCR")
    rl.handlers.clear()
    rl.propagate = False
    rl.setLevel(logging.WARNING)
    rl.addHandler(_Forward())


class _Forward(logging.Handler):
    def emit(self, record: logging.LogRecord) -> None:
        logging.getLogger("policydesk.rapidocr").handle(record)


def engine() -> Any:
    """The process-wide rapidocr engine (built on first call)."""
    global _engine
    if _engine is not None:
        return _engine
    with _engine_lock:
        if _engine is None:
            paths = model_paths()
            try:
                from rapidocr import RapidOCR
            except ImportError as e:
                raise _unavailable() from e
            _route_rapidocr_log()
            _no_spinning()
            params = {
                "Global.log_level": "warning",
                "Global.max_side_len": safety.OCR_MAX_SIDE_PX,
                **TUNING,
                "Global.model_root_dir": str(models_dir()),
                "Det.model_path": str(paths["det"]),
                "Cls.model_path": str(paths["cls"]),
                "Rec.model_path": str(paths["rec"]),
            }
            _engine = RapidOCR(params=params)
            _route_rapidocr_log()     # RapidOCR() resets its logger's level
            log.info("OCR engine ready (%s, %s, %s)", DET_MODEL, CLS_MODEL, REC_MODEL)
    return _engine


def _no_spinning() -> None:
    """onnxruntime's worker threads busy-wait between operators by default: on a PC that is doing anything else (the
    GUI, a browser) a waiting thread burns a core and the other one is descheduled — measured here, 1.7x the CPU for
    the same page.  rapidocr builds the session options itself; add the switch to them (skipped if its API moved)."""
    try:
        from rapidocr.inference_engine.onnxruntime import main as ort_main
        cls = ort_main.OrtInferSession
        original = cls.__dict__["_init_sess_opts"].__func__
    except (ImportError, AttributeError, KeyError):
        log.info("rapidocr session options not patched (API changed)")
        return
    if getattr(original, "_policydesk", False):
        return

    def init_sess_opts(cfg: Any) -> Any:
        opts = original(cfg)
        if ALLOW_SPINNING:
            return opts
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.add_session_config_entry("session.inter_op.allow_spinning", "0")
        return opts

    init_sess_opts._policydesk = True  # type: ignore[attr-defined]
    cls._init_sess_opts = staticmethod(init_sess_opts)


def recognize(image: "np.ndarray") -> list[OcrBox]:
    """Text boxes of one page image (grayscale or BGR ndarray), in reading order of the detector."""
    eng = engine()
    with _engine_lock:
        result = eng(image)
    if result is None or getattr(result, "txts", None) is None or getattr(result, "boxes", None) is None:
        return []
    boxes: list[OcrBox] = []
    for box, text, score in zip(result.boxes, result.txts, result.scores):
        if not str(text).strip():
            continue
        xs = [float(p[0]) for p in box]
        ys = [float(p[1]) for p in box]
        boxes.append(OcrBox(str(text), float(score), min(xs), min(ys), max(xs), max(ys)))
    return boxes


def boxes_to_lines(boxes: list[OcrBox], *, scale: float, page: int | None) -> list[Line]:
    """Group boxes into visual lines (top to bottom, left to right); ``scale`` converts pixels to points."""
    rows: list[list[OcrBox]] = []
    for b in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        mid = (b.top + b.bottom) / 2
        for row in rows:
            r = row[0]
            height = min(b.bottom - b.top, r.bottom - r.top)
            overlap = min(b.bottom, r.bottom) - max(b.top, r.top)
            if overlap > 0.5 * height and r.top <= mid <= r.bottom:
                row.append(b)
                break
        else:
            rows.append([b])
    lines: list[Line] = []
    unmeasured: set[int] = set()          # lines too short to measure the character pitch
    short: set[int] = set()               # lines of under SHORT_LINE_UNITS characters: a pitch off by a few pixels
    for row in rows:
        row.sort(key=lambda b: b.x0)
        height = max(b.bottom - b.top for b in row)
        text = row[0].text
        for prev, b in zip(row, row[1:]):
            text += (" " if b.x0 - prev.x1 > 1.5 * height else "") + b.text
        chars = sum(len(b.text) for b in row)
        conf = sum(b.score * len(b.text) for b in row) / max(chars, 1)
        x0, x1 = min(b.x0 for b in row), max(b.x1 for b in row)
        top, bottom = min(b.top for b in row), max(b.bottom for b in row)
        size, measured = _font_size(row, height)
        lines.append(Line(text=text.strip(), page=page, x0=x0 * scale, x1=x1 * scale, top=top * scale,
                          bottom=bottom * scale, size=size * scale, confidence=round(conf, 4)))
        if not measured:
            unmeasured.add(id(lines[-1]))
        elif sum(_display_width(b.text) for b in row) < SHORT_LINE_UNITS:
            short.add(id(lines[-1]))
    lines.sort(key=lambda ln: (ln.top or 0.0, ln.x0 or 0.0))
    _snap_sizes(lines, unmeasured, short)
    return lines


def _font_size(row: list[OcrBox], height: float) -> tuple[float, bool]:
    """(font size in pixels, reliable): the character pitch (CJK glyphs are square; box heights vary with the glyphs
    and brackets), else (letter-spaced line) the box height.  Lines of fewer than four characters are not reliable."""
    from .reflow import display_width
    units = sum(display_width(b.text) for b in row)
    # full-width brackets and punctuation put their ink in one half of the character cell: the box is half a
    # character shorter at that end
    first, last = row[0].text.strip()[:1], row[-1].text.strip()[-1:]
    units -= 0.5 * (first in _INK_RIGHT_HALF) + 0.5 * (last in _INK_LEFT_HALF)
    if units >= 1:
        pitch = sum(b.x1 - b.x0 for b in row) / units
        if 0.6 * height <= pitch <= 1.25 * height:
            return pitch, units >= 4
    return height, False


_INK_RIGHT_HALF = "（〔【《「『“‘"
_INK_LEFT_HALF = "）〕】》」』”’。，、；：！？"


SHORT_LINE_UNITS = 8                  # a paragraph's last line "区）人民政府" measures 17.5 pt in a 16 pt text


def _display_width(text: str) -> float:
    from .reflow import display_width
    return display_width(text)


def _snap_sizes(lines: list[Line], unmeasured: set[int], short: set[int] = frozenset()) -> None:  # type: ignore[assignment]
    """Round sizes to 0.5 pt and pull sizes close to the page's most common size onto it: within 1 pt for measured
    lines, within 30% for lines too short to measure (a paragraph's last line of two or three characters), which
    otherwise take the size of the line right above them."""
    from collections import Counter
    for ln in lines:
        ln.size = round((ln.size or 0.0) * 2) / 2
    weight: Counter[float] = Counter()
    for ln in lines:
        weight[ln.size] += len(ln.text)
    if not weight:
        return
    body = weight.most_common(1)[0][0]
    for ln in lines:
        tolerance = 0.3 * body if id(ln) in unmeasured else (max(1.0, 0.2 * body) if id(ln) in short else 1.0)
        if ln.size is not None and abs(ln.size - body) <= tolerance:
            ln.size = body
    # a short line directly under another line (a paragraph's last line, "府〕") continues its size: the
    # detector's box around two or three glyphs is too loose to measure
    for prev, ln in zip(lines, lines[1:]):
        if (id(ln) in unmeasured and prev.size and ln.size and (ln.top or 0) - (prev.bottom or 0) < prev.size
                and abs(ln.size - prev.size) <= 0.4 * prev.size):
            ln.size = prev.size


def render_pdf_page(path: Path, page_index: int, password: str | None = None,
                    dpi: int = safety.OCR_RENDER_DPI) -> tuple["np.ndarray", float, int]:
    """Render one page (in colour: a red seal is told from black ink by its colour) with pypdfium2; returns
    (RGB image, points per pixel, page count)."""
    import pypdfium2 as pdfium
    try:
        pdf = pdfium.PdfDocument(str(path), password=password)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise PasswordRequiredError(f"PDF 文件已加密：{path}。请用 --password 提供密码。", path=str(path)) from e
        raise InputError(f"PDF 文件已损坏，无法渲染：{path}。请重新获取文件。", path=str(path)) from e
    try:
        n_pages = len(pdf)
        page = pdf[page_index]
        try:
            width, height = page.get_size()
            scale = min(dpi / 72, safety.OCR_MAX_SIDE_PX / max(width, height, 1.0))
            bitmap = page.render(scale=scale, rev_byteorder=True)
            image = bitmap.to_numpy()[..., :3].copy()
        finally:
            page.close()
    finally:
        pdf.close()
    return image, 1 / scale, n_pages


def ocr_pdf_page(path: Path, page_index: int, opts: "ReadOptions") -> list[Line]:
    """:data:`~policydesk.readers.base.PageOcrFn`: OCR one PDF page (0-based index) into lines in PDF points."""
    from . import pageprep
    image, pt_per_px, n_pages = render_pdf_page(Path(path), page_index, opts.password)
    opts.report(page_index, n_pages, f"正在识别第 {page_index + 1} 页（共 {n_pages} 页）")
    prepared = pageprep.prepare(image)
    del image
    if prepared.straightened:           # a photo placed in a PDF, straightened to its page: A4 wide
        pt_per_px = 595.3 / max(prepared.gray.shape[1], 1)
    return boxes_to_lines(recognize(prepared.gray), scale=pt_per_px, page=page_index + 1)


def mean_confidence(lines: list[Line]) -> float | None:
    """Character-weighted mean OCR confidence of the given lines (None if none was OCR'd)."""
    total = chars = 0.0
    for ln in lines:
        if ln.confidence is not None and ln.text:
            total += ln.confidence * len(ln.text)
            chars += len(ln.text)
    return round(total / chars, 4) if chars else None


# ---------------------------------------------------------------------------------------------- punctuation

_CJK_CHAR = r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef“”‘’]"
_HALF_TO_FULL = {"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "?": "？", "!": "！"}
_HALF_NEAR_CJK = re.compile(rf"(?<={_CJK_CHAR})[():,;?!]|[():,;?!](?={_CJK_CHAR})")
_PAIRS = {"（": "）", "〔": "〕", "【": "】", "《": "》", "(": ")"}
_CLOSERS = "）〕)]】"
_EARLY_CLOSER = re.compile(r"〕([\u4e00-\u9fff])[\]】）〕)]?$")


def fix_punctuation(text: str) -> str:
    """Undo the recogniser's typical punctuation slips in Chinese text (applied to OCR'd paragraphs only).

    * Half-width ``( ) : , ; ? !`` next to a Chinese character become full-width, as Chinese typesetting has them.
    * Round and tortoise-shell brackets are re-paired: a ``）`` closing a ``〔`` becomes ``〕`` and vice versa (at
      150 dpi the two glyphs differ by a few pixels); a round pair with one full-width half becomes full-width;
      a bracket still open where the paragraph ends on a Chinese character is closed.

    Applied until nothing changes (a re-paired full-width bracket can make its half-width neighbour convertible),
    so the result is stable: fixing it again changes nothing.
    """
    for _ in range(8):
        fixed = _fix_punctuation_once(text)
        if fixed == text:
            break
        text = fixed
    return text


def _fix_punctuation_once(text: str) -> str:
    """One pass of :func:`fix_punctuation`."""
    while True:                           # a converted mark can make its half-width neighbour convertible
        converted = _HALF_NEAR_CJK.sub(lambda m: _HALF_TO_FULL[m.group()], text)
        if converted == text:
            break
        text = converted
    # a 1-bit fax: the recogniser puts the closing mark one character early at the end of an annotation
    # ("…人民政〕府" or "…人民政〕府]"): a paragraph never ends with one character after a closing 〕
    text = _EARLY_CLOSER.sub(lambda m: m.group(1) + "〕", text)
    out: list[str] = []
    stack: list[int] = []                 # indices in ``out`` of the open brackets
    for ch in text:
        if ch in _PAIRS:
            stack.append(len(out))
        elif stack and (ch == _PAIRS[out[stack[-1]]] or (ch in _CLOSERS and out[stack[-1]] in "（〔(")):
            i = stack.pop()
            opener = out[i]
            if opener == "〔":
                ch = "〕"
            elif "（" in (opener, ch) or "）" in (opener, ch) or ch == "〕":
                out[i], ch = "（", "）"
        out.append(ch)
    if stack and out[stack[-1]] in "（〔" and out and "\u4e00" <= out[-1] <= "\u9fff":
        # the paragraph ends in the middle of a bracket (an annotation such as 〔责任单位：…〕 always closes
        # before the paragraph ends): the recogniser dropped the closing bracket
        out.append(_PAIRS[out[stack[-1]]])
    return "".join(out)
