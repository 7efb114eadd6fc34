"""Plain factories for the chair's and the desk's tests."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from app.extensions import db
from app.models import Conference, Delegate
from app.services.accounts import create_user


def login(client, role: str = "chair") -> None:
    create_user(f"{role}-user", "a long password", role)
    response = client.post("/login", data={"username": f"{role}-user",
                                           "password": "a long password"})
    assert response.status_code == 302


def make_conference(title: str = "Kreisparteitag Test") -> Conference:
    conference = Conference(title=title, organisation="KV Test", place="Halle 1")
    db.session.add(conference)
    db.session.commit()
    return conference


def make_delegate(conference: Conference, name: str, **fields: object) -> Delegate:
    delegate = Delegate(conference_id=conference.id, name=name, **fields)
    db.session.add(delegate)
    db.session.commit()
    return delegate


def roster_rows(conference: Conference) -> list[tuple[str, str, str, bool, bool]]:
    return [
        (d.name, d.delegation, d.quota_group, d.has_vote, d.is_substitute)
        for d in db.session.scalars(
            db.select(Delegate).where(Delegate.conference_id == conference.id)
            .order_by(Delegate.id)
        )
    ]


def pdf_pages(pdf: bytes) -> int:
    """Page objects in the PDF (fpdf2 writes them uncompressed)."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def render_png(pdf: bytes, folder: Path, *, dpi: int = 100) -> list[Path]:
    """Every page as PNG via poppler's pdftoppm (as a printer would see it)."""
    if shutil.which("pdftoppm") is None:  # pragma: no cover - poppler missing
        import pytest

        pytest.skip("pdftoppm is not installed")
    source = folder / "cards.pdf"
    source.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(source), str(folder / "page")],
                   check=True)
    return sorted(folder.glob("page-*.png"))


def decode_qr_codes(png: Path) -> list[str]:
    """All QR codes on a rendered page, decoded by zxing-cpp (skips when not installed)."""
    import pytest

    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    with Image.open(png) as image:
        found = zxingcpp.read_barcodes(image.convert("L"))
    return [code.text for code in found]
