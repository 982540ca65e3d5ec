"""notebooks/review.ipynb runs top to bottom on the bundled corpus's tables (nbclient, ipykernel)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

from extract.pipeline import Options, run

nbformat = pytest.importorskip("nbformat", reason="nbformat is not installed (pip install -e '.[test]')")
nbclient = pytest.importorskip("nbclient", reason="nbclient is not installed (pip install -e '.[test]')")
pytest.importorskip("ipykernel", reason="ipykernel is not installed (pip install -e '.[test]')")
pytest.importorskip("matplotlib", reason="matplotlib is not installed (pip install -e '.[test]')")

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "review.ipynb"
WHICH_PYTHON = "import sys; print(sys.executable)"


def _text(cell: dict) -> str:
    """All the text a cell printed or returned."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.extend(str(v) for k, v in output.get("data", {}).items() if k.startswith("text/"))
    return "\n".join(parts)


def _tagged(nb: dict, tag: str) -> dict:
    (cell,) = [c for c in nb["cells"] if tag in c.get("metadata", {}).get("tags", [])]
    return cell


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory, corpus_dir: Path) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("nb_out")
    run([str(corpus_dir / "articles")], out, Options())
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(WHICH_PYTHON))
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PROJFACTS_OUT", str(out))
        patch.setenv("MPLBACKEND", "Agg")
        client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=300,
                                         resources={"metadata": {"path": str(NOTEBOOK.parent)}})
        client.execute()
    return nb, out


def test_committed_without_outputs() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(not c.outputs and c.execution_count is None for c in code)


def test_runs_in_this_python(executed: tuple[dict, Path]) -> None:
    nb, _ = executed
    assert _text(nb["cells"][-1]).strip() == sys.executable


def test_outputs(executed: tuple[dict, Path]) -> None:
    nb, out = executed
    outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    assert not [o for o in outputs if o.get("name") == "stderr" and "Traceback" in o.get("text", "")]
    assert str(out) in _text(_tagged(nb, "locate"))
    for tag in ("month-totals", "timeline"):
        assert any("image/png" in o.get("data", {}) for o in _tagged(nb, tag)["outputs"]), tag
    with (out / "projects.csv").open(encoding="utf-8", newline="") as handle:
        provinces = {row["location"].split(", ")[-1] for row in csv.DictReader(handle) if row["location"]}
    totals = _text(_tagged(nb, "province-totals"))
    assert provinces and any(p in totals for p in provinces)
    assert "start_date" in _text(_tagged(nb, "missing"))
