from datetime import date

import pytest

from summarizer.errors import InputError, UsageError
from summarizer.ingest import expand_paths, make_article, model_view, read_article
from tests.conftest import STRIKE_ARTICLE


def test_header_gives_title_outlet_and_date():
    article = make_article(STRIKE_ARTICLE, "x.txt")
    assert article.title == "Coalition drone kills commander near Port Vell"
    assert article.outlet == "NRA"
    assert article.published == date(2031, 3, 12)
    assert article.text == STRIKE_ARTICLE
    assert len(article.id) == 16 and make_article(STRIKE_ARTICLE).id == article.id


def test_article_without_header_has_no_guessed_metadata():
    article = make_article("A long opening sentence about a strike that happened somewhere far away, "
                           "reported by nobody in particular, on a day that is not given.\n")
    assert (article.title, article.outlet, article.published) == (None, None, None)


def test_read_more_footer_names_the_outlet():
    article = make_article("Title of a story about a strike\n\nBody.\n\nCLICK HERE TO READ MORE FROM THE DAILY LEDGER\n")
    assert article.outlet == "Daily Ledger"


def test_model_view_drops_page_furniture_but_keeps_reporting():
    view = model_view(make_article(STRIKE_ARTICLE))
    assert "Leave a Reply" not in view
    assert "cowardly crime" in view


def test_unreadable_inputs_fail_with_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(b"\x89PNG\x00\x00\x01")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9 strike".encode("latin-1"))
    for path, words in ((empty, "empty"), (binary, "binary"), (latin, "UTF-8")):
        with pytest.raises(InputError) as info:
            read_article(str(path))
        assert words in str(info.value) and "\n" not in str(info.value)


def test_paths_expand_folders_and_globs_in_order(tmp_path):
    for name in ("b.txt", "a.txt", "notes.json", ".hidden.txt"):
        (tmp_path / name).write_text("text")
    assert expand_paths([str(tmp_path)]) == [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    assert expand_paths([str(tmp_path / "*.txt"), str(tmp_path / "a.txt")]) == [
        str(tmp_path / "a.txt"), str(tmp_path / "b.txt")]
    with pytest.raises(UsageError, match="no such file"):
        expand_paths([str(tmp_path / "missing.txt")])
    with pytest.raises(UsageError, match="no file matches"):
        expand_paths([str(tmp_path / "*.md")])


def test_photo_captions_are_not_read_by_the_model():
    text = ("Strike hits depot\n"
            "A drone at an air base in 2007. (Jan Novak/Getty Images)\n"
            "The strike hit a depot in Lake Orm on Tuesday.\n"
            "Troops on patrol. File Photo by Ana Ruiz/UPI\n")
    view = model_view(make_article(text))
    assert "Lake Orm" in view and "air base" not in view and "patrol" not in view
