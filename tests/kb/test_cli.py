"""The ``kb`` command line: ingest, index, search, and clear refusals of bad input."""
import json

from tests.conftest import CORPUS, SEEDS


def test_ingest_then_search(runner, tmp_path):
    result = runner("ingest", SEEDS, CORPUS / "laws" / "tre-em" / "56-2017-ND-CP.md")
    assert result.exit_code == 0, result.output
    assert "6 added, 0 updated, 0 unchanged, 0 refused" in result.output
    assert (tmp_path / "content" / "nghi-dinh-56-2017-nd-cp.md").is_file()
    result = runner("search", "trẻ em bị xâm hại", "--json")
    data = json.loads(result.output)
    assert data["results"][0]["id"] == "nghi-dinh-56-2017-nd-cp"
    assert data["results"][0]["anchor"].startswith("dieu-")
    # ingesting the same files again changes nothing
    again = runner("ingest", SEEDS)
    assert "0 added, 0 updated, 5 unchanged" in again.output


def test_index_rebuild_and_sync(runner, tmp_path):
    runner("ingest", SEEDS / "000_2191742f163256cd.txt")
    assert "index rebuilt: 1 documents" in runner("index", "--rebuild").output
    assert "0 added, 0 updated, 0 deleted, 1 unchanged" in runner("index").output
    (tmp_path / "content" / "hoi-thao-quan-ly-truong-hop-tre-em-2018.md").unlink()
    assert "1 deleted" in runner("index").output


def _snapshot(folder):
    return {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_bad_input_is_refused_and_changes_nothing(runner, tmp_path):
    runner("ingest", SEEDS / "000_2191742f163256cd.txt")
    before = _snapshot(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    for path, message in [(tmp_path / "missing.txt", "no such file or folder"),
                          (empty, "empty"), (binary, "not supported")]:
        result = runner("ingest", path)
        assert result.exit_code != 0
        assert message in result.output
    empty.unlink()
    binary.unlink()
    assert _snapshot(tmp_path) == before
