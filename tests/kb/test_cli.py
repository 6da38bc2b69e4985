"""The ``kb`` command line: ingest, index, search, and clear refusals of bad input."""
import json
import shutil

import pytest

from search.fields import INDEX_FORMAT
from search.indexing import FORMAT, IndexStore
from tests.conftest import CORPUS, SEEDS
from tests.ingest.builders import docx_paragraph, make_docx, make_zip_bomb


def test_ingest_then_search(runner, tmp_path):
    result = runner("ingest", SEEDS, CORPUS / "laws" / "tre-em" / "56-2017-ND-CP.md")
    assert result.exit_code == 0, result.output
    assert "6 added, 0 updated, 0 unchanged, 0 duplicates, 0 refused" in result.output
    assert (tmp_path / "content" / "nghi-dinh-56-2017-nd-cp.md").is_file()
    result = runner("search", "trẻ em bị xâm hại", "--json")
    data = json.loads(result.output)
    assert data["results"][0]["id"] == "nghi-dinh-56-2017-nd-cp"
    assert data["results"][0]["anchor"].startswith("dieu-")
    assert data["interpreted"] is None  # typed with diacritics
    accent_free = json.loads(runner("search", "tre em bi xam hai", "--json").output)
    assert accent_free["interpreted"] == "trẻ em bị xâm hại"
    assert accent_free["results"][0]["id"] == "nghi-dinh-56-2017-nd-cp"
    assert json.loads(runner("search", "tre em bi xam hai", "--json", "--as-typed").output)[
        "interpreted"] is None
    questions = tmp_path / "questions.jsonl"
    questions.write_text('{"text": "Trẻ em bị xâm hại"}\n{"text": "tre em"}\n', encoding="utf-8")
    assert json.loads(runner("eval-restore", questions, "--json").output) == {
        "texts": 1, "syllables": 5, "correct": 5, "accuracy": 1.0, "texts_exact": 1.0}
    # ingesting the same files again changes nothing
    again = runner("ingest", SEEDS)
    assert "0 added, 0 updated, 5 unchanged" in again.output


def test_index_rebuild_and_sync(runner, tmp_path):
    runner("ingest", SEEDS / "000_2191742f163256cd.txt")
    assert "index rebuilt: 1 documents" in runner("index", "--rebuild").output
    assert "0 added, 0 updated, 0 deleted, 1 unchanged" in runner("index").output
    (tmp_path / "content" / "hoi-thao-quan-ly-truong-hop-tre-em-2018.md").unlink()
    assert "1 deleted" in runner("index").output


def test_a_plain_index_rebuilds_an_index_of_another_format(runner, tmp_path):
    """Boosts and analysis are baked into the index: a plain ``kb index`` rebuilds one written
    with another :data:`search.fields.INDEX_FORMAT` instead of updating it."""
    runner("ingest", SEEDS / "000_2191742f163256cd.txt")
    index = IndexStore(tmp_path / "instance" / "index")
    (index.root / index.generation() / FORMAT).write_text(str(INDEX_FORMAT + 1), encoding="utf-8")
    assert "index rebuilt: 1 documents" in runner("index").output
    assert index.format() == INDEX_FORMAT
    assert "1 unchanged" in runner("index").output


@pytest.mark.parametrize("name, text", [
    ("dictionary.yml", "- [trẻ em, trẻ nhỏ\n"),  # not YAML
    ("thesaurus.yml", "- tiền nuôi con\n"),  # a list, not expressions and their legal terms
    ("taxonomy.yml", "topics:\n  - slug: Bạo lực\n    vi: Bạo lực\n    en: Violence\n    terms: [bạo lực]\n"),
    ("places.yml", "entries:\n  - Hà Nội\n"),  # an entry without a name
    ("organizations.yml", "entries: [[\n"),  # not YAML
])
def test_a_malformed_data_file_ends_in_one_clear_line(runner, tmp_path, name, text):
    """A knowledge base's own data file that does not parse stops the command with its name and
    the problem, exit status 1, never a traceback (the runner would raise it)."""
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / name).write_text(text, encoding="utf-8")
    result = runner("ingest", SEEDS / "000_2191742f163256cd.txt")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and name in result.output
    assert not list((tmp_path / "content").glob("*.md"))


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


def test_dry_run_shows_what_would_change_and_writes_nothing(runner, tmp_path):
    dry = runner("ingest", "--dry-run", SEEDS)
    assert dry.exit_code == 0, dry.output
    assert "would be added: hoi-thao-quan-ly-truong-hop-tre-em-2018" in dry.output
    assert "5 added, 0 updated, 0 unchanged, 0 duplicates, 0 refused (dry run: nothing was written)" in dry.output
    assert not list((tmp_path / "content").glob("*.md"))
    assert not (tmp_path / "instance").exists() or not any((tmp_path / "instance").rglob("*"))
    runner("ingest", SEEDS)
    edited = tmp_path / "000.txt"
    edited.write_text((SEEDS / "000_2191742f163256cd.txt").read_text(encoding="utf-8").replace(
        "Hòa Bình", "Lai Châu"), encoding="utf-8")
    before = _snapshot(tmp_path / "content"), _snapshot(tmp_path / "instance")
    dry = runner("ingest", "--dry-run", edited)
    assert "would be updated: hoi-thao-quan-ly-truong-hop-tre-em-2018 (places, body)" in dry.output
    assert (_snapshot(tmp_path / "content"), _snapshot(tmp_path / "instance")) == before
    assert "1 updated" in runner("ingest", edited).output


def test_a_syndicated_copy_is_reported_as_a_duplicate_and_not_added(runner, tmp_path):
    runner("ingest", SEEDS / "002_a411828a2ea0e620.txt")
    lines = (SEEDS / "002_a411828a2ea0e620.txt").read_text(encoding="utf-8").split("\n")
    copy = tmp_path / "ban-sao.txt"  # another site: its own title and byline, the same story
    copy.write_text("\n".join(["Hương Sơn tập huấn cho 300 cán bộ làm công tác trẻ em", *lines[1:]]), encoding="utf-8")
    before = _snapshot(tmp_path / "content")
    result = runner("ingest", copy)
    assert result.exit_code == 0, result.output
    assert "duplicate: " in result.output and "duplicate of nang-cao-nang-luc-cho-doi-ngu-can-bo-lam-cong-tac-tre-em" \
        in result.output
    assert "0 added, 0 updated, 0 unchanged, 1 duplicates, 0 refused" in result.output
    assert _snapshot(tmp_path / "content") == before


def test_hostile_files_are_refused_one_by_one_and_change_nothing(runner, tmp_path):
    runner("ingest", SEEDS / "000_2191742f163256cd.txt")
    before = _snapshot(tmp_path / "content"), _snapshot(tmp_path / "instance")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    docx = make_docx(docx_paragraph("Sổ tay quản lý trường hợp", "Title"), docx_paragraph("Nội dung sổ tay. " * 50))
    (inbox / "cat-doi.docx").write_bytes(docx[: len(docx) // 2])
    (inbox / "bom.docx").write_bytes(make_zip_bomb(60))
    (inbox / "ngau-nhien.txt").write_bytes(bytes(range(256)) * 16)
    (inbox / "chi-script.html").write_text("<html><body><script>alert(1)</script></body></html>")
    with (inbox / "lon.txt").open("wb") as handle:
        handle.truncate(21 * 2**20)
    result = runner("ingest", inbox)
    assert result.exit_code == 1
    for message in ["cat-doi.docx: the DOCX file is damaged or truncated", "bom.docx: the archive would unpack to 60 MB",
                    "ngau-nhien.txt:", "chi-script.html:", "lon.txt: the file is 21 MB, over the 20 MB limit"]:
        assert f"refused: {inbox / message}" in result.output or f"refused: {inbox}/{message}" in result.output, message
    assert "0 added, 0 updated, 0 unchanged, 0 duplicates, 5 refused" in result.output
    assert (_snapshot(tmp_path / "content"), _snapshot(tmp_path / "instance")) == before


def test_progress_bar_for_long_runs(runner, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for number in range(22):
        shutil.copy(SEEDS / "000_2191742f163256cd.txt", inbox / f"{number:02d}.txt")
    result = runner("ingest", "--dry-run", inbox)
    assert "ingest" in result.stderr  # the progress bar's label, on stderr
    assert "1 added, 0 updated, 21 unchanged, 0 duplicates" in result.stdout  # one source, one document


def test_raw_documents_reingest_in_place(runner, tmp_path):
    sources = [CORPUS / "admin" / "432-TB-VPTW-2025__tre-em-co-hoan-canh-dac-biet__raw.md",
               CORPUS / "phapdien-raw" / "xa-hoi__cong-dien-46-2026-cd-ttg-phong-chong-duoi-nuoc-tre-em.md",
               CORPUS / "laws" / "tre-em" / "28-2019-TT-BLDTBXH.md"]
    first = runner("ingest", *sources)
    assert "3 added" in first.output, first.output
    stored = (tmp_path / "content" / "cong-dien-46-cd-ttg-2026.md").read_text(encoding="utf-8")
    for line in ["title: Công điện 46/CĐ-TTg về tiếp tục tăng cường công tác phòng, chống đuối nước đối với trẻ em",
                 "number: 46/CĐ-TTg", "doc_type: Công điện", "issuer: Thủ tướng Chính phủ", "issued: '2026-07-11'",
                 "validity: còn hiệu lực", "- text: Công điện số 40/CĐ-TTg"]:
        assert line in stored.split("\n"), line
    title = "title: Thông tư 28/2019/TT-BLĐTBXH hướng dẫn tổ chức Tháng hành động vì trẻ em"
    assert title in (tmp_path / "content" / "thong-tu-28-2019-tt-bldtbxh.md").read_text(encoding="utf-8")
    again = runner("ingest", *sources)
    assert "0 added, 0 updated, 3 unchanged, 0 duplicates, 0 refused" in again.output
