import pytest

from app.redirects import local_path_or


@pytest.mark.parametrize("target", ["/chair/", "/chair/polls/3/round?x=1", "/"])
def test_local_paths_are_kept(target):
    assert local_path_or(target, "/fallback") == target


@pytest.mark.parametrize(
    "target", [None, "", "https://evil.example/", "//evil.example/x", "/\\evil.example", "chair/"]
)
def test_anything_that_could_leave_the_site_falls_back(target):
    assert local_path_or(target, "/fallback") == "/fallback"
