"""Scans as they really come, generated from the sample plan's pages (通政发〔2021〕23号, rendered at 200 dpi):

* ``fax``   — 200 dpi 1-bit pages (blurred, thresholded, speckled), a multi-page CCITT G4 TIFF as a fax server files it;
* ``grey``  — skewed (±1–3°), noisy, slightly blurred grey scans on a grey background, JPEG;
* ``photo`` — phone photos: the page in perspective on a desk, uneven light (one side darker), a slight curl, JPEG;
* ``seal``  — a colour scan with a red 公章 (ring, star, the issuer's name along the ring) printed over the issuer and
  the date, as real 公文 have, JPEG.

Deterministic (seeded).  ``python tests/data/scans/make_scans.py`` writes the small committed set (a few pages per
kind) here; ``bench/bench_ocr.py --degraded`` calls :func:`make_kind` for all 14 pages in a temporary folder.
"""

from __future__ import annotations

import io
import math
import random
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SAMPLE = ROOT / "samples" / "tongzhengfa-2021-23.pdf"
DPI = 200
KINDS = ("fax", "grey", "photo", "seal")
COMMITTED = {"fax": [0, 4], "grey": [4], "photo": [4], "seal": [0]}    # 0-based pages in the committed set
SEAL_RED = (214, 32, 40)
ISSUER = "南通市人民政府"


def render(pages: list[int], dpi: int = DPI) -> list[Image.Image]:
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(str(SAMPLE))
    try:
        return [pdf[i].render(scale=dpi / 72).to_pil().convert("RGB") for i in pages]
    finally:
        pdf.close()


def _jpeg(im: Image.Image, quality: int) -> Image.Image:
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=quality)
    buf.seek(0)
    return Image.open(buf).convert(im.mode)


# ---------------------------------------------------------------------------------------------- kinds


def fax(page: Image.Image, rng: random.Random) -> Image.Image:
    gray = page.convert("L").filter(ImageFilter.GaussianBlur(0.7))
    a = np.asarray(gray).astype(np.int16)
    a = a + np.random.default_rng(rng.randrange(1 << 30)).normal(0, 18, a.shape).astype(np.int16)
    bw = (a > 150).astype(np.uint8) * 255
    speckle = np.random.default_rng(rng.randrange(1 << 30)).random(bw.shape) < 0.0008
    bw[speckle] = 0
    return Image.fromarray(bw).convert("1")


def grey(page: Image.Image, rng: random.Random) -> Image.Image:
    gray = page.convert("L")
    angle = rng.choice([-1, 1]) * rng.uniform(1.0, 3.0)
    gray = gray.rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    a = np.asarray(gray).astype(np.float32)
    a = 232 * (a / 255.0) + 8                                   # grey paper, not quite black ink
    a += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 10, a.shape)
    out = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    return _jpeg(out, 70)


def photo(page: Image.Image, rng: random.Random) -> Image.Image:
    import cv2
    src = np.asarray(page.convert("RGB"))
    h, w = src.shape[:2]
    # slight curl: the page bulges, lines bend by a few pixels
    amp = rng.uniform(5, 9)
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    map_y = ys + amp * np.sin(np.pi * xs / w) * (ys / h - 0.5) * 2
    curled = cv2.remap(src, xs, map_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    # perspective: the page's corners on a larger desk photo
    W, H = int(w * 1.25), int(h * 1.18)
    jitter = lambda: rng.uniform(-0.05, 0.05)  # noqa: E731
    dst = np.float32([[W * (0.09 + jitter()), H * (0.06 + jitter() / 2)], [W * (0.91 + jitter()), H * (0.05 + jitter() / 2)],
                      [W * (0.95 + jitter() / 2), H * (0.95 + jitter() / 2)], [W * (0.05 + jitter() / 2), H * (0.96 + jitter() / 2)]])
    M = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]), dst)
    desk = np.full((H, W, 3), (96, 82, 70), np.uint8)
    warped = cv2.warpPerspective(curled, M, (W, H), dst=desk, borderMode=cv2.BORDER_TRANSPARENT)
    # uneven light: darker towards one corner, a soft highlight
    gx, gy = np.meshgrid(np.linspace(0, 1, W), np.linspace(0, 1, H))
    corner = rng.choice([(0, 0), (1, 0), (0, 1), (1, 1)])
    dist = np.hypot(gx - corner[0], gy - corner[1]) / math.sqrt(2)
    light = 0.62 + 0.38 * dist
    img = warped.astype(np.float32) * light[..., None] * np.array([1.0, 0.98, 0.93])
    img += np.random.default_rng(rng.randrange(1 << 30)).normal(0, 4, img.shape)
    out = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.8))
    return _jpeg(out, 82)


def seal(page: Image.Image, rng: random.Random, at: tuple[float, float] | None = None) -> Image.Image:
    """A colour scan with a red seal centred at ``at`` (pixels; default: over the issuer and date)."""
    page = page.convert("RGB")
    if at is None:
        at = (page.width * 0.62, page.height * 0.45)
    stamp = seal_image(int(DPI * 42 / 25.4), rng)
    layer = Image.new("RGB", page.size, (255, 255, 255))
    layer.paste(stamp, (int(at[0] - stamp.width / 2), int(at[1] - stamp.height / 2)))
    a = np.asarray(page).astype(np.float32) * np.asarray(layer).astype(np.float32) / 255.0     # ink multiplies
    a = a * 0.97 + 4 + np.random.default_rng(rng.randrange(1 << 30)).normal(0, 3, a.shape)
    return _jpeg(Image.fromarray(np.clip(a, 0, 255).astype(np.uint8)), 85)


def seal_image(size: int, rng: random.Random) -> Image.Image:
    """A round 公章: red ring, five-pointed star, the issuer's name along the upper ring; uneven ink."""
    im = Image.new("RGB", (size, size), (255, 255, 255))
    d = ImageDraw.Draw(im)
    c = size / 2
    ring = max(3, size // 45)
    d.ellipse([ring, ring, size - ring, size - ring], outline=SEAL_RED, width=ring)
    r_star = size * 0.17
    pts = []
    for k in range(10):
        r = r_star if k % 2 == 0 else r_star * 0.38
        ang = -math.pi / 2 + k * math.pi / 5
        pts.append((c + r * math.cos(ang), c + r * math.sin(ang)))
    d.polygon(pts, fill=SEAL_RED)
    font = _cjk_font(int(size * 0.13))
    n = len(ISSUER)
    span = math.radians(200)
    for k, ch in enumerate(ISSUER):
        ang = -math.pi / 2 - span / 2 + span * (k + 0.5) / n
        glyph = Image.new("RGBA", (int(size * 0.16),) * 2, (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=SEAL_RED + (255,),
                                   anchor="mm")
        glyph = glyph.rotate(-math.degrees(ang) - 90, resample=Image.BICUBIC)
        rr = size / 2 - ring * 2 - size * 0.09
        x, y = c + rr * math.cos(ang), c + rr * math.sin(ang)
        im.paste(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)), glyph)
    # uneven ink: some pixels of the red fade
    a = np.asarray(im).astype(np.float32)
    fade = np.random.default_rng(rng.randrange(1 << 30)).uniform(0.0, 0.45, a.shape[:2])[..., None]
    a = a + (255 - a) * fade
    return Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))


def _cjk_font(px: int) -> ImageFont.FreeTypeFont:
    for cand in ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
                 "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc", "C:/Windows/Fonts/simhei.ttf"):
        if Path(cand).is_file():
            return ImageFont.truetype(cand, px)
    raise SystemExit("a CJK font is needed to draw the seal's text")


def seal_position(page_index: int = 0) -> tuple[float, float]:
    """Centre of the issuer's signature and the date on the notice page (pixels at DPI)."""
    import pdfplumber
    with pdfplumber.open(SAMPLE) as pdf:
        words = pdf.pages[page_index].extract_words()
    boxes = [w for w in words if w["text"].startswith(ISSUER) or w["text"].startswith("2021年6月3日")]
    if not boxes:
        raise SystemExit("issuer/date not found on the page")
    x = sum((w["x0"] + w["x1"]) / 2 for w in boxes) / len(boxes)
    y = sum((w["top"] + w["bottom"]) / 2 for w in boxes) / len(boxes)
    return x * DPI / 72, y * DPI / 72


def make_kind(kind: str, pages: list[int], seed: int = 17) -> list[Image.Image]:
    rng = random.Random(f"{kind}-{seed}")
    out = []
    for index, page in zip(pages, render(pages)):
        if kind == "fax":
            out.append(fax(page, rng))
        elif kind == "grey":
            out.append(grey(page, rng))
        elif kind == "photo":
            out.append(photo(page, rng))
        elif kind == "seal":
            out.append(seal(page, rng, seal_position(index) if index == 0 else None))
        else:
            raise ValueError(kind)
    return out


def save(kind: str, images: list[Image.Image], folder: Path, pages: list[int]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    if kind == "fax":
        path = folder / f"fax-p{'-'.join(str(p + 1) for p in pages)}.tif"
        images[0].save(path, compression="group4", dpi=(DPI, DPI), save_all=True, append_images=images[1:])
        return [path]
    paths = []
    for p, im in zip(pages, images):
        path = folder / f"{kind}-p{p + 1}.jpg"
        extra = {} if kind == "photo" else {"dpi": (DPI, DPI)}       # a phone records no scan resolution
        im.save(path, quality=90 if kind == "seal" else 80, **extra)
        paths.append(path)
    return paths


def reference_text(pages: list[int]) -> str:
    sys.path.insert(0, str(ROOT / "tests" / "data" / "ocr"))
    from make_ocr_fixtures import reference_text as ref
    return ref(pages)


def main() -> int:
    for kind, pages in COMMITTED.items():
        for path in save(kind, make_kind(kind, pages), HERE, pages):
            print(f"{path.stat().st_size:>9}  {path.name}")
    pages = sorted({p for ps in COMMITTED.values() for p in ps})
    for p in pages:
        (HERE / f"reference-p{p + 1}.txt").write_text(reference_text([p]), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
