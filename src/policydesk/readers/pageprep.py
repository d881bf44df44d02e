"""Page images as they really come → a clean, upright grey page for the recogniser (OpenCV + numpy).

In order, each step only when the image needs it:

1. **red seal** (公章): red ink in a round blob of seal size (20–70 mm across) is turned to paper white before the image
   goes grey, so the seal's ring text and star never reach the recogniser and the black issuer and date printed under
   it stay readable.  Other red (the red 发文机关标志 header, the red rule under it) stays: grey, and read as usual;
2. **perspective** (a phone photo of a page on a desk): the page's four corners are found (the largest bright
   quadrilateral, clearly brighter than what surrounds it) and the page is straightened to its own proportions;
3. **uneven light**: the paper's brightness is estimated (a closing that removes the text) and divided out, so a dark
   corner does not swallow the text;
4. **skew**: the angle (±6°) that gives the sharpest row profile of the ink is found on a small copy; the page is
   rotated back when the angle is over 0.3°.

:func:`prepare` returns the grey page and what was done (for the warnings shown to the user).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

SEAL_MIN_FRACTION = 0.09          # a seal's diameter as a share of the page width (A4: 42 mm seal = 0.2)
SEAL_MAX_FRACTION = 0.40
SEAL_MIN_ROUNDNESS = 0.6          # bounding box aspect (short/long side)
PAGE_MIN_AREA = 0.25              # a photographed page covers at least this share of the photo …
PAGE_MAX_AREA = 0.93              # … and leaves some desk visible (else the image already is the page)
PAGE_CONTRAST = 25                # the page is this much brighter (grey levels) than its surroundings
SKEW_MAX_DEG = 6.0
SKEW_MIN_DEG = 0.3
LIGHT_UNEVEN_STD = 10.0           # paper brightness varying this much (grey levels) gets flattened


@dataclass
class Prepared:
    gray: Any                                         # uint8 ndarray (H, W)
    steps: list[str] = field(default_factory=list)    # "seal", "perspective", "light", "skew:1.8"
    straightened: bool = False                        # geometry changed (the scan's dpi no longer holds)


def prepare(image: Any) -> Prepared:
    """``image``: uint8 ndarray, grey (H, W) or RGB (H, W, 3)."""
    import cv2
    steps: list[str] = []
    straightened = False
    if image.ndim == 3:
        rgb = image[..., :3]
        rgb, removed = remove_red_seals(rgb)
        if removed:
            steps.append("seal")
        gray = cv2.cvtColor(np.ascontiguousarray(rgb), cv2.COLOR_RGB2GRAY)
    else:
        gray = image
    page = find_page(gray)
    if page is not None:
        gray = warp_page(gray, page)
        steps.append("perspective")
        straightened = True
    gray, flattened = flatten_light(gray)
    if flattened:
        steps.append("light")
    angle = skew_angle(gray)
    if abs(angle) >= SKEW_MIN_DEG:
        gray = rotate(gray, angle)
        steps.append(f"skew:{angle:.1f}")
    return Prepared(np.ascontiguousarray(gray), steps, straightened)


# ---------------------------------------------------------------------------------------------- red seal


def red_mask(rgb: Any) -> Any:
    r, g, b = (rgb[..., k].astype(np.int16) for k in range(3))
    return (r > 110) & (r - g > 45) & (r - b > 35)


def remove_red_seals(rgb: Any) -> tuple[Any, int]:
    """Seal-shaped red blobs whitened; returns the image and the number of seals removed."""
    import cv2
    mask = red_mask(rgb)
    if mask.mean() < 0.001:
        return rgb, 0
    h, w = mask.shape
    scale = 400.0 / max(h, w)
    small = cv2.resize(mask.astype(np.uint8) * 255, (max(1, int(w * scale)), max(1, int(h * scale))),
                       interpolation=cv2.INTER_AREA)
    small = cv2.dilate((small > 20).astype(np.uint8), np.ones((5, 5), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(small, connectivity=8)
    out = rgb
    removed = 0
    page_w = w * scale
    for k in range(1, n):
        x, y, bw, bh, _area = stats[k]
        side, short = max(bw, bh), min(bw, bh)
        if not (SEAL_MIN_FRACTION * page_w <= side <= SEAL_MAX_FRACTION * page_w) or short < SEAL_MIN_ROUNDNESS * side:
            continue
        x0, y0 = int(x / scale), int(y / scale)
        x1, y1 = min(w, int((x + bw) / scale) + 1), min(h, int((y + bh) / scale) + 1)
        if out is rgb:
            out = rgb.copy()
        region = out[y0:y1, x0:x1]
        region[red_mask(region)] = 255
        # the seal's faded and anti-aliased pink edges
        r, g = region[..., 0].astype(np.int16), region[..., 1].astype(np.int16)
        region[(r - g > 25) & (r > 150)] = 255
        removed += 1
    return out, removed


# ---------------------------------------------------------------------------------------------- perspective


def find_page(gray: Any) -> Any | None:
    """The four corners (tl, tr, br, bl) of a photographed page, or None when the image already is the page."""
    import cv2
    h, w = gray.shape
    scale = 600.0 / max(h, w)
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    blur = cv2.GaussianBlur(small, (7, 7), 0)
    _, bright = cv2.threshold(blur, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    bright = cv2.morphologyEx(bright, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    contours, _ = cv2.findContours(bright, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
    if not contours:
        return None
    c = max(contours, key=cv2.contourArea)
    area = cv2.contourArea(c) / float(small.shape[0] * small.shape[1])
    if not PAGE_MIN_AREA <= area <= PAGE_MAX_AREA:
        return None
    quad = cv2.approxPolyDP(c, 0.02 * cv2.arcLength(c, True), True)
    if len(quad) != 4 or not cv2.isContourConvex(quad):
        return None
    inside = np.zeros_like(small)
    cv2.drawContours(inside, [quad], -1, 255, -1)
    if float(blur[inside > 0].mean()) - float(blur[inside == 0].mean()) < PAGE_CONTRAST:
        return None
    pts = quad.reshape(4, 2).astype(np.float32) / scale
    s, d = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.float32([pts[np.argmin(s)], pts[np.argmin(d)], pts[np.argmax(s)], pts[np.argmax(d)]])


def warp_page(gray: Any, corners: Any) -> Any:
    import cv2
    tl, tr, br, bl = corners
    width = (np.linalg.norm(tr - tl) + np.linalg.norm(br - bl)) / 2
    height = (np.linalg.norm(bl - tl) + np.linalg.norm(br - tr)) / 2
    W, H = int(round(width)), int(round(height))
    M = cv2.getPerspectiveTransform(corners, np.float32([[0, 0], [W, 0], [W, H], [0, H]]))
    return cv2.warpPerspective(gray, M, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)


# ---------------------------------------------------------------------------------------------- light


def flatten_light(gray: Any) -> tuple[Any, bool]:
    import cv2
    h, w = gray.shape
    scale = 500.0 / max(h, w)
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    background = cv2.morphologyEx(small, cv2.MORPH_CLOSE, np.ones((21, 21), np.uint8))
    background = cv2.GaussianBlur(background, (31, 31), 0)
    if float(background.std()) < LIGHT_UNEVEN_STD:
        return gray, False
    full = cv2.resize(background, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    out = gray.astype(np.float32) / np.maximum(full, 1.0) * 245.0
    return np.clip(out, 0, 255).astype(np.uint8), True


# ---------------------------------------------------------------------------------------------- skew


def skew_angle(gray: Any) -> float:
    """Degrees (counter-clockwise positive, as the ink lies) from the row profile of the ink on a small copy."""
    import cv2
    h, w = gray.shape
    scale = 700.0 / max(h, w)
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    _, ink = cv2.threshold(small, 0, 1, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    if ink.mean() < 0.003:
        return 0.0
    ink = ink.astype(np.float32)

    def sharpness(angle: float) -> float:
        M = cv2.getRotationMatrix2D((ink.shape[1] / 2, ink.shape[0] / 2), angle, 1.0)
        rows = cv2.warpAffine(ink, M, (ink.shape[1], ink.shape[0]), flags=cv2.INTER_NEAREST).sum(axis=1)
        return float(np.var(np.diff(rows)))

    coarse = max(np.arange(-SKEW_MAX_DEG, SKEW_MAX_DEG + 0.01, 0.5), key=sharpness)
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=sharpness)
    return float(round(fine, 2))


def rotate(gray: Any, angle: float) -> Any:
    import cv2
    h, w = gray.shape
    M = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(gray, M, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
